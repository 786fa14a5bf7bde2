/**
 * Restriction query (利害关系人式查询) through the BFF on PGlite and PostgreSQL: exact output keys,
 * never an owner's name, address candidates, certificate numbers parsed leniently, and the
 * per-citizen rate limit counted in the database (two BFF instances count as one).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bootstrap } from '../src/bootstrap'
import { createLogger } from '../src/lib/logger'
import { DEMO_CITIZENS, DEMO_EXTRA_CITIZENS, DEMO_UNIT_CODES } from '@bdc/province/demo'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { apiClient, bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

type Auth = Record<string, string>
type QueryBody = Parameters<ReturnType<TestBff['api']>['restriction-query']['$post']>[0]['json']

const RESULT_KEYS = [
  'advanceNotice', 'coOwned', 'location', 'mortgage', 'natural', 'objection', 'otherRestriction', 'queriedAt', 'sealed', 'unitCode', 'unitCodeDisplay',
].sort()
const NATURAL_KEYS = ['area', 'floor', 'structure', 'use'].sort()

function expectNoPersonalData(text: string) {
  for (const c of [...DEMO_CITIZENS, ...DEMO_EXTRA_CITIZENS]) {
    expect(text).not.toContain(c.idNumber)
    expect(text).not.toContain(c.name)
  }
}

describe.each(DB_KINDS)('restriction query on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let me: Auth

  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    me = (await loginWeapp(bff, 'c-chenjing')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  const query = (body: QueryBody, who: Auth = me) => bff.api(who)['restriction-query'].$post({ json: body })
  const candidates = async (address: string) => bodyOf(await bff.api(me)['restriction-query'].address.$post({ json: { address } }), 200)

  it('by unit code: exactly the allowed keys, restriction flags, the time of the query, no owner', async () => {
    const body = await bodyOf(await query({ unitCode: DEMO_UNIT_CODES.liuyangFlat }), 200)
    expect(Object.keys(body).sort()).toEqual(RESULT_KEYS)
    expect(Object.keys(body.natural).sort()).toEqual(NATURAL_KEYS)
    expect(body).toMatchObject({ coOwned: false, mortgage: true, sealed: true, advanceNotice: false, objection: false, queriedAt: '2026-11-27T01:00:00.000Z' })
    expectNoPersonalData(JSON.stringify(body))

    const flat2 = await bodyOf(await query({ unitCode: DEMO_UNIT_CODES.liuyangFlat2 }), 200)
    expect(flat2).toMatchObject({ mortgage: false, sealed: false, advanceNotice: true, objection: true })
    const joint = await bodyOf(await query({ unitCode: DEMO_UNIT_CODES.jointFlat }), 200)
    expect(joint).toMatchObject({ coOwned: true, mortgage: false, sealed: false })
  })

  it('by certificate number, written loosely (full-width brackets, short serial)', async () => {
    const res = await query({ certificateNo: '川（2019）成都市不动产权第345678号' })
    expect(await bodyOf(res, 200)).toMatchObject({ unitCode: DEMO_UNIT_CODES.jointFlat, coOwned: true })
    const unknown = await query({ certificateNo: '川(2019)成都市不动产权第9999999号' })
    expect(await bodyOf(unknown, 404)).toMatchObject({ code: 'UNIT_NOT_FOUND' })
    const bad = await query({ certificateNo: '随便写的一串字符' })
    expect(bad.status).toBe(400)
  })

  it('by address: partial input gives at most 10 candidates, addresses only', async () => {
    const body = await candidates('临园路东段66号')
    expect(body.items.map((i) => i.unitCode)).toContain(DEMO_UNIT_CODES.liuyangFlat)
    expect(body.items.length).toBeLessThanOrEqual(10)
    for (const i of body.items) expect(Object.keys(i).sort()).toEqual(['location', 'unitCode', 'unitCodeDisplay'])
    expectNoPersonalData(JSON.stringify(body))

    const broad = await candidates('四川省成都市')
    expect(broad.items).toHaveLength(10)
    expect(broad.truncated).toBe(true)

    const spaced = await candidates('涪江名苑 ３栋')
    expect(spaced.items.map((i) => i.unitCode)).toContain(DEMO_UNIT_CODES.liuyangFlat)
  })

  it('cannot search by person: a name or an ID number finds nothing and other fields are refused', async () => {
    expect((await candidates('刘洋的房子')).items).toEqual([])
    const liuyang = DEMO_CITIZENS.find((c) => c.id === 'c-liuyang')!
    // Bodies the contract does not allow, sent on purpose.
    expect((await query({ idNumber: liuyang.idNumber } as unknown as QueryBody)).status).toBe(400)
    expect((await query({ unitCode: DEMO_UNIT_CODES.liuyangFlat, name: '刘洋' } as unknown as QueryBody)).status).toBe(400)
    expect((await query({ unitCode: DEMO_UNIT_CODES.liuyangFlat }, {})).status).toBe(401)
  })

  it('rate limit: 10 a minute per citizen, counted in the database; the next minute is open again', async () => {
    for (let i = 0; i < 10; i++) expect((await query({ unitCode: DEMO_UNIT_CODES.zhangweiFlat })).status).toBe(200)
    const limited = await query({ unitCode: DEMO_UNIT_CODES.zhangweiFlat })
    expect(await bodyOf(limited, 429)).toMatchObject({ code: 'RATE_LIMITED', message: '操作过于频繁，请稍后再试' })
    // Another citizen is not affected.
    const other = (await loginWeapp(bff, 'c-wangqiang')).auth
    expect((await query({ unitCode: DEMO_UNIT_CODES.zhangweiFlat }, other)).status).toBe(200)
    bff.clock.advance(61_000)
    expect((await query({ unitCode: DEMO_UNIT_CODES.zhangweiFlat })).status).toBe(200)
  })

  it('two BFF instances on one database share the counters', async () => {
    if (kind === 'pglite') return // an in-memory PGlite belongs to one process; the PostgreSQL run covers this
    const second = await bootstrap(bff.boot.deps.config, {
      inMemory: false,
      logger: createLogger('silent', {}, () => {}),
      now: () => bff.clock.now,
    })
    const secondApi = apiClient(second.app, me)
    try {
      for (let i = 0; i < 10; i++) {
        const api = i % 2 ? secondApi : bff.api(me)
        expect((await api['restriction-query'].$post({ json: { unitCode: DEMO_UNIT_CODES.zhangweiFlat } })).status).toBe(200)
      }
      expect((await secondApi['restriction-query'].$post({ json: { unitCode: DEMO_UNIT_CODES.zhangweiFlat } })).status).toBe(429)
    } finally {
      await second.close()
    }
  })
})

