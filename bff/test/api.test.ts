/**
 * BFF integration: the whole request path (middleware, sessions, upstream client, embedded
 * simulator, database) on embedded PGlite AND on a real PostgreSQL 15 server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, CookieJar, csrfHeaders, errorOf, loginH5, loginWeapp, startTestBff, type TestBff } from './helpers'
import { sessions } from '../src/db/schema'
import { auditLog } from '../src/db/schema'
import { eq } from 'drizzle-orm'


describe.each(DB_KINDS)('BFF on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
  })
  afterEach(async () => {
    await bff.close()
  })

  // /healthz, /readyz and the OpenAPI document sit outside the typed API surface: raw requests.
  it('reports health and readiness, and publishes an OpenAPI 3.1 document of its routes', async () => {
    expect((await bff.request('/healthz')).status).toBe(200)
    const ready = await bff.request('/readyz')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', upstream: 'ok' } })
    const doc: unknown = await (await bff.request('/api/openapi.json')).json()
    expect(doc).toMatchObject({ openapi: '3.1.0' })
    for (const p of ['/api/auth/login', '/api/auth/container', '/api/me', '/api/properties', '/api/properties/{unitCode}', '/api/auth/logout']) {
      expect(doc).toHaveProperty(['paths', p])
    }
  })

  it('answers unknown API routes with the 404 envelope and sets security headers', async () => {
    // Raw on purpose: a path the contract does not have.
    const res = await bff.request('/api/nope')
    expect(await errorOf(res, 404)).toMatchObject({ code: 'NOT_FOUND', message: '请求的内容不存在' })
    expect(res.headers.get('x-request-id')).toBeTruthy()
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('H5 login: SSO round trip sets an HttpOnly session cookie and returns to the app page', async () => {
    const { jar, done } = await loginH5(bff, 'c-liuyang', '/pages/properties/index')
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/pages/properties/index')
    const setCookies = done.headers.getSetCookie().join('\n')
    expect(setCookies).toMatch(/bdc_session=[^;]+;.*HttpOnly/i)
    expect(setCookies).toMatch(/bdc_session=[^;]+;.*SameSite=Lax/i)
    const body = await bodyOf(await bff.api(jar).me.$get(), 200)
    expect(body.name).toBe('刘**')
    expect(body.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
    expect(body.channel).toBe('h5')
  })

  it('refuses a login return address outside the app', async () => {
    const res = await bff.api().auth.login.$get({ query: { returnTo: '//evil.example/x' } })
    expect(await bodyOf(res, 400)).toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('a forged, replayed or missing login state gets the 「登录请求已失效」 page and no session', async () => {
    const forged = await bff.api().auth.callback.$get({ query: { code: 'abcdefgh12345678', state: 'forged-state-value' } })
    expect(forged.status).toBe(400)
    expect(await forged.text()).toContain('登录请求已失效，请重新登录')
    expect(forged.headers.getSetCookie().join()).not.toContain('bdc_session')

    const { jar, callback } = await loginH5(bff, 'c-zhangwei')
    // Raw on purpose: the browser's callback URL, replayed.
    const replay = await bff.request(callback.pathname + callback.search, { jar })
    expect(replay.status).toBe(400)
    expect(replay.headers.getSetCookie().join()).not.toContain('bdc_session')
  })

  it('mini-program login: container code → bearer session; a code works once', async () => {
    const { res, token, code, auth } = await loginWeapp(bff, 'c-zhangwei')
    expect(res.status).toBe(200)
    expect(token.length).toBeGreaterThanOrEqual(43) // 256-bit base64url
    expect((await bff.api(auth).me.$get()).status).toBe(200)
    const again = await bff.api().auth.container.$post({ json: { code } })
    expect(await bodyOf(again, 400)).toMatchObject({ code: 'LOGIN_CODE_INVALID', message: '登录凭证无效或已使用，请重新登录' })
  })

  it('lists demo citizens with masked labels only (simulator mode)', async () => {
    const { citizens } = await bodyOf(await bff.api().auth['demo-citizens'].$get(), 200)
    expect(citizens.map((c) => c.citizenId)).toEqual(expect.arrayContaining(['c-zhangwei', 'c-liuyang', 'c-shujin', 'c-chenjing']))
    for (const c of citizens) expect(c.label).not.toMatch(/张伟|刘洋|李娜|王强|陈静/)
  })

  it('shows a citizen their holdings with restriction badges, and the detail fully but masked', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-liuyang')).auth)
    const { items } = await bodyOf(await api.properties.$get(), 200)
    expect(items.length).toBeGreaterThanOrEqual(2)
    const mortgaged = items.find((i) => i.restrictions.some((r) => r.code === 'seal'))!
    expect(mortgaged.restrictions.map((r) => r.label)).toEqual(['抵押', '查封'])
    expect(mortgaged.location).toContain('绵阳市')

    const detail = await bodyOf(await api.properties[':unitCode'].$get({ param: { unitCode: mortgaged.unitCode } }), 200)
    expect(detail.holders).toEqual([expect.objectContaining({ name: '刘**', isSelf: true })])
    expect(detail.holders[0]!.idNumber).toMatch(/^\d{6}\*+\d{3}[\dX]$/)
    const seal = detail.restrictionsDetail.find((r) => r.type.code === 'seal')!
    expect(seal.authority).toContain('人民法院')
    expect(seal.registeredAt).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const mortgage = detail.restrictionsDetail.find((r) => r.type.code === 'mortgage')!
    expect(mortgage.authority).toContain('银行')
    expect(detail.unitCodeDisplay).toMatch(/^\d{6} \d{6} [A-Z]{2}\d{5} [A-Z]\d{8}$/)
    // Nothing personal leaves unmasked.
    const raw = JSON.stringify(detail)
    expect(raw).not.toContain('刘洋')
  })

  it('shows co-owners masked, with shares, and marks the viewer', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-lina')).auth)
    const { items } = await bodyOf(await api.properties.$get(), 200)
    const joint = items.find((i) => i.coOwnership.code === 'joint')!
    const detail = await bodyOf(await api.properties[':unitCode'].$get({ param: { unitCode: joint.unitCode } }), 200)
    expect(detail.holders.map((h) => h.name).sort()).toEqual(['李**', '王**'])
    expect(detail.holders.find((h) => h.isSelf)!.name).toBe('李**')
    // The spouse sees the same flat in their own list.
    const spouse = await loginWeapp(bff, 'c-wangqiang')
    const spouseList = await bodyOf(await bff.api(spouse.auth).properties.$get(), 200)
    expect(spouseList.items.map((i) => i.unitCode)).toContain(joint.unitCode)
  })

  it('gives a citizen with no property an empty list, not an error', async () => {
    const { auth } = await loginWeapp(bff, 'c-chenjing')
    expect((await bodyOf(await bff.api(auth).properties.$get(), 200)).items).toEqual([])
  })

  it("never shows one citizen another citizen's property (IDOR), and validates the unit code", async () => {
    const liu = await loginWeapp(bff, 'c-liuyang')
    const { items } = await bodyOf(await bff.api(liu.auth).properties.$get(), 200)
    const zhang = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth)
    for (const item of items) {
      const res = await zhang.properties[':unitCode'].$get({ param: { unitCode: item.unitCode } })
      expect(await bodyOf(res, 404)).toMatchObject({ code: 'PROPERTY_NOT_FOUND' })
    }
    const bad = await zhang.properties[':unitCode'].$get({ param: { unitCode: 'not-a-unit-code' } })
    expect(await bodyOf(bad, 400)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'unitCode', message: '不动产单元号应为28位，当前为12位' }] })
  })

  it('requires a session for personal routes', async () => {
    expect(await bodyOf(await bff.api().properties.$get(), 401)).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' })
    const bogus = await bff.api({ authorization: 'Bearer ' + 'x'.repeat(43) }).me.$get()
    expect(bogus.status).toBe(401)
  })

  it('cookie sessions: unsafe requests need the CSRF token and our origin; logout ends the session server-side', async () => {
    const { jar } = await loginH5(bff, 'c-zhangwei')
    // Raw on purpose: requests without the CSRF token, or from another origin.
    const noToken = await bff.request('/api/auth/logout', { method: 'POST', jar })
    expect(await errorOf(noToken, 403)).toMatchObject({ code: 'CSRF_REJECTED' })
    const wrongOrigin = await bff.request('/api/auth/logout', { method: 'POST', jar, headers: csrfHeaders(jar, { origin: 'https://evil.example' }) })
    expect(wrongOrigin.status).toBe(403)
    const oldCookie = jar.header()
    expect((await bff.api(jar).auth.logout.$post()).status).toBe(200)
    // The browser forgets the cookie, and the old token is dead on the server too.
    expect(jar.get('bdc_session')).toBeUndefined()
    expect((await bff.api({ cookie: oldCookie }).me.$get()).status).toBe(401)
  })

  it('ends a session after 30 idle minutes and after 12 hours in any case', async () => {
    const me = (auth: Record<string, string>) => bff.api(auth).me.$get()
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    bff.clock.advance(29 * 60_000)
    expect((await me(auth)).status).toBe(200)
    bff.clock.advance(29 * 60_000) // idle clock restarted by the last request
    expect((await me(auth)).status).toBe(200)
    bff.clock.advance(31 * 60_000)
    expect(await bodyOf(await me(auth), 401)).toMatchObject({ code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' })

    const second = await loginWeapp(bff, 'c-zhangwei')
    // Active every 20 minutes: alive for 11 h 40 min, then the 12-hour cap ends it anyway.
    for (let i = 0; i < 12 * 3 - 1; i++) {
      bff.clock.advance(20 * 60_000)
      expect((await me(second.auth)).status).toBe(200)
    }
    bff.clock.advance(20 * 60_000)
    expect((await me(second.auth)).status).toBe(401)
  })

  it('provincial side down, garbled or slow → a clear 5xx envelope, quickly', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth)
    await bff.setFault('down')
    expect(await bodyOf(await api.properties.$get(), 503)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: '省级服务暂时不可用，请稍后再试' })
    expect((await bff.request('/readyz')).status).toBe(503)

    await bff.setFault('garbage')
    expect(await bodyOf(await api.properties.$get(), 502)).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' })

    await bff.setFault('ok')
    expect((await api.properties.$get()).status).toBe(200)
  })

  it('rejects malformed, invalid and oversized bodies with 4xx envelopes, never 500', async () => {
    // Raw on purpose: a body that is not JSON at all.
    const malformed = await bff.request('/api/auth/container', { method: 'POST', body: '{"code":', headers: { 'content-type': 'application/json' } })
    expect((await errorOf(malformed, 400)).code).toMatch(/VALIDATION_FAILED|MALFORMED_JSON/)
    const invalid = await bff.api().auth.container.$post({ json: { code: 'x' } })
    expect(await bodyOf(invalid, 400)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'code', message: '登录凭证格式不正确' }] })
    // Raw on purpose: a body past the API's size limit.
    const huge = await bff.request('/api/auth/container', { method: 'POST', body: JSON.stringify({ code: 'x'.repeat(100_000) }), headers: { 'content-type': 'application/json' } })
    expect(await errorOf(huge, 413)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
  })

  it('keeps names and ID numbers out of logs and stores them only encrypted', async () => {
    await loginH5(bff, 'c-liuyang')
    const { auth } = await loginWeapp(bff, 'c-liuyang')
    await bff.api(auth).properties.$get()
    expect(await bodyOf(await bff.api().auth['demo-citizens'].$get(), 200)).toBeTruthy()
    const rows = await bff.boot.deps.db.select().from(sessions)
    expect(rows.length).toBe(2)
    const userInfoIdNumber = bff.boot.deps.cipher.open(rows[0]!.idNumberSealed)
    expect(userInfoIdNumber).toMatch(/^\d{17}[\dX]$/)
    const stored = JSON.stringify(rows)
    expect(stored).not.toContain(userInfoIdNumber)
    expect(stored).not.toContain('刘洋')
    const logs = bff.logs.join('\n')
    expect(logs.length).toBeGreaterThan(100)
    expect(logs).not.toContain(userInfoIdNumber)
    expect(logs).not.toContain('刘洋')
  })

  it('records logins and views in a hash-chained audit log that refuses edits', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth)
    const { items } = await bodyOf(await api.properties.$get(), 200)
    await api.properties[':unitCode'].$get({ param: { unitCode: items[0]!.unitCode } })
    const db = bff.boot.deps.db
    const rows = await db.select().from(auditLog).orderBy(auditLog.id)
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'property.list', 'property.view'])
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash)
    await expect(db.update(auditLog).set({ target: 'tampered' }).where(eq(auditLog.id, rows[1]!.id))).rejects.toThrow()
    expect((await db.select().from(auditLog).orderBy(auditLog.id))[1]!.target).toBe(rows[1]!.target)
  })
})

describe('upstream timeouts', () => {
  it('a slow provincial side becomes UPSTREAM_TIMEOUT within the configured deadline', async () => {
    const bff = await startTestBff({ env: { UPSTREAM_TIMEOUT_MS: '300' } })
    try {
      const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth)
      await bff.setFault('slow', 2000)
      const t = performance.now()
      expect(await bodyOf(await api.properties.$get(), 503)).toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: '省级服务响应超时，请稍后再试' })
      expect(performance.now() - t).toBeLessThan(1500)
      await bff.setFault('ok')
    } finally {
      await bff.close()
    }
  })
})

describe('CookieJar helper', () => {
  it('drops cookies the server deletes', () => {
    const jar = new CookieJar()
    jar.take(new Response(null, { headers: [['set-cookie', 'a=1; Path=/'], ['set-cookie', 'b=2; Path=/']] }))
    jar.take(new Response(null, { headers: [['set-cookie', 'a=; Max-Age=0; Path=/']] }))
    expect([...jar.cookies.keys()]).toEqual(['b'])
  })
})
