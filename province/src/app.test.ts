import { and, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DemoCitizens, HoldingsResponse, LegalRepresentativeResponse, TokenResponse, UpstreamUnitDetail, UserInfo, type HolderRef } from '@bdc/shared/province-contract'
import { createSimulator } from './app'
import { openSimulatorDatabase } from './db/connect'
import { authCodes, citizens } from './identity/identity.schema'
import { DEMO_UNIT_CODES as U } from './seed/demo-data'
import { seedDemo, seedRegistry } from './seed/seed'

type Opened = Awaited<ReturnType<typeof openSimulatorDatabase>>
type App = ReturnType<typeof createSimulator>

const CLIENT_ID = 'bdc-bff'
const SECRET = 'test-secret-0123456789'
const BASIC = 'Basic ' + Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')
const REDIRECT = 'http://127.0.0.1:8787/api/auth/callback'

let opened: Opened
let app: App
let clock = new Date('2026-11-27T10:00:00Z')
const holders: Record<string, HolderRef> = {}

const post = (path: string, body: unknown, auth: string | null = BASIC) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

async function holdings(citizenId: string) {
  const res = await post('/registry/holdings', { holder: holders[citizenId] })
  expect(res.status).toBe(200)
  return HoldingsResponse.parse(await res.json()).holdings
}
async function detail(citizenId: string, unitCode: string) {
  return post('/registry/units/detail', { unitCode, holder: holders[citizenId] })
}

