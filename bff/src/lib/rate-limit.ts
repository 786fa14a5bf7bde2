/**
 * Rate limits kept in the database (table rate_limits), so every BFF instance on one database counts
 * together. Each limit is a token bucket — GCRA, the generic cell rate algorithm — of `max` tokens
 * refilled evenly over `windowMs`: a burst of at most `max`, then one hit per `windowMs / max`. So 10
 * queries at hh:mm:59 leave the bucket empty at hh:mm+1:00 (one token back every 6 s), where a fixed
 * window let 10 more through. The state is one timestamp per key, the theoretical arrival time
 * (TAT, kept in `expires_at`): when the bucket is full again. A hit at `now` is allowed while
 * TAT − now ≤ windowMs − interval; an allowed hit moves TAT by one interval, a refused one not at all.
 * After TAT the row means nothing more (the purge, purge/, deletes it).
 *
 * Counting is one atomic upsert per batch (`insert … on conflict do update … returning`): never
 * read-then-write. Hits are group-committed (lib/group-commit.ts): the hits that arrive while one
 * upsert is in flight go into the next one, summed per key; the statement grants each key as many of
 * its hits as the bucket holds, in arrival order, so the limits stay exact across instances.
 */
import type { Context } from 'hono'
import type { Deps } from '../env'
import { preparedStatement } from './db-rows'
import { AppError } from './errors'
import { groupCommitPer } from './group-commit'

export interface Limit {
  windowMs: number
  max: number
}

export interface RateLimitResult {
  allowed: boolean
  /** Seconds until a refused hit may be tried again (for Retry-After); 0 when allowed. */
  retryAfter: number
  /** The most constraining limit after this hit: its size, tokens left, and seconds until it is full again. */
  limit: number
  remaining: number
  reset: number
}

export interface Hit {
  key: string
  /** Constant for a bucket (the epoch): rows are keyed (key, window_start) as in the table's first, fixed-window form. */
  windowStart: Date
  /** Latest time a refused hit needs to wait for a token: now + one interval (for Retry-After). */
  expiresAt: Date
  now: number
  /** windowMs / max: one token comes back every interval. */
  intervalMs: number
  windowMs: number
}

const BUCKET = new Date(0)

/** The hits of one request under `key`: one per limit (each its own bucket). */
export function hitsFor(key: string, limits: readonly Limit[], now: number): Hit[] {
  return limits.map((l) => ({
    key: `${key}:${l.windowMs}`,
    windowStart: BUCKET,
    expiresAt: new Date(now + l.windowMs / l.max),
    now,
    intervalMs: l.windowMs / l.max,
    windowMs: l.windowMs,
  }))
}

/**
 * The counting part of a batch statement, as common table expressions over parameters $1…$5 (four
 * arrays unnested by the server — key, interval, hits, window — and the batch's time; fixed text, so
 * prepared once per connection). `counted` grants each key `k` = min(n, ⌊(window + now − max(TAT, now)) / interval⌋)
 * of its n hits, moves TAT by k intervals, and returns per key `count` = max + n − k: so, as with the
 * fixed windows before, a hit is refused exactly when its position `count − n + nth` exceeds the max
 * (the hits past the k granted ones). `tat` is the new TAT (ms). Another statement may add its own
 * parts after these (certificate verification logs in the same statement, features/certificates/certificates.verify.ts).
 */
export const COUNT_HITS_CTES = `
  hit_params as (
    select k, iv, n, w, floor(w / iv + 1e-9)::int as cap, $5::float8 as now
      from unnest($1::text[], $2::float8[], $3::int[], $4::float8[]) as t(k, iv, n, w)
  ),
  counted as (
    insert into rate_limits as r (key, window_start, count, expires_at)
    select k, to_timestamp(0), least(n, cap), to_timestamp((now + least(n, cap) * iv) / 1000.0)
      from hit_params
    on conflict (key, window_start) do update set
      count = (select least(p.n, greatest(0, floor((p.w + p.now - greatest(extract(epoch from r.expires_at)::float8 * 1000, p.now)) / p.iv + 1e-9)))::int
                 from hit_params p where p.k = r.key),
      expires_at = (select to_timestamp((greatest(extract(epoch from r.expires_at)::float8 * 1000, p.now)
                          + least(p.n, greatest(0, floor((p.w + p.now - greatest(extract(epoch from r.expires_at)::float8 * 1000, p.now)) / p.iv + 1e-9))) * p.iv) / 1000.0)
                      from hit_params p where p.k = r.key)
    returning key, 0::float8 as ws,
      (select p.cap + p.n - r.count from hit_params p where p.k = r.key) as count,
      extract(epoch from r.expires_at)::float8 * 1000 as tat
  )`

/** A batch of hits grouped by bucket: the parameters $1…$5 of COUNT_HITS_CTES and, per hit, how many share its bucket (n) and which of them it is (nth). */
export function groupHits(hits: Hit[]) {
  const slot = (h: Hit) => h.key
  const groups = new Map<string, { hit: Hit; n: number }>()
  // i: the hit's number among the batch's hits of its bucket (1-based)
  const nth = hits.map((h) => {
    const g = groups.get(slot(h))
    if (g) return ++g.n
    groups.set(slot(h), { hit: h, n: 1 })
    return 1
  })
  const g = [...groups.values()]
  const params = [g.map((x) => x.hit.key), g.map((x) => x.hit.intervalMs), g.map((x) => x.n), g.map((x) => x.hit.windowMs), Math.max(...hits.map((h) => h.now))]
  // n: how many of the batch's hits share each hit's bucket
  const n = hits.map((h) => groups.get(slot(h))!.n)
  /** Each hit's position (count − n + nth: over the max ⇔ refused) and its bucket's TAT, from what `counted` returned. */
  const positions = (rows: { key: string; ws: number; count: number; tat?: number }[]) => {
    const byKey = new Map(rows.map((r) => [r.key, r]))
    return hits.map((h, i) => {
      const r = byKey.get(slot(h))
      return { position: Number(r?.count ?? 0) - n[i]! + nth[i]!, tat: Number(r?.tat ?? h.now) }
    })
  }
  return { params, n, nth, positions }
}

