/**
 * Verification answered from the e-license library's status feed (features/certificates/certificates.status-feed.ts),
 * on PGlite AND PostgreSQL: a license verified once is answered without asking the library while the
 * feed is fresh; a cancellation reaches verifiers through the feed; a stale feed means the library is
 * asked again; an answer of the library that was in flight while the certificate was cancelled does
 * not bring it back. The feed is driven by hand (STATUS_FEED_POLL_MS=0, pollOnce()), so every step
 * is deterministic.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { like } from 'drizzle-orm'
import { licenseFeed } from '../src/features/certificates/certificates.schema'
import { auditLog } from '../src/db/schema'
import { createStatusFeed } from '../src/features/certificates/certificates.status-feed'
import type { UpstreamLicense } from '@bdc/shared/province-contract'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

describe.each(DB_KINDS)('verification through the status feed on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  /** Calls the BFF made to the library's status endpoint, and a hook to answer in its place. */
  let statusCalls: string[][]
  let answerInstead: ((ids: string[]) => Promise<{ licenses: UpstreamLicense[] }>) | undefined
  let code: string
  let unitCode: string
  let otherUnitCode: string

  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env: { STATUS_FEED_POLL_MS: '0' } })
    const upstream = bff.boot.deps.upstream
    const real = upstream.licenseStatuses
    statusCalls = []
    answerInstead = undefined
    upstream.licenseStatuses = (ids) => {
      statusCalls.push(ids)
      return answerInstead ? answerInstead(ids) : real(ids)
    }
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
    const list = await bodyOf(await api.$get(), 200)
    const flat = list.items.find((i) => i.certificateNo === '川(2023)成都市不动产权第0012345号')!
    unitCode = flat.unitCode
    otherUnitCode = list.items.find((i) => i.unitCode !== unitCode && i.statusLabel !== '注销')!.unitCode
    code = (await bodyOf(await api[':licenseId']['live-code'].$post({ param: { licenseId: flat.licenseId } }), 200)).url
  })
  afterEach(() => bff.close())

  const verify = async () => bodyOf(await bff.api().certificates.verify.$post({ json: { code } }), 200)
  const cancelRight = async (unit = unitCode) => {
    const secret = fs.readFileSync(path.join(bff.boot.deps.config.dataDir, 'upstream-client-secret'), 'utf8').trim()
    const res = await bff.request('/province/__sim/rights/cancel', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64') },
      body: JSON.stringify({ unitCode: unit }),
    })
    expect(res.status).toBe(200)
  }
  const outcomes = async () =>
    (await bff.boot.deps.db.select().from(auditLog).where(like(auditLog.action, 'certificate.verify.%')).orderBy(auditLog.seq)).map((r) => r.target!.split(' ').pop())

  it('before the feed was ever read, every verification asks the library', async () => {
    expect((await verify()).status).toBe('valid')
    expect((await verify()).status).toBe('valid')
    expect(statusCalls).toHaveLength(2)
  })

  it('with a fresh feed, a license verified once is answered from its copy; a cancellation arrives through the feed', async () => {
    await bff.boot.statusFeed.pollOnce()
    const first = await verify()
    expect(first.status).toBe('valid')
    expect(statusCalls).toHaveLength(1)
    const second = await verify()
    // the same answer, masked facts and all, without asking the library
    expect(second).toEqual({ ...first, checkedAt: second.checkedAt })
    expect(second.certificate?.holders.every((h) => h.includes('*'))).toBe(true)
    expect(statusCalls).toHaveLength(1)

    await cancelRight()
    bff.clock.advance(500)
    await bff.boot.statusFeed.pollOnce()
    const third = await verify()
    expect(third.status).toBe('cancelled')
    // 注销时间 comes through the feed with the status; the answer says whom to call
    const mine = await bodyOf(await bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates.$get(), 200)
    const cancelledAt = mine.items.find((i) => i.certificateNo === '川(2023)成都市不动产权第0012345号')!.cancelledAt!
    expect(Date.parse(third.cancelledAt!)).toBe(Date.parse(cancelledAt))
    expect(third.contact).toEqual({ office: '成都市不动产登记中心', phone: '028-61881234' })
    expect(statusCalls).toHaveLength(1)
    expect(await outcomes()).toEqual(['valid', 'valid', 'cancelled'])
  })

  it('when the feed has not been read for longer than STATUS_FEED_FRESH_MS, the library is asked again', async () => {
    await bff.boot.statusFeed.pollOnce()
    expect((await verify()).status).toBe('valid')
    await cancelRight() // the feed is not read after this
    bff.clock.advance(bff.boot.deps.config.statusFeed.freshMs - 1)
    expect((await verify()).status).toBe('valid') // within the freshness window the copy is used
    expect(statusCalls).toHaveLength(1)
    bff.clock.advance(2)
    expect((await verify()).status).toBe('cancelled')
    expect(statusCalls).toHaveLength(2)
  })

  it('an answer of the library that was in flight while the certificate was cancelled does not bring it back', async () => {
    await bff.boot.statusFeed.pollOnce()
    // the library answers, then the right is cancelled and the feed has it, then that answer arrives
    let before: UpstreamLicense[] = []
    answerInstead = async (ids) => {
      answerInstead = undefined
      const answer = await bff.boot.deps.upstream.licenseStatuses(ids)
      before = answer.licenses
      // meanwhile the right is cancelled and the feed has it
      await cancelRight()
      await bff.boot.statusFeed.pollOnce()
      return { licenses: before }
    }
    expect((await verify()).status).toBe('valid') // that verification was answered with what the library said then
    expect(before[0]!.status).toBe('current')
    expect((await verify()).status).toBe('cancelled')
    expect(await outcomes()).toEqual(['valid', 'cancelled'])
  })

  it('a reader catching up over several pages claims its copy fresh only after the last page', async () => {
    const feed = createStatusFeed(bff.boot.deps, { pageSize: 1 })
    await feed.pollOnce()
    expect((await verify()).status).toBe('valid')
    const readAt = async () => (await bff.boot.deps.db.select().from(licenseFeed))[0]!.polledAt.getTime()
    const before = await readAt()
    await cancelRight()
    await cancelRight(otherUnitCode)
    bff.clock.advance(5000) // the copy is stale now
    const upstream = bff.boot.deps.upstream
    const real = upstream.licenseChanges
    const seen: number[] = []
    upstream.licenseChanges = async (after, limit) => {
      seen.push(await readAt())
      return real(after, limit)
    }
    await feed.pollOnce()
    upstream.licenseChanges = real
    // three calls (two changes, one per page, then an empty page); freshness moved only after the last
    expect(seen).toEqual([before, before, before])
    expect(await readAt()).toBe(bff.clock.now.getTime())
    expect((await verify()).status).toBe('cancelled')
    expect(statusCalls).toHaveLength(1)
  })

  it('the library feed: a new reader starts at the newest change; a cancellation is one change, in order, complete', async () => {
    const upstream = bff.boot.deps.upstream
    const { changes: none, latest } = await upstream.licenseChanges(null)
    expect(none).toEqual([])
    expect(latest).toBeGreaterThan(0)
    expect((await upstream.licenseChanges(latest)).changes).toEqual([])
    await cancelRight()
    const { changes, latest: after } = await upstream.licenseChanges(latest)
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ status: 'cancelled', cancelReason: 'cancelled' })
    expect(changes[0]!.version).toBe(after)
    // paging: one change per page still reaches the end
    const all = await upstream.licenseChanges(0, 1000)
    let page = await upstream.licenseChanges(0, 1)
    const seen = [...page.changes]
    while (page.changes.length === 1) {
      page = await upstream.licenseChanges(page.latest, 1)
      seen.push(...page.changes)
      if (seen.length > all.changes.length) break
    }
    expect(seen).toEqual(all.changes)
  })
})
