/**
 * Fixed-window rate limits kept in the database (table rate_limits), so every BFF instance on one
 * database counts together. One atomic upsert per window: never read-then-write.
 */
import { and, eq, lt, sql } from 'drizzle-orm'
import type { Deps } from '../env'
import { rateLimits } from '../features/delegations/delegations.schema'

export interface Limit {
  windowMs: number
  max: number
}

/** Counts one hit under `key` in every window; true when all windows are still within their max. */
export async function hitRateLimit(deps: Deps, key: string, limits: readonly Limit[]): Promise<boolean> {
  const now = deps.now().getTime()
  let allowed = true
  for (const l of limits) {
    const start = new Date(Math.floor(now / l.windowMs) * l.windowMs)
    const k = `${key}:${l.windowMs}`
    const [row] = await deps.db
      .insert(rateLimits)
      .values({ key: k, windowStart: start, count: 1, expiresAt: new Date(start.getTime() + l.windowMs) })
      .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
      .returning({ count: rateLimits.count })
    if ((row?.count ?? 0) > l.max) allowed = false
    // A new window: drop this key's finished windows, so the table stays small without a sweeper.
    if (row?.count === 1) await deps.db.delete(rateLimits).where(and(eq(rateLimits.key, k), lt(rateLimits.expiresAt, new Date(now))))
  }
  return allowed
}
