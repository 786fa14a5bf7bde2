/**
 * Data that expires (issue 12 §7): a scheduled purge of the rows that stop meaning anything, each
 * table with its retention (README, "Data that expires"). Audit tables are not purged here (their
 * own retention and archive, lib/audit.ts).
 *
 * Safe with several BFF instances on one database: each batch is one transaction that first takes
 * `pg_try_advisory_xact_lock(PURGE_LOCK)` — if another instance holds it, this one skips the round —
 * and then deletes at most BATCH rows per table (`ctid in (select ctid … limit n for update skip
 * locked)`), so a purge never holds many locks or blocks the rows requests are using. Batches repeat
 * until a round deletes nothing (or MAX_BATCHES, the rest waits for the next round).
 */
import { sql } from 'drizzle-orm'
import type { Deps } from '../env'
import { rowsOf } from '../lib/db-rows'
import { errorFields } from '../lib/logger'

const DAY = 86_400_000

/** What is purged, and after how long (ms after the row's own time stops mattering). */
export const RETENTION = {
  /** OAuth state of a pending H5 login: useless once expired (10 minutes); kept 1 hour past that. */
  login_states: 3_600_000,
  /** Sessions: kept 30 days after they ended or expired (which session did what, with the audit log), then gone with their sealed name and ID number. */
  sessions: 30 * DAY,
  /** Face-check challenges (outcome, scores, timing — never frames): 30 days after issue (the lock needs only the last hour). */
  liveness_challenges: 30 * DAY,
  /** Rate-limit buckets: as soon as the bucket is full again (its TAT has passed, lib/rate-limit.ts) the row says nothing. */
  rate_limits: 0,
  /** Nonces of institutions' signed requests: as soon as their timestamp can no longer pass (features/institutions). */
  institution_nonces: 0,
  /** Idempotency keys of booking requests: 1 day (a retried tap comes within minutes). */
  appt_booking_requests: 1 * DAY,
} as const
export type PurgedTable = keyof typeof RETENTION

/** Which rows of each table are past retention, given the cutoff `$cutoff` (now − retention). */
const CONDITION: Record<PurgedTable, (cutoff: Date) => ReturnType<typeof sql>> = {
  login_states: (c) => sql`expires_at < ${c.toISOString()}::timestamptz`,
  sessions: (c) => sql`(expires_at < ${c.toISOString()}::timestamptz or ended_at < ${c.toISOString()}::timestamptz)`,
  liveness_challenges: (c) => sql`issued_at < ${c.toISOString()}::timestamptz`,
  rate_limits: (c) => sql`expires_at < ${c.toISOString()}::timestamptz`,
  institution_nonces: (c) => sql`expires_at < ${c.toISOString()}::timestamptz`,
  appt_booking_requests: (c) => sql`created_at < ${c.toISOString()}::timestamptz`,
}

export const PURGE_BATCH = 1000
const MAX_BATCHES = 100
/** The advisory lock of the purge (any fixed number; only the purge takes it). */
const PURGE_LOCK = 0x6264_6370 // 'bdcp'

export interface PurgeResult {
  /** false: another instance was purging; this one skipped the round. */
  ran: boolean
  deleted: Record<PurgedTable, number>
}

/** One purge round now (the scheduler calls it; tests call it with the controllable clock). */
export async function purgeExpired(deps: Pick<Deps, 'db' | 'now'>, opts: { batch?: number } = {}): Promise<PurgeResult> {
  const batch = opts.batch ?? PURGE_BATCH
  const now = deps.now().getTime()
  const tables = Object.keys(RETENTION) as PurgedTable[]
  const deleted = Object.fromEntries(tables.map((t) => [t, 0])) as Record<PurgedTable, number>
  for (let round = 0; round < MAX_BATCHES; round++) {
    const got = await deps.db.transaction(async (tx) => {
      const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${PURGE_LOCK}::bigint) as ok`))
      if (!lock?.ok) return null
      const counts: number[] = []
      for (const t of tables) {
        const cond = CONDITION[t](new Date(now - RETENTION[t]))
        const rows = rowsOf<{ n: number }>(
          await tx.execute(sql`with gone as (
            delete from ${sql.identifier(t)} where ctid in (select ctid from ${sql.identifier(t)} where ${cond} limit ${batch}::int for update skip locked)
            returning 1)
            select count(*)::int as n from gone`),
        )
        counts.push(Number(rows[0]?.n ?? 0))
      }
      return counts
    })
    if (!got) return { ran: round > 0, deleted }
    got.forEach((n, i) => (deleted[tables[i]!] += n))
    if (got.every((n) => n < batch)) break
  }
  return { ran: true, deleted }
}

/** The scheduler: a round at start and every `intervalMs` (0: never); stop() waits for a round in progress. */
export function createPurge(deps: Pick<Deps, 'db' | 'now' | 'logger'>, intervalMs: number) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  const round = () => {
    if (running) return
    running = purgeExpired(deps)
      .then((r) => {
        const total = Object.values(r.deleted).reduce((a, b) => a + b, 0)
        if (total) deps.logger.info('purge', { ...r.deleted })
      })
      .catch((e: unknown) => deps.logger.error('purge failed', errorFields(e)))
      .finally(() => (running = undefined))
  }
  return {
    start() {
      if (!intervalMs || timer) return
      round()
      timer = setInterval(round, intervalMs)
      timer.unref()
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await running
    },
  }
}