async function login(citizenId: string, redirectUri = REDIRECT, state = 'st-123') {
  const form = new URLSearchParams({ citizenId, client_id: CLIENT_ID, redirect_uri: redirectUri, state })
  const res = await app.request('/sso/authorize', { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  expect(res.status).toBe(302)
  const loc = new URL(res.headers.get('location')!)
  expect(`${loc.origin}${loc.pathname}`).toBe(redirectUri)
  expect(loc.searchParams.get('state')).toBe(state)
  return loc.searchParams.get('code')!
}
const exchange = (code: string, redirect_uri: string | undefined = REDIRECT, grant_type = 'authorization_code') =>
  post('/sso/token', { grant_type, code, redirect_uri })

beforeAll(async () => {
  opened = await openSimulatorDatabase()
  await seedDemo(opened.db)
  await seedRegistry(opened.db, { seed: 1, units: 200 })
  app = createSimulator({ db: opened.db, clientId: CLIENT_ID, clientSecret: SECRET, now: () => clock })
  for (const c of await opened.db.select().from(citizens)) holders[c.id] = { idType: c.idType as HolderRef['idType'], idNumber: c.idNumber }
})
afterAll(async () => {
  await opened.close()
})

describe('SSO', () => {
  it('authorize page lists the demo citizens with masked labels only', async () => {
    const q = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT, state: 'abc"<x>' })
    const res = await app.request(`/sso/authorize?${q}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1:8787")
    const html = await res.text()
    expect(html).toContain('统一身份认证')
    for (const id of ['c-zhangwei', 'c-lina', 'c-wangqiang', 'c-liuyang', 'c-shujin', 'c-chenjing']) expect(html).toContain(`value="${id}"`)
    expect(html).toContain('张** · 个人')
    expect(html).not.toContain('张伟')
    expect(html).not.toContain(holders['c-zhangwei']!.idNumber)
    expect(html).toContain('abc&quot;&lt;x&gt;') // state is escaped
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/) // no scripts, no external assets
  })

  it.each([
    ['bad client', { response_type: 'code', client_id: 'evil', redirect_uri: REDIRECT }],
    ['bad redirect', { response_type: 'code', client_id: CLIENT_ID, redirect_uri: 'javascript:alert(1)' }],
    ['relative redirect', { response_type: 'code', client_id: CLIENT_ID, redirect_uri: '/cb' }],
    ['missing response_type', { client_id: CLIENT_ID, redirect_uri: REDIRECT }],
  ])('authorize with %s → Chinese 400 page', async (_name, params) => {
    const res = await app.request(`/sso/authorize?${new URLSearchParams(params as Record<string, string>)}`)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('无法继续登录')
  })

  it('POST authorize rejects unknown citizens and bad clients with 400', async () => {
    const bad = async (f: Record<string, string>) =>
      (await app.request('/sso/authorize', { method: 'POST', body: new URLSearchParams(f), headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status
    expect(await bad({ citizenId: 'c-nobody', client_id: CLIENT_ID, redirect_uri: REDIRECT })).toBe(400)
    expect(await bad({ citizenId: 'c-zhangwei', client_id: 'evil', redirect_uri: REDIRECT })).toBe(400)
    expect(await bad({ citizenId: 'c-zhangwei', client_id: CLIENT_ID, redirect_uri: 'ftp://x' })).toBe(400)
    expect(await bad({ client_id: CLIENT_ID, redirect_uri: REDIRECT })).toBe(400)
  })

  it('full flow: authorize → code → token → userinfo', async () => {
    const code = await login('c-zhangwei')
    expect(code.length).toBeGreaterThanOrEqual(32)
    // stored hashed
    const rows = await opened.db.select().from(authCodes)
    expect(rows.some((r) => r.codeHash === code)).toBe(false)
    const res = await exchange(code)
    expect(res.status).toBe(200)
    const tok = TokenResponse.parse(await res.json())
    const me = await app.request('/sso/userinfo', { headers: { authorization: `Bearer ${tok.access_token}` } })
    expect(me.status).toBe(200)
    const info = UserInfo.parse(await me.json())
    expect(info).toMatchObject({ sub: 'c-zhangwei', name: '张伟', kind: 'person', idType: '111', idNumber: holders['c-zhangwei']!.idNumber })
  })

  it('codes are single-use', async () => {
    const code = await login('c-lina')
    expect((await exchange(code)).status).toBe(200)
    const again = await exchange(code)
    expect(again.status).toBe(400)
    expect(await again.json()).toMatchObject({ code: 'INVALID_GRANT' })
  })

  it('codes expire after 5 minutes', async () => {
    const code = await login('c-lina')
    clock = new Date(clock.getTime() + 5 * 60_000 + 1000)
    try {
      const res = await exchange(code)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'INVALID_GRANT' })
    } finally {
      clock = new Date('2026-11-27T10:00:00Z')
    }
  })

  it('redirect_uri must match the one used at authorize', async () => {
    const code = await login('c-lina')
    const res = await exchange(code, 'http://127.0.0.1:8787/other')
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'INVALID_GRANT' })
    expect((await exchange(code)).status).toBe(400) // and the code is burnt
  })

  it('unknown code and wrong grant type → INVALID_GRANT', async () => {
    expect(await (await exchange('no-such-code')).json()).toMatchObject({ code: 'INVALID_GRANT' })
    const code = await login('c-lina')
    const res = await exchange(code, undefined, 'container_code')
    expect(res.status).toBe(400)
  })

  it('container code flow', async () => {
    const res = await post('/sso/container/code', { citizenId: 'c-liuyang' })
    expect(res.status).toBe(200)
    const { code } = (await res.json()) as { code: string }
    expect(code.length).toBeGreaterThanOrEqual(8)
    expect((await exchange(code, REDIRECT, 'authorization_code')).status).toBe(400) // wrong grant burns it
    const { code: code2 } = (await (await post('/sso/container/code', { citizenId: 'c-liuyang' })).json()) as { code: string }
    const tok = await post('/sso/token', { grant_type: 'container_code', code: code2 })
    expect(tok.status).toBe(200)
    const { access_token } = TokenResponse.parse(await tok.json())
    const info = UserInfo.parse(await (await app.request('/sso/userinfo', { headers: { authorization: `Bearer ${access_token}` } })).json())
    expect(info.sub).toBe('c-liuyang')
    expect((await post('/sso/container/code', { citizenId: 'c-nobody' })).status).toBe(404)
  })

  it('userinfo needs a valid, unexpired bearer token', async () => {
    expect((await app.request('/sso/userinfo')).status).toBe(401)
    const bad = await app.request('/sso/userinfo', { headers: { authorization: 'Bearer not-a-real-token-0000' } })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toMatchObject({ code: 'UNAUTHORIZED' })
    expect((await app.request('/sso/userinfo', { headers: { authorization: BASIC } })).status).toBe(401)
    const { access_token } = TokenResponse.parse(await (await exchange(await login('c-chenjing'))).json())
    clock = new Date(clock.getTime() + 3601_000)
    try {
      expect((await app.request('/sso/userinfo', { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(401)
    } finally {
      clock = new Date('2026-11-27T10:00:00Z')
    }
  })

  it('demo citizens endpoint', async () => {
    const res = await app.request('/sso/demo-citizens', { headers: { authorization: BASIC } })
    const body = DemoCitizens.parse(await res.json())
    expect(body.citizens.map((c) => c.citizenId)).toEqual(['c-zhangwei', 'c-lina', 'c-wangqiang', 'c-liuyang', 'c-shujin', 'c-chenjing'])
    expect(body.citizens[0]!.label).toBe('张** · 个人 · 1 套住宅 + 车位')
  })

  it('names a company account’s 法定代表人 (a person with a reference photo); nobody for persons, unknown or unregistered', async () => {
    const res = await post('/sso/legal-representative', { sub: 'c-shujin' })
    expect(res.status).toBe(200)
    const rep = LegalRepresentativeResponse.parse(await res.json())
    expect(rep.name).toBe('王建国')
    expect((await post('/sso/reference-photo', { sub: rep.sub })).status).toBe(200)
    expect((await post('/sso/reference-photo', { sub: 'c-shujin' })).status).toBe(404)
    for (const sub of ['c-zhangwei', 'nobody']) expect((await post('/sso/legal-representative', { sub })).status).toBe(404)
    const [org] = await opened.db.select({ id: citizens.id }).from(citizens).where(and(eq(citizens.kind, 'organization'), isNull(citizens.legalRepId))).limit(1)
    if (org) expect((await post('/sso/legal-representative', { sub: org.id })).status).toBe(404)
    expect((await post('/sso/legal-representative', { sub: 'c-shujin' }, null)).status).toBe(401)
  })

  it('seeding the demo again on an older database adds the representative without touching the rest', async () => {
    await opened.db.update(citizens).set({ legalRepId: null }).where(eq(citizens.id, 'c-shujin'))
    expect(await seedDemo(opened.db)).toEqual({ created: false })
    expect((await post('/sso/legal-representative', { sub: 'c-shujin' })).status).toBe(200)
  })
})

describe('client authentication', () => {
  const wrong = [
    ['no header', null],
    ['wrong secret', 'Basic ' + Buffer.from(`${CLIENT_ID}:nope`).toString('base64')],
    ['wrong client', 'Basic ' + Buffer.from(`other:${SECRET}`).toString('base64')],
    ['no colon', 'Basic ' + Buffer.from(CLIENT_ID).toString('base64')],
    ['bearer instead', 'Bearer abcdefghijklmnopqrstuvwxyz'],
    ['garbage', 'Basic !!!'],
  ] as const
  it.each(wrong)('%s → 401 UNAUTHORIZED on every client endpoint', async (_n, auth) => {
    for (const [path, body] of [
      ['/sso/token', { grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT }],
      ['/sso/container/code', { citizenId: 'c-zhangwei' }],
      ['/registry/holdings', { holder: { idType: '111', idNumber: '110101199003071234' } }],
      ['/registry/units/detail', { unitCode: U.zhangweiFlat, holder: { idType: '111', idNumber: '110101199003071234' } }],
      ['/__sim/faults', { mode: 'down' }],
    ] as const) {
      const res = await post(path, body, auth)
      expect(res.status, path).toBe(401)
      expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' })
    }
    expect((await app.request('/sso/demo-citizens', auth ? { headers: { authorization: auth } } : {})).status).toBe(401)
  })
})

describe('registry', () => {
  it('张伟: a flat and a parking space, sole, no restrictions', async () => {
    const h = await holdings('c-zhangwei')
    expect(h.map((x) => x.bdcdyh)).toEqual([U.zhangweiFlat, U.zhangweiParking])
    expect(h.map((x) => x.yt)).toEqual(['residential', 'parking'])
    expect(h.every((x) => x.gyfs === 'sole' && x.xzlx.length === 0)).toBe(true)
    expect(h[0]).toMatchObject({ bdcqzh: '川(2023)成都市不动产权第0012345号', jzmj: 98.56, qllx: 'state_land_building' })
    expect(h[0]!.zl).toContain('四川省成都市武侯区')
    const d = UpstreamUnitDetail.parse(await (await detail('c-zhangwei', U.zhangweiFlat)).json())
    expect(d).toMatchObject({ qxdm: '510107', djjg: '成都市不动产登记中心', syqx_q: '2012-03-01', syqx_z: '2082-02-28', zyjzmj: 80.12, ftjzmj: 18.44, szc: 18, zcs: 33, xz: [] })
    expect(d.qlr).toEqual([{ qlrmc: '张伟', qlrlx: 'person', zjzl: '111', zjh: holders['c-zhangwei']!.idNumber, qlbl: null }])
  })

  it('陈静 holds nothing now (her sold flat is historical)', async () => {
    expect(await holdings('c-chenjing')).toEqual([])
    expect((await detail('c-chenjing', U.zhangweiFlat)).status).toBe(404)
  })

  it('刘洋: mortgage and seal with dates and authorities; second flat with 预告 and 异议', async () => {
    const h = await holdings('c-liuyang')
    expect(h).toHaveLength(2)
    expect(h.find((x) => x.bdcdyh === U.liuyangFlat)!.xzlx).toEqual(['mortgage', 'seal'])
    expect(h.find((x) => x.bdcdyh === U.liuyangFlat2)!.xzlx).toEqual(['objection', 'advance_notice'])
    const d = UpstreamUnitDetail.parse(await (await detail('c-liuyang', U.liuyangFlat)).json())
    expect(d.zl).toContain('四川省绵阳市涪城区')
    const mortgage = d.xz.find((x) => x.xzlx === 'mortgage')!
    expect(mortgage).toMatchObject({ jg: '中国建设银行股份有限公司绵阳分行', djsj: '2021-06-18', qx_q: '2021-06-18', qx_z: '2041-06-17', bdbzzqse: 78.5 })
    expect(mortgage.wh).toBe('川(2021)绵阳市不动产证明第0023456号')
    const seal = d.xz.find((x) => x.xzlx === 'seal')!
    expect(seal).toMatchObject({ jg: '绵阳市涪城区人民法院', wh: '（2025）川0703执保123号', qx_q: '2025-09-15', qx_z: '2028-09-14' })
    const d2 = UpstreamUnitDetail.parse(await (await detail('c-liuyang', U.liuyangFlat2)).json())
    // the lapsed 异议 of 2025 is still listed, marked; the flags above leave it out
    expect(d2.xz.map((x) => `${x.xzlx}${x.sfdq ? ' 已到期' : ''}`).sort()).toEqual(['advance_notice', 'objection', 'objection 已到期'])
    expect(d2.xz.filter((x) => x.xzlx !== 'mortgage').every((x) => x.jglx === 'person')).toBe(true)
    expect(d.xz.every((x) => x.jglx === 'organization')).toBe(true)
  })

  it('an 异议 lapses fifteen days after filing: still listed (sfdq), no longer flagged in holdings or the look-up', async () => {
    const d2 = UpstreamUnitDetail.parse(await (await detail('c-liuyang', U.liuyangFlat2)).json())
    const live = d2.xz.find((x) => x.xzlx === 'objection' && !x.sfdq)!
    const saved = clock
    try {
      clock = new Date(Date.parse(`${live.qx_z}T00:00:00+08:00`) + 86_400_000 + 3_600_000)
      expect((await holdings('c-liuyang')).find((x) => x.bdcdyh === U.liuyangFlat2)!.xzlx).toEqual(['advance_notice'])
      const after = UpstreamUnitDetail.parse(await (await detail('c-liuyang', U.liuyangFlat2)).json())
      expect(after.xz.filter((x) => x.xzlx === 'objection').map((x) => x.sfdq)).toEqual([true, true])
      const looked = UpstreamUnitDetail.parse(await (await post('/registry/units/lookup', { unitCode: U.liuyangFlat2 })).json())
      expect(looked.xzlx).toEqual(['advance_notice'])
      // the day it ends it still holds
      clock = new Date(`${live.qx_z}T23:00:00+08:00`)
      expect((await holdings('c-liuyang')).find((x) => x.bdcdyh === U.liuyangFlat2)!.xzlx).toEqual(['objection', 'advance_notice'])
    } finally {
      clock = saved
    }
  })

  it('李娜 and 王强 both see the joint flat; the shop is 按份共有 1/2', async () => {
    const lina = await holdings('c-lina')
    const wang = await holdings('c-wangqiang')
    expect(lina.map((x) => x.bdcdyh).sort()).toEqual([U.jointFlat, U.linaShop].sort())
    expect(wang.map((x) => x.bdcdyh)).toEqual([U.jointFlat])
    expect(lina.find((x) => x.bdcdyh === U.jointFlat)!.gyfs).toBe('joint')
    const joint = UpstreamUnitDetail.parse(await (await detail('c-wangqiang', U.jointFlat)).json())
    expect(joint.qlr.map((q) => q.qlrmc)).toEqual(['李娜', '王强'])
    const shop = UpstreamUnitDetail.parse(await (await detail('c-lina', U.linaShop)).json())
    expect(shop.gyfs).toBe('shares')
    expect(shop.yt).toBe('commercial')
    expect(shop.qlr.map((q) => q.qlbl)).toEqual(['1/2', '1/2'])
    expect(shop.syqx_z).toBe('2045-07-31') // 40-year commercial term
    expect((await detail('c-wangqiang', U.linaShop)).status).toBe(404)
  })

  it('四川蜀锦置业有限公司 holds offices in 成都 and shops in 德阳 by its USCC', async () => {
    expect(holders['c-shujin']!.idType).toBe('001')
    const h = await holdings('c-shujin')
    expect(h).toHaveLength(4)
    expect(h.some((x) => x.zl.includes('成都市') && x.yt === 'office')).toBe(true)
    expect(h.some((x) => x.zl.includes('德阳市') && x.yt === 'commercial' && x.xzlx.includes('mortgage'))).toBe(true)
  })

  it('detail of somebody else’s unit, or an unknown unit, is 404', async () => {
    const res = await detail('c-zhangwei', U.liuyangFlat)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' })
    expect((await detail('c-zhangwei', '510107999999GB99999F99999999')).status).toBe(404)
    const nobody = await post('/registry/units/detail', { unitCode: U.zhangweiFlat, holder: { idType: '111', idNumber: '110101199003071234' } })
    expect(nobody.status).toBe(404)
  })

  it('unknown holder has no holdings; the holder id type must match too', async () => {
    expect((await post('/registry/holdings', { holder: { idType: '111', idNumber: '110101199003071234' } })).status).toBe(200)
    const res = await post('/registry/holdings', { holder: { idType: '414', idNumber: holders['c-zhangwei']!.idNumber } })
    expect(HoldingsResponse.parse(await res.json()).holdings).toEqual([])
  })

  it('background owners see exactly their current units, each valid against the contract', async () => {
    const some = (await opened.db.select().from(citizens).where(eq(citizens.isDemo, false)).limit(30)).map((c) => c.id)
    let seen = 0
    for (const id of some) {
      for (const s of await holdings(id)) {
        const res = await detail(id, s.bdcdyh)
        expect(res.status).toBe(200)
        const d = UpstreamUnitDetail.parse(await res.json())
        expect(d.bdcdyh).toBe(s.bdcdyh)
        expect(d.xzlx).toEqual(s.xzlx)
        expect(d.qlr.some((q) => q.zjh === holders[id]!.idNumber)).toBe(true)
        seen++
      }
    }
    expect(seen).toBeGreaterThan(5)
  })
})

describe('bad input → 400, never 500', () => {
  const bodies: [string, string, unknown][] = [
    ['/registry/holdings', 'not json', 'this is not json'],
    ['/registry/holdings', 'empty', ''],
    ['/registry/holdings', 'null', 'null'],
    ['/registry/holdings', 'array', '[]'],
    ['/registry/holdings', 'missing holder', {}],
    ['/registry/holdings', 'bad id type', { holder: { idType: '123', idNumber: '510107198506129151' } }],
    ['/registry/holdings', 'short id', { holder: { idType: '111', idNumber: '1' } }],
    ['/registry/holdings', 'number id', { holder: { idType: '111', idNumber: 510107198506 } }],
    ['/registry/units/detail', 'short unit code', { unitCode: '123', holder: { idType: '111', idNumber: '510107198506129151' } }],
    ['/registry/units/detail', 'no holder', { unitCode: U.zhangweiFlat }],
    ['/sso/token', 'bad grant', { grant_type: 'password', code: 'x' }],
    ['/sso/token', 'no code', { grant_type: 'authorization_code' }],
    ['/sso/token', 'huge code', { grant_type: 'authorization_code', code: 'x'.repeat(5000) }],
    ['/sso/container/code', 'no citizen', {}],
    ['/__sim/faults', 'bad mode', { mode: 'explode' }],
    ['/__sim/faults', 'negative delay', { mode: 'slow', delayMs: -1 }],
    ['/registry/holdings', 'too large', { holder: { idType: '111', idNumber: '510107198506129151' }, pad: 'x'.repeat(100_000) }],
  ]
  it.each(bodies)('%s: %s', async (path, _name, body) => {
    const res = await post(path, body)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) })
  })

  it('unknown route → 404 NOT_FOUND; wrong method → 404', async () => {
    const res = await app.request('/registry/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' })
    expect((await app.request('/registry/holdings')).status).toBe(404)
  })

  it('health', async () => {
    const res = await app.request('/health')
    expect(await res.json()).toEqual({ ok: true })
  })
})

describe('fault injection', () => {
  const setFault = async (mode: string, delayMs?: number) => {
    const res = await post('/__sim/faults', { mode, delayMs })
    expect(res.status).toBe(200)
  }
  afterAll(async () => {
    await setFault('ok')
  })

  it('down → 503 on JSON endpoints, login page and fault switch still work', async () => {
    await setFault('down')
    const res = await post('/registry/holdings', { holder: holders['c-zhangwei'] })
    expect(res.status).toBe(503)
    expect((await post('/sso/token', { grant_type: 'authorization_code', code: 'x' })).status).toBe(503)
    expect((await app.request('/sso/userinfo', { headers: { authorization: 'Bearer xxxxxxxxxxxxxxxxxxxx' } })).status).toBe(503)
    expect((await app.request('/health')).status).toBe(503)
    const page = await app.request(`/sso/authorize?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT })}`)
    expect(page.status).toBe(200)
    const state = await app.request('/__sim/faults', { headers: { authorization: BASIC } })
    expect(await state.json()).toEqual({ mode: 'down', delayMs: 0 })
    await setFault('ok')
    expect((await post('/registry/holdings', { holder: holders['c-zhangwei'] })).status).toBe(200)
  })

  it('garbage → 200 with a body that is not JSON', async () => {
    await setFault('garbage')
    const res = await post('/registry/holdings', { holder: holders['c-zhangwei'] })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(() => JSON.parse(text)).toThrow()
    await setFault('ok')
  })

  it('slow → answers correctly after delayMs', async () => {
    await setFault('slow', 300)
    const t0 = Date.now()
    const res = await post('/registry/holdings', { holder: holders['c-zhangwei'] })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    expect(HoldingsResponse.parse(await res.json()).holdings).toHaveLength(2)
    await setFault('ok')
  })

  it('fault state belongs to one app instance', async () => {
    await setFault('down')
    const other = createSimulator({ db: opened.db, clientId: CLIENT_ID, clientSecret: SECRET })
    expect((await other.request('/health')).status).toBe(200)
    await setFault('ok')
  })
})

describe('basePath', () => {
  it('mounts every route under the base path', async () => {
    const mounted = createSimulator({ db: opened.db, clientId: CLIENT_ID, clientSecret: SECRET, basePath: '/province' })
    expect((await mounted.request('/province/health')).status).toBe(200)
    expect((await mounted.request('/health')).status).toBe(404)
    const q = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT })
    const html = await (await mounted.request(`/province/sso/authorize?${q}`)).text()
    expect(html).toContain('action="/province/sso/authorize"')
  })
})
