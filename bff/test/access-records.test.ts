/**
 * 我的查询记录 through the BFF on PGlite and PostgreSQL: the owner sees their own views, a
 * delegate's view and a stranger's refused attempt (masked), verifications of their certificate
 * (no verifier), and others' restriction queries on their unit (time only); a filter by unit;
 * another citizen sees none of it; paging never loses a record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CITIZENS, DEMO_UNIT_CODES as U } from '@bdc/province/demo'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

type Auth = Record<string, string>
const ZHANGWEI = DEMO_CITIZENS.find((c) => c.id === 'c-zhangwei')!

describe.each(DB_KINDS)('access records on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let owner: Auth // 刘洋: two flats
  let delegate: Auth // 张伟
  let stranger: Auth // 陈静
  let licenseId: string
  beforeAll(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    owner = (await loginWeapp(bff, 'c-liuyang')).auth
    delegate = (await loginWeapp(bff, 'c-zhangwei')).auth
    stranger = (await loginWeapp(bff, 'c-chenjing')).auth

    // 刘洋 looks at a flat and a certificate, shows the certificate (亮证); a verifier scans it
    const api = bff.api(owner)
    expect((await api.properties[':unitCode'].$get({ param: { unitCode: U.liuyangFlat } })).status).toBe(200)
    const certs = await bodyOf(await api.certificates.$get(), 200)
    licenseId = certs.items.find((c) => c.unitCode === U.liuyangFlat && c.status === 'current')!.licenseId
    expect((await api.certificates[':licenseId'].$get({ param: { licenseId } })).status).toBe(200)
    const { url } = await bodyOf(await api.certificates[':licenseId']['live-code'].$post({ param: { licenseId } }), 200)
    expect((await bodyOf(await bff.api().certificates.verify.$post({ json: { code: url } }), 200)).status).toBe('valid')
    // a grant to 张伟 for the second flat: he opens it; 陈静 tries the same link
    const grant = await bodyOf(
      await api.delegations.$post({ json: { unitCodes: [U.liuyangFlat2], delegateName: ZHANGWEI.name, delegateIdNumber: ZHANGWEI.idNumber, scope: 'status', validHours: 24 } }),
      201,
    )
    expect((await bff.api(delegate).delegate.view.$post({ json: { token: grant.token } })).status).toBe(200)
    expect((await bff.api(stranger).delegate.view.$post({ json: { token: grant.token } })).status).toBe(403)
    // 陈静 runs a restriction query on 刘洋's first flat
    expect((await bff.api(stranger)['restriction-query'].$post({ json: { unitCode: U.liuyangFlat } })).status).toBe(200)
  })
  afterAll(async () => {
    await bff?.close()
  })

  const records = async (who: Auth, query: { unit?: string; before?: string } = {}) => bodyOf(await bff.api(who)['access-records'].$get({ query }), 200)

  it('the owner sees every kind of access, newest first, in plain words, masked, the verifier and querier anonymous', async () => {
    const { items, nextBefore } = await records(owner)
    expect(nextBefore).toBeNull()
    const kinds = items.map((i) => i.kind)
    expect(kinds.filter((k) => k === 'self_view').length).toBe(3) // detail, certificate, 亮证
    for (const k of ['delegate_view', 'delegate_refused', 'verification', 'restriction_query'] as const) expect(kinds).toContain(k)
    const sorted = [...items].sort((a, b) => b.at.localeCompare(a.at))
    expect(items.map((i) => i.at)).toEqual(sorted.map((i) => i.at))

    const view = items.find((i) => i.kind === 'delegate_view')!
    expect(view).toMatchObject({ unitCode: U.liuyangFlat2 })
    expect(view.detail).toMatch(/^张\*\*（\d{6}\*+\d{3}[\dX]）通过您的授权查看$/)
    const refused = items.find((i) => i.kind === 'delegate_refused')!
    expect(refused.detail).toMatch(/^陈\*\*（.+）试图查看，已拒绝（非被授权人）$/)
    const verification = items.find((i) => i.kind === 'verification')!
    expect(verification).toMatchObject({ unitCode: U.liuyangFlat, detail: '核验接口，结果：有效；核验人不记录身份' })
    const query = items.find((i) => i.kind === 'restriction_query')!
    expect(query).toMatchObject({ unitCode: U.liuyangFlat, detail: '有人查询了这处不动产的限制情况（抵押、查封等）' })
    expect(query.location).toBeTruthy()
    const text = JSON.stringify(items)
    for (const secret of ['张伟', '陈静', ZHANGWEI.idNumber, licenseId]) expect(text).not.toContain(secret)
  })

  it('filters by unit', async () => {
    const first = await records(owner, { unit: U.liuyangFlat })
    expect(first.items.length).toBeGreaterThanOrEqual(4)
    expect(first.items.every((i) => i.unitCode === U.liuyangFlat)).toBe(true)
    const second = await records(owner, { unit: U.liuyangFlat2 })
    expect(second.items.map((i) => i.kind).sort()).toEqual(['delegate_refused', 'delegate_view'])
  })

  it('another citizen sees none of it; the stranger’s own restriction query is not “someone looked at my property”', async () => {
    const theirs = await records(stranger)
    expect(theirs.items.filter((i) => i.unitCode === U.liuyangFlat || i.unitCode === U.liuyangFlat2)).toEqual([])
    expect(theirs.items.filter((i) => i.kind === 'restriction_query')).toEqual([])
  })

  it('refuses a bad filter or cursor with a Chinese message, and no session with 401', async () => {
    const bad = await bff.api(owner)['access-records'].$get({ query: { unit: '1234' } })
    expect(await bodyOf(bad, 400)).toMatchObject({ code: 'VALIDATION_FAILED' })
    expect(JSON.stringify(await bodyOf(await bff.api(owner)['access-records'].$get({ query: { before: 'yesterday' } }), 400))).toContain('ISO 8601')
    expect((await bff.api()['access-records'].$get({ query: {} })).status).toBe(401)
  })

  it('pages of 50 follow one another without losing or repeating a record', async () => {
    const api = bff.api(owner)
    for (let i = 0; i < 60; i++) expect((await api.properties[':unitCode'].$get({ param: { unitCode: U.liuyangFlat2 } })).status).toBe(200)
    const all = (await records(owner)).items
    expect(all.length).toBe(50)
    const seen: string[] = []
    let before: string | undefined
    for (let guard = 0; guard < 5; guard++) {
      const page = await records(owner, before ? { before } : {})
      seen.push(...page.items.map((i) => `${i.at}|${i.kind}|${i.detail}`))
      if (!page.nextBefore) break
      before = page.nextBefore
    }
    expect(seen.filter((x) => x.includes('self_view')).length).toBe(63)
    expect(seen.length).toBe(67) // 63 own views + one each of the four other kinds: nothing repeated
    expect(seen.filter((x) => x.includes('delegate_view')).length).toBe(1)
  })
})