const countHits = preparedStatement<{ key: string; ws: number; count: number; tat: number }>(`with ${COUNT_HITS_CTES} select key, ws, count, tat from counted`)

/** Writes a batch of hits in one statement; returns each hit's position and its bucket's TAT. */
async function writeHits(db: Deps['db'], hits: Hit[]): Promise<{ position: number; tat: number }[]> {
  const batch = groupHits(hits)
  return batch.positions(await countHits(db, batch.params))
}

const committer = groupCommitPer(writeHits)

/** Seconds until the latest of the refused hits may be tried again (Retry-After): at most one interval. */
export const retryAfterOf = (over: Hit[], now: number) => Math.max(0, ...over.map((h) => Math.ceil((h.expiresAt.getTime() - now) / 1000)))

/** Counts one hit under `key` in every limit's bucket; allowed when every bucket still had a token. */
export async function hitRateLimit(deps: Deps, key: string, limits: readonly Limit[]): Promise<RateLimitResult> {
  const now = deps.now().getTime()
  const c = committer(deps.db)
  const hits = hitsFor(key, limits, now)
  const counted = await Promise.all(hits.map((h) => c.push(h)))
  const states = limits.map((l, i) => {
    const { position, tat } = counted[i]!
    const interval = l.windowMs / l.max
    const allowed = position <= l.max
    // tokens left after this hit: what the bucket holds after the whole batch, plus the batch's hits granted after this one (max − position)
    const afterBatch = Math.max(0, Math.floor((l.windowMs - (tat - now)) / interval + 1e-9))
    const remaining = allowed ? afterBatch + l.max - position : 0
    // a refused hit: when the next token comes back (TAT − window + interval)
    const retryAfter = allowed ? 0 : Math.max(1, Math.ceil((tat - l.windowMs + interval - now) / 1000))
    return { allowed, remaining, retryAfter, limit: l.max, reset: Math.max(0, Math.ceil((tat - now) / 1000)) }
  })
  const tightest = states.reduce((a, b) => (b.remaining < a.remaining || (!b.allowed && a.allowed) ? b : a))
  const allowed = states.every((s) => s.allowed)
  return {
    allowed,
    retryAfter: Math.max(0, ...states.filter((s) => !s.allowed).map((s) => s.retryAfter)),
    limit: tightest.limit,
    remaining: allowed ? tightest.remaining : 0,
    reset: tightest.reset,
  }
}

/** The standard headers of a limited answer (draft-ietf-httpapi-ratelimit-headers), and Retry-After when refused. */
export function rateLimitHeaders(r: Pick<RateLimitResult, 'allowed' | 'retryAfter' | 'limit' | 'remaining' | 'reset'>): Record<string, string> {
  return {
    'RateLimit-Limit': String(r.limit),
    'RateLimit-Remaining': String(r.remaining),
    'RateLimit-Reset': String(r.allowed ? r.reset : r.retryAfter),
    ...(r.allowed ? {} : { 'Retry-After': String(r.retryAfter) }),
  }
}

/** 429 RATE_LIMITED (or `code`) carrying the rate-limit headers. */
export function rateLimitedError(r: RateLimitResult, code: 'RATE_LIMITED' | 'UPLOAD_RATE_LIMITED' = 'RATE_LIMITED'): AppError {
  return new AppError(code, undefined, { headers: rateLimitHeaders(r) })
}

/** Sets the rate-limit headers of an allowed request on its answer. */
export function setRateLimitHeaders(c: Context, r: RateLimitResult) {
  for (const [k, v] of Object.entries(rateLimitHeaders(r))) c.header(k, v)
}

/**
 * Anonymous login starts (GET /api/auth/login writes a login_states row each): per client address
 * (lib/client-address.ts), 30 a minute — room for a family behind one carrier NAT, not for a flood.
 */
export const LOGIN_START_LIMIT: Limit = { windowMs: 60_000, max: 30 }

/**
 * Material photo uploads per citizen (decoding a 40-megapixel PNG costs ≈ 0.4 s of CPU and a lot of
 * memory): 20 a minute in the database, across instances, and at most 2 at a time in this process.
 */
export const UPLOAD_LIMIT: Limit = { windowMs: 60_000, max: 20 }
export const UPLOAD_CONCURRENCY = 2
const uploadsInFlight = new Map<string, number>()

/** Runs `work` as one of the citizen's uploads in flight here; refused (null) beyond UPLOAD_CONCURRENCY. */
export async function withUploadSlot<T>(actor: string, work: () => Promise<T>): Promise<T | null> {
  const n = uploadsInFlight.get(actor) ?? 0
  if (n >= UPLOAD_CONCURRENCY) return null
  uploadsInFlight.set(actor, n + 1)
  try {
    return await work()
  } finally {
    const left = (uploadsInFlight.get(actor) ?? 1) - 1
    if (left) uploadsInFlight.set(actor, left)
    else uploadsInFlight.delete(actor)
  }
}
