/**
 * What applications hand to the outbox, and how each is delivered: a submission to the provincial
 * intake (recording its 接件编码 once, 待推送 → 已提交), and an application's rating to the 好差评
 * sink. The province deduplicates on our references (application id, rating id).
 */
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { IdTypeCode } from '@bdc/shared/dict'
import type { Deps } from '../../env'
import { audit } from '../../lib/audit'
import { toIntakeSubmitRequest, toRatingPushRequest } from '../../upstream/mapping/intake'
import { ratingView } from '../ratings/ratings.service'
import { typeDefOf } from './applications.forms'
import { applicationEvents, applicationMaterials, applicationRatings, applications } from './applications.schema'

/** Outbox kind of a submitted application on its way to the provincial intake. */
export const INTAKE_SUBMIT = 'intake.submit'
/** Outbox kind of an application's rating on its way to the 好差评 sink. */
export const RATING_PUSH = 'rating.push'

/** Sends one submission; records the 接件编码 (once) and moves 待推送 → 已提交. */
export async function deliverSubmission(deps: Deps, applicationId: string): Promise<void> {
  const row = (await deps.db.select().from(applications).where(eq(applications.id, applicationId)))[0]
  if (!row) return // deleted drafts never reach the outbox; nothing to send
  const materials = await deps.db
    .select({ kind: applicationMaterials.kind, sha256: applicationMaterials.sha256, bytes: applicationMaterials.bytes })
    .from(applicationMaterials)
    .where(eq(applicationMaterials.applicationId, applicationId))
  const r = await deps.upstream.intakeSubmit(
    toIntakeSubmitRequest({
      id: row.id,
      item: typeDefOf(row.type),
      unitCode: row.unitCode,
      divisionCode: row.divisionCode,
      applicant: { idType: row.applicantIdType as IdTypeCode, idNumber: deps.cipher.open(row.applicantIdSealed), name: deps.cipher.open(row.applicantNameSealed) },
      form: JSON.parse(deps.cipher.open(row.formSealed)) as Record<string, string>,
      materials,
      channel: row.channel,
      callbackUrl: deps.config.applications.callbackUrl,
      submittedAt: row.submittedAt ?? row.createdAt,
    }),
  )
  const recorded = await deps.db.transaction(async (tx) => {
    const at = deps.now()
    const updated = await tx
      .update(applications)
      .set({
        receiptNo: r.receiptNo,
        status: sql`case when ${applications.status} = 'pending_push' then 'submitted' else ${applications.status} end`,
        updatedAt: at,
      })
      .where(and(eq(applications.id, applicationId), isNull(applications.receiptNo)))
      .returning({ id: applications.id })
    if (!updated.length) return false
    await tx.insert(applicationEvents).values({
      applicationId,
      seq: 0,
      status: 'submitted',
      label: '已推送至省级系统',
      note: `统一接件编码 ${r.receiptNo}`,
      source: 'bff',
      at,
      receivedAt: at,
    })
    return true
  })
  if (recorded) await audit(deps.db, { action: 'application.delivered', actor: row.owner, target: applicationId, outcome: 'ok' })
}

/** Sends one application rating (办件编号 = the 接件编码) to the 好差评 sink. */
export async function deliverRating(deps: Deps, ratingId: string): Promise<void> {
  const found = await deps.db
    .select({ r: applicationRatings, a: applications })
    .from(applicationRatings)
    .innerJoin(applications, eq(applications.id, applicationRatings.applicationId))
    .where(eq(applicationRatings.id, ratingId))
  const x = found[0]
  if (!x) return
  if (x.r.pushedAt) return
  const type = typeDefOf(x.a.type)
  await deps.upstream.ratingPush(
    toRatingPushRequest(ratingView(deps, x.r), x.r.channel, {
      serviceNo: x.a.receiptNo ?? x.a.id,
      itemName: type.label,
      department: type.department,
      divisionCode: x.a.divisionCode,
    }),
  )
  await deps.db.update(applicationRatings).set({ pushedAt: deps.now() }).where(eq(applicationRatings.id, ratingId))
  await audit(deps.db, { action: 'rating.delivered', actor: x.a.owner, target: x.a.id, outcome: 'ok' })
}
