/**
 * Identifiers at the API edge, on PGlite and PostgreSQL: one parser for 电子证照标识 (GB/T 36904,
 * variable serials, MOD 37,36) and for 不动产单元号 (full structure), so a malformed identifier is a
 * 400 with the parser's Chinese reason before any registry, library or rate-limit work, and a real
 * identifier of another authority is no longer refused as malformed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_UNIT_CODES as U } from '@bdc/province/demo'
import { formatUnitCode } from '@bdc/shared/ids/unitCode'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

type Auth = Record<string, string>
const PUBLISHED = '1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3'

describe.each(DB_KINDS)('identifiers at the edge on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let me: Auth
  beforeAll(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    me = (await loginWeapp(bff, 'c-zhangwei')).auth
  })
  afterAll(async () => {
    await bff?.close()
  })

  const certificate = (licenseId: string) => bff.api(me).certificates[':licenseId'].$get({ param: { licenseId: encodeURIComponent(licenseId) } })
  const upstreamCalls = () => bff.logs.filter((l) => l.includes('upstream ok') || l.includes('upstream')).length

  it('my own certificate opens; a wrong check character is 400 「电子证照标识校验位错误」 before the library is asked', async () => {
    const mine = (await bodyOf(await bff.api(me).certificates.$get(), 200)).items[0]!.licenseId
    expect((await certificate(mine)).status).toBe(200)
    const last = mine.at(-1)!
    const wrong = mine.slice(0, -1) + (last === '7' ? '3' : '7')
    const before = upstreamCalls()
    const res = await certificate(wrong)
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('电子证照标识校验位错误')
    expect(upstreamCalls()).toBe(before)
  })

  it('a published identifier of another authority (20-digit serial, USCC issuer) is well-formed: not mine → 404, not 400', async () => {
    const res = await certificate(PUBLISHED)
    expect((await bodyOf(res, 404)).code).toBe('CERTIFICATE_NOT_FOUND')
  })

  it.each([
    ['an issuer that is neither a USCC nor a division', '1.2.156.3005.2.11100000MB03271699001.ABCDEFGH.000000001.001.U', '颁发机构代码'],
    ['a serial with letters', '1.2.156.3005.2.11100000MB03271699001.510100.00000A001.001.U', '流水号'],
  ])('%s → 400 with the reason', async (_what, id, reason) => {
    const res = await certificate(id)
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain(reason)
  })

  it('unit codes: the grouped display form opens my flat; a wrong province, use letter or 宗地号 00000 is 400 and spends no query', async () => {
    const grouped = formatUnitCode(U.zhangweiFlat)
    expect(grouped).not.toBe(U.zhangweiFlat)
    expect((await bodyOf(await bff.api(me).properties[':unitCode'].$get({ param: { unitCode: encodeURIComponent(grouped) } }), 200)).unitCode).toBe(U.zhangweiFlat)
    const bad = [
      ['00' + U.zhangweiFlat.slice(2), '省级代码'],
      [U.zhangweiFlat.slice(0, 13) + 'K' + U.zhangweiFlat.slice(14), '第14位'],
      [U.zhangweiFlat.slice(0, 14) + '00000' + U.zhangweiFlat.slice(19), '00000'],
    ] as const
    for (const [unitCode, reason] of bad) {
      const res = await bff.api(me)['restriction-query'].$post({ json: { unitCode } })
      expect(res.status, unitCode).toBe(400)
      expect(JSON.stringify(await res.json())).toContain(reason)
    }
    // none of the refused ones counted: all ten queries of the minute are still there
    for (let i = 0; i < 10; i++) expect((await bff.api(me)['restriction-query'].$post({ json: { unitCode: U.liuyangFlat } })).status).toBe(200)
    expect((await bff.api(me)['restriction-query'].$post({ json: { unitCode: U.liuyangFlat } })).status).toBe(429)
  })
})
