/**
 * Data that expires (issue 12 §7): one purge round deletes exactly the rows past their retention
 * (README table) and keeps the rest; two instances purging at once delete each row once, without
 * error. Driven by the controllable clock.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bodyOf, loginH5, loginWeapp, startTestBff, type TestBff } from './helpers'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { rowsOf } from '../src/lib/db-rows'
import { hitRateLimit } from '../src/lib/rate-limit'
import { signRequest } from '../src/features/institutions/institutions.index'
import { purgeExpired, RETENTION, type PurgedTable } from '../src/purge/purge'

const DAY = 86_400_000
const TABLES = Object.keys(RETENTION) as PurgedTable[]

describe.each(DB_KINDS)('purge of expired rows on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
  })
  afterEach(async () => {
    await bff.close()
  })
  const count = async (t: PurgedTable) => Number(rowsOf<{ n: number }>(await bff.boot.deps.db.execute(sql`select count(*)::int as n from ${sql.identifier(t)}`))[0]!.n)
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await count(t)] as const)))

  /** One row of every kind the app writes, at the clock's time: login, session, challenge, verification, rate-limit bucket, idempotency key. */
  async function makeRows() {
    await loginH5(bff, 'c-liuyang') // a login state (used) and an H5 session
    const { auth } = await loginWeapp(bff, 'c-zhangwei') // a session
    await bodyOf(await bff.api(auth).liveness.challenges.$post(), 200)
    await bff.api().certificates.verify.$post({ json: { code: 'not-a-code' } }, { headers: { 'x-forwarded-for': '198.51.100.1' } })
    await hitRateLimit(bff.boot.deps, 'purge-test', [{ windowMs: 60_000, max: 10 }])
    await bff.boot.deps.db.execute(
      sql`insert into appt_booking_requests (actor, key, request_hash, created_at) values (${'actor-' + randomUUID()}, ${randomUUID()}, 'h', ${bff.clock.now.toISOString()}::timestamptz)`,
    )
    // an institution's signed request (the demo bank): its nonce
    const body = JSON.stringify({ code: 'not-a-code', idNumber: '11010519491231002X' })
    const secret = fs.readFileSync(path.join(bff.boot.deps.config.dataDir, 'institution-demo-secret'), 'utf8').trim()
    const headers = signRequest({ clientId: 'demo-bank', secret, method: 'POST', path: '/inst/v1/holder-check', body, timestampSeconds: bff.clock.now.getTime() / 1000 })
    expect((await bff.request('/inst/v1/holder-check', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })).status).toBe(200)
  }

  it('deletes each kind of row once past its retention, and nothing younger', async () => {
    await makeRows()
    const before = await counts()
    for (const t of TABLES) expect(before[t], t).toBeGreaterThan(0)
    // Right away: only what is already meaningless (rate-limit buckets once full again need a minute).
    let r = await purgeExpired(bff.boot.deps)
    expect(r.ran).toBe(true)
    expect(await counts()).toEqual(before)

    // 2 hours: login states (expired 10 min after issue, kept 1 h) and the full rate-limit bucket.
    bff.clock.advance(2 * 3_600_000)
    r = await purgeExpired(bff.boot.deps)
    expect(r.deleted).toMatchObject({ login_states: before.login_states, rate_limits: before.rate_limits, institution_nonces: before.institution_nonces, sessions: 0, appt_booking_requests: 0 })
    expect(await count('sessions')).toBe(before.sessions)
    // 1 day more: idempotency keys
    bff.clock.advance(DAY)
    expect((await purgeExpired(bff.boot.deps)).deleted).toMatchObject({ appt_booking_requests: before.appt_booking_requests, sessions: 0, liveness_challenges: 0 })
    // 31 days: sessions (expired 12 h after login, kept 30 days) and challenges
    bff.clock.advance(30 * DAY)
    expect((await purgeExpired(bff.boot.deps)).deleted).toMatchObject({ sessions: before.sessions, liveness_challenges: before.liveness_challenges })
    expect(Object.values(await counts()).every((n) => n === 0)).toBe(true)
    // the audit trail is not this purge's to touch
    const audit = rowsOf<{ n: number }>(await bff.boot.deps.db.execute(sql`select count(*)::int as n from audit_log`))[0]!.n
    expect(Number(audit)).toBeGreaterThan(0)
  })

  it('in batches, and two instances purging at once delete every row exactly once', async () => {
    const at = new Date(bff.clock.now.getTime() - 2 * DAY).toISOString()
    await bff.boot.deps.db.execute(
      sql`insert into appt_booking_requests (actor, key, request_hash, created_at) select 'a', 'k' || g, 'h', ${at}::timestamptz from generate_series(1, 2500) g`,
    )
    const results = await Promise.all([purgeExpired(bff.boot.deps, { batch: 100 }), purgeExpired(bff.boot.deps, { batch: 100 })])
    expect(results.reduce((a, r) => a + r.deleted.appt_booking_requests, 0)).toBe(2500)
    expect(await count('appt_booking_requests')).toBe(0)
  })
})
