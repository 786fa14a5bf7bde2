/**
 * Fixed-window rate limits kept in the database (table rate_limits), so every BFF instance on one
 * database counts together. Counting is an atomic upsert (`count = count + n … RETURNING count`):
 * never read-then-write.
 *
 * Hits are group-committed (lib/group-commit.ts): the hits that arrive while one upsert is in flight
 * go into the next one, summed per key, and each hit learns its own position in its window from
 * the returned total. Every hit is still counted in the database before it is answered, so the
 * limits stay exact across instances; under load one statement serves many requests.
 */
import type { Deps } from '../env'
import { preparedStatement } from './db-rows'
import { groupCommitPer } from './group-commit'

export interface Limit {
  windowMs: number
  max: number
}

export interface RateLimitResult {
  allowed: boolean
  /** Seconds until the latest exceeded window ends (for Retry-After); 0 when allowed. */
  retryAfter: number
}

export interface Hit {
  key: string
  windowStart: Date
  expiresAt: Date
  now: number
}

/** The hits of one request under `key`: one per window. */
export function hitsFor(key: string, limits: readonly Limit[], now: number): Hit[] {
  return limits.map((l) => {
    const start = Math.floor(now / l.windowMs) * l.windowMs
    return { key: `${key}:${l.windowMs}`, windowStart: new Date(start), expiresAt: new Date(start + l.windowMs), now }
  })
}

/**
 * The counting part of a batch statement, as common table expressions over parameters $1…$5 (four
 * arrays unnested by the server, and the batch's time; fixed text, so prepared once per connection):
 * `dropped` removes the finished windows of the batch's keys, so the table stays small without a
 * sweeper; `counted` adds the hits to their current windows and returns each window's total. The two
 * touch different rows (a finished window is never a current one). Another statement may add its own
 * parts after these (certificate verification logs in the same statement, features/certificates/certificates.verify.ts).
 */
export const COUNT_HITS_CTES = `
  dropped as (
    delete from rate_limits where key = any($1::text[]) and expires_at < to_timestamp($5 / 1000.0)
  ),
  counted as (
    insert into rate_limits (key, window_start, count, expires_at)
    select k, to_timestamp(ws / 1000.0), n, to_timestamp(ex / 1000.0)
      from unnest($1::text[], $2::float8[], $3::int[], $4::float8[]) as t(k, ws, n, ex)
    on conflict (key, window_start) do update set count = rate_limits.count + excluded.count
    returning key, (extract(epoch from window_start) * 1000)::float8 as ws, count
  )`

/** A batch of hits grouped by window: the parameters $1…$5 of COUNT_HITS_CTES and, per hit, how many share its window (n) and which of them it is (nth). */
export function groupHits(hits: Hit[]) {
  const slot = (h: Hit) => `${h.key}\u0000${h.windowStart.getTime()}`
  const groups = new Map<string, { hit: Hit; n: number }>()
  // i: the hit's number among the batch's hits of its window (1-based)
  const nth = hits.map((h) => {
    const g = groups.get(slot(h))
    if (g) return ++g.n
    groups.set(slot(h), { hit: h, n: 1 })
    return 1
  })
  const g = [...groups.values()]
  const params = [
    g.map((x) => x.hit.key),
    g.map((x) => x.hit.windowStart.getTime()),
    g.map((x) => x.n),
    g.map((x) => x.hit.expiresAt.getTime()),
    Math.min(...hits.map((h) => h.now)),
  ]
  // n: how many of the batch's hits share each hit's window
  const n = hits.map((h) => groups.get(slot(h))!.n)
  /** Each hit's count in its window (its position) from the totals `counted` returned: total − n + nth. */
  const positions = (rows: { key: string; ws: number; count: number }[]) => {
    const total = new Map(rows.map((r) => [`${r.key}\u0000${Number(r.ws)}`, Number(r.count)]))
    return hits.map((h, i) => (total.get(slot(h)) ?? 0) - n[i]! + nth[i]!)
  }
  return { params, n, nth, positions }
}

const countHits = preparedStatement<{ key: string; ws: number; count: number }>(`with ${COUNT_HITS_CTES} select key, ws, count from counted`)

/** Writes a batch of hits in one statement; returns each hit's count in its window (its position). */
async function writeHits(db: Deps['db'], hits: Hit[]): Promise<number[]> {
  const batch = groupHits(hits)
  return batch.positions(await countHits(db, batch.params))
}

const committer = groupCommitPer(writeHits)

/** Seconds until the latest of the exceeded windows ends (Retry-After). */
export const retryAfterOf = (over: Hit[], now: number) => Math.max(0, ...over.map((h) => Math.ceil((h.expiresAt.getTime() - now) / 1000)))

/** Counts one hit under `key` in every window; allowed when all windows are still within their max. */
export async function hitRateLimit(deps: Deps, key: string, limits: readonly Limit[]): Promise<RateLimitResult> {
  const now = deps.now().getTime()
  const c = committer(deps.db)
  const hits = hitsFor(key, limits, now)
  const counts = await Promise.all(hits.map((h) => c.push(h)))
  // Allowed when every window is within its max; otherwise retry when the last exceeded window ends.
  const over = hits.filter((_, i) => counts[i]! > limits[i]!.max)
  return { allowed: over.length === 0, retryAfter: retryAfterOf(over, now) }
}
