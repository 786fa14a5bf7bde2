/**
 * One definition of a 好差评 record for both kinds (application, appointment): the stored values,
 * the API view, and the body pushed to the provincial sink.
 */
import { ratingLabel } from '@bdc/shared/applications-dict'
import type { Rating } from '@bdc/shared/applications'
import type { Deps } from '../../env'
import type { RatingPushRequest } from '@bdc/shared/province-contract'

export interface StoredRating {
  id: string
  level: number
  tags: string[]
  textSealed: string | null
  reasonSealed: string | null
  channel: string
  createdAt: Date
  pushedAt: Date | null
}

const CHANNEL_LABELS: Record<string, string> = { weapp: '天府通办小程序', h5: '天府通办H5' }

/** Columns to insert for a new rating (text and reason sealed: they may name people). */
export function ratingValues(deps: Deps, channel: string, body: { level: number; tags: string[]; text?: string; reason?: string }, at: Date) {
  return {
    level: body.level,
    tags: [...new Set(body.tags)],
    textSealed: body.text ? deps.cipher.seal(body.text) : null,
    reasonSealed: body.reason ? deps.cipher.seal(body.reason) : null,
    channel,
    createdAt: at,
  }
}

export function ratingView(deps: Deps, r: StoredRating): Rating {
  return {
    id: r.id,
    level: r.level,
    label: ratingLabel(r.level),
    tags: r.tags,
    text: r.textSealed ? deps.cipher.open(r.textSealed) : null,
    reason: r.reasonSealed ? deps.cipher.open(r.reasonSealed) : null,
    createdAt: r.createdAt.toISOString(),
    pushed: r.pushedAt !== null,
  }
}

/** What the 好差评 sink receives: 办件编号, 事项, 部门, 区划, 渠道, the rating and its time. */
export function ratingPushBody(
  deps: Deps,
  r: StoredRating,
  service: { serviceNo: string; itemName: string; department: string; divisionCode: string },
): RatingPushRequest {
  const v = ratingView(deps, r)
  return {
    ratingId: r.id,
    ...service,
    channel: CHANNEL_LABELS[r.channel] ?? r.channel,
    level: r.level,
    levelLabel: v.label,
    tags: r.tags,
    text: v.text,
    reason: v.reason,
    ratedAt: v.createdAt,
  }
}
