/**
 * The outbox worker: hands each due row to the deliverer registered for its kind (applications
 * register the intake submission; ratings the 好差评 pushes). Rows are written in the same transaction
 * as the state change (enqueue, outbox.ts), so nothing a citizen submitted is lost; delivery is
 * at-least-once and the province deduplicates on our reference (application id / rating id), and the
 * deliverers record a result only once, so nothing is submitted twice.
 *
 * Claiming: `FOR UPDATE SKIP LOCKED` picks due rows no other worker is looking at, and the claim
 * sets a lease (`leased_until`), so two BFF instances never send the same row at the same time; a
 * worker that dies mid-send leaves the row to be retried when the lease ends.
 * Failures back off exponentially (1 s, 2 s, 4 s … capped at MAX_BACKOFF_MS). So that a long
 * outage does not leave deliveries waiting out a long backoff after the province is back, the
 * worker then probes the province's /health on every poll; when it turns from failing to healthy,
 * every backed-off row is due at once.
 */
import { and, eq, gt, inArray, isNull, lt, lte, or } from 'drizzle-orm'
import type { Db } from '../db/connect'
import type { AppSchema } from '../db/schema'
import { AppError } from '../lib/errors'
import type { Logger } from '../lib/logger'
import { UpstreamRejection } from '../upstream/client'
import type { Deliverer } from './outbox'
import { outbox } from './outbox.schema'

export const LEASE_MS = 30_000
export const BASE_BACKOFF_MS = 1000
export const MAX_BACKOFF_MS = 30_000
const BATCH = 10

type Row = { id: number; kind: string; ref: string; attempts: number }

/** What the worker needs (a part of the app's Deps). */
export interface OutboxDeps {
  db: Db<AppSchema>
  /** The province, probed after deliveries failed because it was unreachable. */
  upstream: { health(): Promise<unknown> }
  logger: Logger
  now(): Date
  config: { applications: { outboxPollMs: number } }
}

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1))
}

export interface Outbox {
  /** Registers the deliverers of a feature (at wiring time, before start). */
  register(deliverers: readonly Deliverer[]): void
  /** One pass over due rows; resolves with how many were delivered and how many failed. */
  runOnce(): Promise<{ delivered: number; failed: number }>
  /** Delivers one row now if it is due and nobody else holds it (a handler's fast path). */
  deliverNow(kind: string, ref: string): Promise<boolean>
  start(): void
  stop(): Promise<void>
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const deliverers = new Map<string, Deliverer>()
  let chain: Promise<unknown> = Promise.resolve()
  let busy = 0
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  /** A delivery failed because the province was unreachable: probe its health on each poll. */
  let suspect = false
  /** The last probe failed: the next healthy probe means the province came back. */
  let seenDown = false

  async function claim(filter?: { kind: string; ref: string }): Promise<Row[]> {
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

  /** true: delivered; 'upstream': the province was unreachable; false: another failure. */
  async function process(row: Row): Promise<true | 'upstream' | false> {
    try {
      const deliverer = deliverers.get(row.kind)
      if (!deliverer) throw new Error(`no deliverer registered for ${row.kind}`)
      await deliverer.deliver(row.ref)
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
        const rows = await claim()
        for (const [i, r] of rows.entries()) {
          if (stopped) {
            // Shutting down: hand the rest back at once instead of leaving them leased.
            const rest = rows.slice(i).map((x) => x.id)
            await deps.db.update(outbox).set({ leasedUntil: null }).where(inArray(outbox.id, rest))
            return
          }
          const result = await process(r)
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
    register(list) {
      for (const d of list) {
        if (deliverers.has(d.kind)) throw new Error(`outbox: a deliverer for ${d.kind} is registered already`)
        deliverers.set(d.kind, d)
      }
    },
    runOnce,
    async deliverNow(kind, ref) {
      const rows = await claim({ kind, ref })
      let ok = false
      for (const r of rows) {
        const result = await process(r)
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
