/**
 * Rate limits that hold at the edge (issue 12 §5): a token bucket, not fixed windows — the burst at
 * hh:mm:59 and hh:mm+1:00 no longer gets twice the limit through; refusals carry Retry-After and
 * RateLimit-* headers; anonymous login starts are limited per client; material uploads per citizen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bodyOf, errorOf, loginWeapp, startTestBff, type TestBff } from './helpers'
import { RESTRICTION_QUERY_LIMITS } from '@bdc/shared/delegations'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { hitRateLimit, LOGIN_START_LIMIT, UPLOAD_LIMIT } from '../src/lib/rate-limit'

describe.each(DB_KINDS)('rate limits on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
  })
  afterEach(async () => {
    await bff.close()
  })

  it('10 at hh:mm:59 and the next at hh:mm+1:00: the bucket is empty, one more comes back every 6 s', async () => {
    bff.clock.now = new Date('2026-11-27T09:00:59+08:00')
    const limits = [{ windowMs: 60_000, max: 10 }]
    const first = await Promise.all(Array.from({ length: 10 }, () => hitRateLimit(bff.boot.deps, 'k', limits)))
    expect(first.every((r) => r.allowed)).toBe(true)
    expect(first.map((r) => r.remaining).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    bff.clock.advance(1_000) // 09:01:00 — a fixed window would start afresh here
    const next = await Promise.all(Array.from({ length: 10 }, () => hitRateLimit(bff.boot.deps, 'k', limits)))
    expect(next.filter((r) => r.allowed)).toHaveLength(0)
    expect(next[0]).toMatchObject({ allowed: false, remaining: 0, limit: 10 })
    expect(next[0]!.retryAfter).toBeGreaterThanOrEqual(1)
    expect(next[0]!.retryAfter).toBeLessThanOrEqual(6)
    bff.clock.advance(6_000)
    expect((await hitRateLimit(bff.boot.deps, 'k', limits)).allowed).toBe(true)
    expect((await hitRateLimit(bff.boot.deps, 'k', limits)).allowed).toBe(false)
    // a full window later the whole burst is available again, and another key never shared any of it
    bff.clock.advance(60_000)
    const again = await Promise.all(Array.from({ length: 11 }, () => hitRateLimit(bff.boot.deps, 'k', limits)))
    expect(again.filter((r) => r.allowed)).toHaveLength(10)
    expect((await hitRateLimit(bff.boot.deps, 'other', limits)).allowed).toBe(true)
  })

  it('restriction queries: 429 with Retry-After and RateLimit-* headers, and no second burst across the minute', async () => {
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    bff.clock.now = new Date('2026-11-27T09:00:59+08:00')
    const query = () => bff.api(auth)['restriction-query'].address.$post({ json: { address: '锦江区红星路' } })
    for (let i = 0; i < RESTRICTION_QUERY_LIMITS.perMinute; i++) expect((await query()).status).toBe(200)
    bff.clock.advance(1_000)
    const refused = await query()
    expect((await bodyOf(refused, 429)).code).toBe('RATE_LIMITED')
    const retry = Number(refused.headers.get('retry-after'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(refused.headers.get('ratelimit-limit')).toBe(String(RESTRICTION_QUERY_LIMITS.perMinute))
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    expect(Number(refused.headers.get('ratelimit-reset'))).toBe(retry)
    bff.clock.advance(retry * 1_000)
    expect((await query()).status).toBe(200)
  })

  it('anonymous login starts are limited per client address; other clients are not', async () => {
    const start = (ip: string) => bff.request('/api/auth/login?returnTo=%2F', { headers: { 'x-forwarded-for': ip } })
    for (let i = 0; i < LOGIN_START_LIMIT.max; i++) expect((await start('203.0.113.50')).status).toBe(302)
    const refused = await start('203.0.113.50')
    expect((await errorOf(refused, 429)).code).toBe('RATE_LIMITED')
    expect(refused.headers.get('retry-after')).toBeTruthy()
    expect((await start('203.0.113.51')).status).toBe(302)
    const rows = await bff.boot.deps.db.execute('select count(*)::int as n from login_states')
    const n = Number((rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (rows as unknown as { n: number }[])[0]?.n)
    expect(n).toBe(LOGIN_START_LIMIT.max + 1)
  })

  it('material uploads per citizen: past the limit a 429 in plain Chinese, before the photo is decoded', async () => {
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    const upload = () => {
      const form = new FormData()
      form.set('kind', 'id_card')
      form.set('file', new Blob([new Uint8Array(64)], { type: 'image/png' }), 'a.png')
      return bff.request('/api/applications/00000000-0000-4000-8000-000000000000/materials', { method: 'POST', body: form, headers: auth })
    }
    for (let i = 0; i < UPLOAD_LIMIT.max; i++) expect((await upload()).status).not.toBe(429)
    const refused = await upload()
    const e = await errorOf(refused, 429)
    expect(e).toMatchObject({ code: 'UPLOAD_RATE_LIMITED', message: expect.stringMatching(/上传过于频繁/) })
    expect(refused.headers.get('retry-after')).toBeTruthy()
    // another citizen uploads freely
    const other = (await loginWeapp(bff, 'c-liuyang')).auth
    const form = new FormData()
    form.set('file', new Blob([new Uint8Array(64)], { type: 'image/png' }), 'a.png')
    expect((await bff.request('/api/applications/00000000-0000-4000-8000-000000000000/materials', { method: 'POST', body: form, headers: other })).status).not.toBe(429)
  })
})
