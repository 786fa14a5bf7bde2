/**
 * The outbox worker: delivers submitted applications to the provincial intake and ratings to the
 * 好差评 sink. Rows are written in the same transaction as the state change (applications.service),
 * so nothing a citizen submitted is lost; delivery is at-least-once and the province deduplicates on
 * our reference (application id / rating id), and our state machine records a 接件编码 only once, so
 * nothing is submitted twice.
 *
 * Claiming: `FOR UPDATE SKIP LOCKED` picks due rows no other worker is looking at, and the claim
 * sets a lease (`leased_until`), so two BFF instances never send the same row at the same time; a
 * worker that dies mid-send leaves the row to be retried when the lease ends.
 * Failures back off exponentially (1 s, 2 s, 4 s … capped at MAX_BACKOFF_MS). So that a long
 * outage does not leave deliveries waiting out a long backoff after the province is back, the
 * worker then probes the province's /health on every poll; when it turns from failing to healthy,
 * every backed-off row is due at once.
 */
import { and, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { applicationTypeOf } from '@bdc/shared/applications-dict'
import type { Deps } from '../../env'
import { audit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { UpstreamRejection } from '../../upstream/client'
import { ratingPushBody } from '../ratings/rating-common'
import { deliverAppointmentRating } from '../ratings/ratings.service'
import { applicationEvents, applicationMaterials, applicationRatings, applications, outbox } from './applications.schema'

export const LEASE_MS = 30_000
export const BASE_BACKOFF_MS = 1000
export const MAX_BACKOFF_MS = 30_000
const BATCH = 10

type Row = { id: number; kind: 'intake.submit' | 'rating.push' | 'appointment-rating.push'; ref: string; attempts: number }

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1))
}

async function claim(deps: Deps, filter?: { kind: Row['kind']; ref: string }): Promise<Row[]> {
  return deps.db.transaction(async (tx) => {
    const now = deps.now()
    const where = and(
      eq(outbox.status, 'pending'),
      lte(outbox.nextAttemptAt, now),
      or(isNull(outbox.leasedUntil), lt(outbox.leasedUntil, now)),
      ...(filter ? [eq(outbox.kind, filter.kind), eq(outbox.ref, filter.ref)] : []),
    )
    const rows = await tx
      .select({ id: outbox.id, kind: outbox.kind, ref: outbox.ref, attempts: outbox.attempts })
      .from(outbox)
      .where(where)
      .orderBy(outbox.nextAttemptAt, outbox.id)
      .limit(BATCH)
      .for('update', { skipLocked: true })
    if (rows.length) {
      await tx
        .update(outbox)
        .set({ leasedUntil: new Date(now.getTime() + LEASE_MS) })
        .where(inArray(outbox.id, rows.map((r) => r.id)))
    }
    return rows
  })
}

