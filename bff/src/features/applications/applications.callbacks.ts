/**
 * Progress callbacks from the province (办件进度推送). Public path, no session: trust comes from
 * the signature (HMAC-SM3, upstream/intake.contract.ts), a ±5 minute timestamp window
 * (wall clock: this is transport security, not business time), and replay protection by event id
 * (a unique column; a replay is acknowledged without effect so the sender stops retrying).
 *
 * Out-of-order events: each carries the province's per-application `seq`; the timeline is ordered
 * by it, and only an event newer than the last applied one moves the status.
 */
import { and, eq, sql } from 'drizzle-orm'
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '@bdc/shared/applications-dict'
import type { Deps } from '../../env'
import { AppError, validationDetails } from '../../lib/errors'
import { CALLBACK_HEADERS, ProgressCallbackBody, verifyCallbackSignature } from '@bdc/shared/province-contract'
import { applicationEvents, applications } from './applications.schema'

export const CALLBACK_WINDOW_MS = 5 * 60_000

export async function handleProgressCallback(
  deps: Deps,
  headers: (name: string) => string | undefined,
  raw: string,
): Promise<{ duplicate: boolean; applicationId: string; status: string }> {
  const eventId = headers(CALLBACK_HEADERS.eventId) ?? ''
  const timestamp = headers(CALLBACK_HEADERS.timestamp) ?? ''
  const signature = headers(CALLBACK_HEADERS.signature) ?? ''
  if (!eventId || !/^\d{10,16}$/.test(timestamp) || !verifyCallbackSignature(deps.intakeCallbackKey, eventId, timestamp, raw, signature)) {
    throw new AppError('CALLBACK_SIGNATURE_INVALID')
  }
  if (Math.abs(Date.now() - Number(timestamp)) > CALLBACK_WINDOW_MS) throw new AppError('CALLBACK_STALE')
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    throw new AppError('MALFORMED_JSON')
  }
  const parsed = ProgressCallbackBody.safeParse(json)
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', validationDetails(parsed.error))
  const e = parsed.data
  if (e.eventId !== eventId) throw new AppError('CALLBACK_SIGNATURE_INVALID')

  return deps.db.transaction(async (tx) => {
    const found = await tx.select().from(applications).where(eq(applications.id, e.clientRef)).for('update')
    const app = found[0]
    if (!app || app.status === 'draft' || (app.receiptNo && app.receiptNo !== e.receiptNo)) throw new AppError('APPLICATION_NOT_FOUND')
    const at = new Date(e.at)
    const inserted = await tx
      .insert(applicationEvents)
      .values({
        applicationId: app.id,
        eventId: e.eventId,
        seq: e.seq,
        status: e.status,
        label: APPLICATION_STATUS_LABELS[e.status as ApplicationStatus],
        note: e.note,
        source: 'province',
        at: Number.isNaN(at.getTime()) ? deps.now() : at,
        receivedAt: deps.now(),
      })
      .onConflictDoNothing({ target: applicationEvents.eventId })
      .returning({ id: applicationEvents.id })
    if (!inserted.length) return { duplicate: true, applicationId: app.id, status: app.status }
    const outcome = e.status === 'correction_required' || e.status === 'rejected'
    if (e.seq > app.progressSeq) {
      await tx
        .update(applications)
        .set({
          status: e.status,
          statusNote: outcome ? e.note : null,
          progressSeq: e.seq,
          receiptNo: app.receiptNo ?? e.receiptNo,
          updatedAt: deps.now(),
        })
        .where(and(eq(applications.id, app.id), sql`${applications.progressSeq} < ${e.seq}`))
      return { duplicate: false, applicationId: app.id, status: e.status }
    }
    return { duplicate: false, applicationId: app.id, status: app.status }
  })
}
