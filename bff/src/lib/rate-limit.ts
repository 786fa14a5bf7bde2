/**
 * Fixed-window rate limits kept in the database (table rate_limits), so every BFF instance on one
 * database counts together. One atomic upsert per window: never read-then-write.
 */
import { and, eq, lt, sql } from 'drizzle-orm'
import type { Deps } from '../env'
import { rateLimits } from '../db/schema'

export interface Limit {
  windowMs: number
  max: number
}

export interface RateLimitResult {
  allowed: boolean
  /** Seconds until the latest exceeded window ends (for Retry-After); 0 when allowed. */
  retryAfter: number
}

/** Counts one hit under `key` in every window; allowed when all windows are still within their max. */
export async function hitRateLimit(deps: Deps, key: string, limits: readonly Limit[]): Promise<RateLimitResult> {
  const now = deps.now().getTime()
  let allowed = true
  let retryAfter = 0
  for (const l of limits) {
    const start = new Date(Math.floor(now / l.windowMs) * l.windowMs)
    const k = `${key}:${l.windowMs}`
    const [row] = await deps.db
      .insert(rateLimits)
      .values({ key: k, windowStart: start, count: 1, expiresAt: new Date(start.getTime() + l.windowMs) })
      .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
      .returning({ count: rateLimits.count })
    if ((row?.count ?? 0) > l.max) {
      allowed = false
      retryAfter = Math.max(retryAfter, Math.ceil((start.getTime() + l.windowMs - now) / 1000))
    }
    // A new window: drop this key's finished windows, so the table stays small without a sweeper.
    if (row?.count === 1) await deps.db.delete(rateLimits).where(and(eq(rateLimits.key, k), lt(rateLimits.expiresAt, new Date(now))))
  }
  return { allowed, retryAfter }
}