/** Sends one submission; records the 接件编码 (once) and moves 待推送 → 已提交. */
async function deliverSubmission(deps: Deps, applicationId: string): Promise<void> {
  const row = (await deps.db.select().from(applications).where(eq(applications.id, applicationId)))[0]
  if (!row) return // deleted drafts never reach the outbox; nothing to send
  const type = applicationTypeOf(row.type)!
  const materials = await deps.db
    .select({ kind: applicationMaterials.kind, sha256: applicationMaterials.sha256, bytes: applicationMaterials.bytes })
    .from(applicationMaterials)
    .where(eq(applicationMaterials.applicationId, applicationId))
  const r = await deps.upstream.intakeSubmit({
    clientRef: row.id,
    itemCode: type.code,
    itemName: type.label,
    unitCode: row.unitCode,
    divisionCode: row.divisionCode,
    applicant: {
      holder: { idType: row.applicantIdType as never, idNumber: deps.cipher.open(row.applicantIdSealed) },
      name: deps.cipher.open(row.applicantNameSealed),
    },
    form: JSON.parse(deps.cipher.open(row.formSealed)) as Record<string, string>,
    materials,
    channel: row.channel,
    callbackUrl: deps.config.applications.callbackUrl,
    submittedAt: (row.submittedAt ?? row.createdAt).toISOString(),
  })
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

async function deliverRating(deps: Deps, ratingId: string): Promise<void> {
  const found = await deps.db
    .select({ r: applicationRatings, a: applications })
    .from(applicationRatings)
    .innerJoin(applications, eq(applications.id, applicationRatings.applicationId))
    .where(eq(applicationRatings.id, ratingId))
  const x = found[0]
  if (!x) return
  if (x.r.pushedAt) return
  const type = applicationTypeOf(x.a.type)!
  await deps.upstream.ratingPush(
    ratingPushBody(deps, x.r, { serviceNo: x.a.receiptNo ?? x.a.id, itemName: type.label, department: type.department, divisionCode: x.a.divisionCode }),
  )
  await deps.db.update(applicationRatings).set({ pushedAt: deps.now() }).where(eq(applicationRatings.id, ratingId))
  await audit(deps.db, { action: 'rating.delivered', actor: x.a.owner, target: x.a.id, outcome: 'ok' })
}

/** true: delivered; 'upstream': the province was unreachable; false: another failure. */
async function process(deps: Deps, row: Row): Promise<true | 'upstream' | false> {
  try {
    if (row.kind === 'intake.submit') await deliverSubmission(deps, row.ref)
    else if (row.kind === 'rating.push') await deliverRating(deps, row.ref)
    else await deliverAppointmentRating(deps, row.ref)
    await deps.db
      .update(outbox)
      .set({ status: 'done', doneAt: deps.now(), attempts: row.attempts + 1, lastError: null, leasedUntil: null })
      .where(eq(outbox.id, row.id))
    return true
  } catch (e) {
    const code = e instanceof AppError ? e.code : e instanceof UpstreamRejection ? `REJECTED_${e.status}_${e.upstreamCode}` : 'ERROR'
    if (!(e instanceof AppError) && !(e instanceof UpstreamRejection)) deps.logger.error('outbox delivery failed', { kind: row.kind, id: row.id, error: (e as Error).name })
    else deps.logger.warn('outbox delivery deferred', { kind: row.kind, id: row.id, attempts: row.attempts + 1, code })
    await deps.db
      .update(outbox)
      .set({ attempts: row.attempts + 1, lastError: code, leasedUntil: null, nextAttemptAt: new Date(deps.now().getTime() + backoffMs(row.attempts + 1)) })
      .where(eq(outbox.id, row.id))
    return code === 'UPSTREAM_UNAVAILABLE' || code === 'UPSTREAM_TIMEOUT' ? 'upstream' : false
  }
}

export interface OutboxWorker {
  /** One pass over due rows; resolves with how many were delivered and how many failed. */
  runOnce(): Promise<{ delivered: number; failed: number }>
  /** Delivers one row now if it is due and nobody else holds it (the submit handler's fast path). */
  deliverNow(kind: Row['kind'], ref: string): Promise<boolean>
  start(): void
  stop(): Promise<void>
}

export function createOutboxWorker(deps: Deps): OutboxWorker {
  let chain: Promise<unknown> = Promise.resolve()
  let busy = 0
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  /** A delivery failed because the province was unreachable: probe its health on each poll. */
  let suspect = false
  /** The last probe failed: the next healthy probe means the province came back. */
  let seenDown = false

  /** true when the province just came back and backed-off rows were made due. */
  async function probe(): Promise<boolean> {
    try {
      await deps.upstream.health()
    } catch {
      seenDown = true
      return false
    }
    suspect = false
    if (!seenDown) return false
    seenDown = false
    const now = deps.now()
    const pulled = await deps.db
      .update(outbox)
      .set({ nextAttemptAt: now })
      .where(and(eq(outbox.status, 'pending'), gt(outbox.nextAttemptAt, now), or(isNull(outbox.leasedUntil), lt(outbox.leasedUntil, now))))
      .returning({ id: outbox.id })
    if (pulled.length) deps.logger.info('outbox: province is back, retrying now', { rows: pulled.length })
    return pulled.length > 0
  }

  async function pass() {
    const counts = { delivered: 0, failed: 0 }
    const drain = async () => {
      for (;;) {
        const rows = await claim(deps)
        for (const [i, r] of rows.entries()) {
          if (stopped) {
            // Shutting down: hand the rest back at once instead of leaving them leased.
            const rest = rows.slice(i).map((x) => x.id)
            await deps.db.update(outbox).set({ leasedUntil: null }).where(inArray(outbox.id, rest))
            return
          }
          const result = await process(deps, r)
          if (result === true) counts.delivered++
          else {
            counts.failed++
            if (result === 'upstream') suspect = true
          }
        }
        if (rows.length < BATCH || stopped) return
      }
    }
    await drain()
    // The province just came back: deliver what waited for it in this same pass.
    if (suspect && !stopped && (await probe())) await drain()
    return counts
  }

  /** Passes run one after another; a pass requested now starts after the current one. */
  const runOnce = () => {
    busy++
    const p = chain.then(pass, pass).finally(() => busy--)
    chain = p.catch(() => undefined)
    return p
  }

  return {
    runOnce,
    async deliverNow(kind, ref) {
      const rows = await claim(deps, { kind, ref })
      let ok = false
      for (const r of rows) {
        const result = await process(deps, r)
        if (result === true) ok = true
        else if (result === 'upstream') suspect = true
      }
      return ok
    },
    start() {
      if (timer) return
      stopped = false
      timer = setInterval(() => {
        if (busy) return
        runOnce().catch((e: unknown) => deps.logger.error('outbox pass failed', { error: (e as Error).message }))
      }, deps.config.applications.outboxPollMs)
      timer.unref()
    },
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      timer = undefined
      await chain
    },
  }
}
