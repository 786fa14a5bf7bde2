/**
 * Our records → the bodies the provincial intake (互联网接件) and the 好差评 sink receive. The only
 * place that knows how the province wants a submission or a rating spelled.
 */
import type { Rating } from '@bdc/shared/applications'
import type { IntakeSubmitRequest, RatingPushRequest } from '@bdc/shared/province-contract'

const CHANNEL_LABELS: Record<string, string> = { weapp: '天府通办小程序', h5: '天府通办H5' }

/** What the 好差评 sink receives: 办件编号, 事项, 部门, 区划, 渠道, the rating and its time. */
export function toRatingPushRequest(
  rating: Rating,
  channel: string,
  service: { serviceNo: string; itemName: string; department: string; divisionCode: string },
): RatingPushRequest {
  return {
    ratingId: rating.id,
    ...service,
    channel: CHANNEL_LABELS[channel] ?? channel,
    level: rating.level,
    levelLabel: rating.label,
    tags: rating.tags,
    text: rating.text,
    reason: rating.reason,
    ratedAt: rating.createdAt,
  }
}

/** One submitted application as the intake receives it (materials as digests: photos stay with us). */
export function toIntakeSubmitRequest(a: {
  id: string
  item: { code: IntakeSubmitRequest['itemCode']; label: string }
  unitCode: string
  divisionCode: string
  applicant: { idType: IntakeSubmitRequest['applicant']['holder']['idType']; idNumber: string; name: string }
  form: Record<string, string>
  materials: { kind: string; sha256: string; bytes: number }[]
  channel: IntakeSubmitRequest['channel']
  callbackUrl: string
  submittedAt: Date
}): IntakeSubmitRequest {
  return {
    clientRef: a.id,
    itemCode: a.item.code,
    itemName: a.item.label,
    unitCode: a.unitCode,
    divisionCode: a.divisionCode,
    applicant: { holder: { idType: a.applicant.idType, idNumber: a.applicant.idNumber }, name: a.applicant.name },
    form: a.form,
    materials: a.materials,
    channel: a.channel,
    callbackUrl: a.callbackUrl,
    submittedAt: a.submittedAt.toISOString(),
  }
}
