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
import { and, inArray, lt, sql } from 'drizzle-orm'
import type { Deps } from '../env'
import { rateLimits } from '../db/schema'
import { rowsOf } from './db-rows'
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

interface Hit {
  key: string
  windowStart: Date
  expiresAt: Date
  now: number
}

/** Writes a batch of hits in one upsert; returns each hit's count in its window (its position). */
async function writeHits(db: Deps['db'], hits: Hit[]): Promise<number[]> {
  const groups = new Map<string, { hit: Hit; n: number }>()
  const slot = (h: Hit) => `${h.key}\u0000${h.windowStart.getTime()}`
  for (const h of hits) {
    const g = groups.get(slot(h))
    if (g) g.n++
    else groups.set(slot(h), { hit: h, n: 1 })
  }
  // One statement whatever the batch size: four array parameters unnested by the server (the SQL text
  // never changes, so the driver prepares it once and the statement is not rebuilt per row).
  const g = [...groups.values()]
  const result = await db.execute(sql`
    insert into rate_limits (key, window_start, count, expires_at)
    select k, to_timestamp(ws / 1000.0), n, to_timestamp(ex / 1000.0)
      from unnest(${sql.param(g.map((x) => x.hit.key))}::text[], ${sql.param(g.map((x) => x.hit.windowStart.getTime()))}::float8[],
                  ${sql.param(g.map((x) => x.n))}::int[], ${sql.param(g.map((x) => x.hit.expiresAt.getTime()))}::float8[]) as t(k, ws, n, ex)
    on conflict (key, window_start) do update set count = rate_limits.count + excluded.count
    returning key, (extract(epoch from window_start) * 1000)::float8 as ws, count`)
  const rows = rowsOf<{ key: string; ws: number; count: number }>(result)
  const total = new Map(rows.map((r) => [`${r.key}\u0000${Number(r.ws)}`, Number(r.count)]))
  // A window that starts with this batch: drop its key's finished windows, so the table stays small without a sweeper.
  const fresh = [...groups.entries()].filter(([s, g]) => total.get(s) === g.n).map(([, g]) => g.hit.key)
  if (fresh.length) {
    const now = new Date(Math.min(...hits.map((h) => h.now)))
    await db.delete(rateLimits).where(and(inArray(rateLimits.key, [...new Set(fresh)]), lt(rateLimits.expiresAt, now)))
  }
  // The i-th hit of a slot in this batch is number (total − n + i) of its window.
  const seen = new Map<string, number>()
  return hits.map((h) => {
    const s = slot(h)
    const i = (seen.get(s) ?? 0) + 1
    seen.set(s, i)
    return (total.get(s) ?? 0) - groups.get(s)!.n + i
  })
}

const committer = groupCommitPer(writeHits)

/** Counts one hit under `key` in every window; allowed when all windows are still within their max. */
export async function hitRateLimit(deps: Deps, key: string, limits: readonly Limit[]): Promise<RateLimitResult> {
  const now = deps.now().getTime()
  const c = committer(deps.db)
  const hits = limits.map((l) => {
    const start = Math.floor(now / l.windowMs) * l.windowMs
    return { key: `${key}:${l.windowMs}`, windowStart: new Date(start), expiresAt: new Date(start + l.windowMs), now }
  })
  const counts = await Promise.all(hits.map((h) => c.push(h)))
  // Allowed when every window is within its max; otherwise retry when the last exceeded window ends.
  const over = hits.filter((_, i) => counts[i]! > limits[i]!.max)
  const retryAfter = Math.max(0, ...over.map((h) => Math.ceil((h.expiresAt.getTime() - now) / 1000)))
  return { allowed: over.length === 0, retryAfter }
}
