/**
 * Per-client fixed-window rate limit with the counter in the database (one upsert per request),
 * so two BFF instances share one budget. The client address is stored only as an HMAC.
 */
import { lt, sql } from 'drizzle-orm'
import type { Deps } from '../../env'
import { rateLimitCounters } from './certificates.schema'

export interface RateLimit {
  name: string
  limit: number
  windowSeconds: number
}

/** Public verification: 60 checks a minute per client address (documented in the OpenAPI text). */
export const VERIFY_LIMIT: RateLimit = { name: 'verify', limit: 60, windowSeconds: 60 }

export async function hit(deps: Deps, rule: RateLimit, clientKey: string): Promise<{ allowed: boolean; retryAfter: number }> {
  const now = deps.now().getTime()
  const windowMs = rule.windowSeconds * 1000
  const start = new Date(Math.floor(now / windowMs) * windowMs)
  const bucket = `${rule.name}:${deps.cipher.blindIndex('ip:' + clientKey)}`
  const rows = await deps.db
    .insert(rateLimitCounters)
    .values({ bucket, windowStart: start, hits: 1 })
    .onConflictDoUpdate({ target: [rateLimitCounters.bucket, rateLimitCounters.windowStart], set: { hits: sql`${rateLimitCounters.hits} + 1` } })
    .returning({ hits: rateLimitCounters.hits })
  // Old windows are swept now and then by whichever request draws the short straw.
  if (Math.random() < 0.01) await deps.db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, new Date(now - 3600_000)))
  const hits = rows[0]?.hits ?? 1
  return { allowed: hits <= rule.limit, retryAfter: Math.ceil((start.getTime() + windowMs - now) / 1000) }
}
