/**
 * Issue 12 §8, the smaller holes on the BFF side: an exact idle limit, browser-session cookies,
 * `Cache-Control: no-store` on personal answers, no plaintext provincial subject at rest, and framing
 * that follows one setting (FRAME_ANCESTORS).
 */
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { loadConfig } from '../src/config'
import { securityHeaders } from '../src/lib/security-headers'
import { bodyOf, loginH5, loginWeapp, startTestBff, type TestBff } from './helpers'

describe.each(DB_KINDS)('session hardening on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  const start = async (env: Record<string, string> = {}) => {
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env })
    return bff
  }
  afterEach(async () => {
    await bff?.close()
  })

  it('the idle limit is exact, even for a one-minute setting', async () => {
    await start({ SESSION_IDLE_MINUTES: '1' })
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    const me = () => bff.api(auth).me.$get()
    // Each request restarts the idle clock, however soon after the last one it comes.
    for (let i = 0; i < 3; i++) {
      bff.clock.advance(59_999)
      expect((await me()).status).toBe(200)
    }
    bff.clock.advance(60_000)
    expect(await bodyOf(await me(), 401)).toMatchObject({ code: 'SESSION_EXPIRED' })
  })

  it('the idle limit is exact at the default 30 minutes: alive at 29:59.999, gone at 30:00', async () => {
    await start()
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    const me = () => bff.api(auth).me.$get()
    bff.clock.advance(30 * 60_000 - 1)
    expect((await me()).status).toBe(200)
    bff.clock.advance(30 * 60_000 - 1)
    expect((await me()).status).toBe(200)
    bff.clock.advance(30 * 60_000)
    expect(await bodyOf(await me(), 401)).toMatchObject({ code: 'SESSION_EXPIRED' })
  })

  it('the H5 session and CSRF cookies are browser-session cookies (no Expires, no Max-Age)', async () => {
    await start()
    const { done } = await loginH5(bff, 'c-liuyang')
    const set = done.headers.getSetCookie()
    const session = set.find((l) => l.startsWith('bdc_session='))!
    const csrf = set.find((l) => l.startsWith('bdc_csrf='))!
    expect(session).toMatch(/HttpOnly/i)
    for (const line of [session, csrf]) expect(line).not.toMatch(/Expires=|Max-Age=/i)
  })

  it('personal answers carry Cache-Control: no-store (H5 and mini-program, success and error)', async () => {
    await start()
    const { jar } = await loginH5(bff, 'c-liuyang')
    const { auth } = await loginWeapp(bff, 'c-liuyang')
    for (const api of [bff.api(jar), bff.api(auth)]) {
      const me = await api.me.$get()
      expect(me.status).toBe(200)
      expect(me.headers.get('cache-control')).toBe('no-store')
      const list = await api.properties.$get()
      expect(list.status).toBe(200)
      expect(list.headers.get('cache-control')).toBe('no-store')
      const { items } = await bodyOf(list, 200)
      const detail = await api.properties[':unitCode'].$get({ param: { unitCode: items[0]!.unitCode } })
      expect(detail.status).toBe(200)
      expect(detail.headers.get('cache-control')).toBe('no-store')
    }
    const anonymous = await bff.api().me.$get()
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('cache-control')).toBe('no-store')
  })

  it('the provincial subject is not stored in plaintext: only its blind index and its sealed value (the face check reads it)', async () => {
    await start()
    const { auth } = await loginWeapp(bff, 'c-liuyang')
    // The simulator's subject of a citizen is their id (generated people: it embeds the ID number).
    const rows = await bff.boot.deps.db.execute(sql`select * from sessions`)
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Record<string, unknown>[]
    expect(list).toHaveLength(1)
    const row = list[0]!
    expect(row).not.toHaveProperty('subject')
    expect(JSON.stringify(row)).not.toContain('c-liuyang')
    expect(row.subject_index).toBe(bff.boot.deps.cipher.blindIndex('c-liuyang'))
    expect(bff.boot.deps.cipher.open(String(row.subject_sealed))).toBe('c-liuyang')
    expect((await bff.api(auth).me.$get()).status).toBe(200)
  })

  it("framing: FRAME_ANCESTORS unset → frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    await start()
    const res = await bff.request('/api/nope')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('framing: an allowed container origin is in frame-ancestors, and X-Frame-Options (which cannot name it) is absent', async () => {
    await start({ FRAME_ANCESTORS: 'https://tfsmy.example.cn' })
    const res = await bff.request('/api/nope')
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors https://tfsmy.example.cn;')
    expect(res.headers.get('x-frame-options')).toBeNull()
  })
})

describe('FRAME_ANCESTORS setting', () => {
  const headersFor = (v?: string) => securityHeaders(loadConfig(v === undefined ? {} : { FRAME_ANCESTORS: v }))
  it("maps none / 'self' / origins onto CSP and X-Frame-Options consistently", () => {
    expect(headersFor()['X-Frame-Options']).toBe('DENY')
    expect(headersFor('none')['Content-Security-Policy']).toContain("frame-ancestors 'none'")
    expect(headersFor("'self'")['X-Frame-Options']).toBe('SAMEORIGIN')
    expect(headersFor('self')['Content-Security-Policy']).toContain("frame-ancestors 'self';")
    const two = headersFor("'self', https://a.example.cn https://b.example.cn:8443")
    expect(two['Content-Security-Policy']).toContain("frame-ancestors 'self' https://a.example.cn https://b.example.cn:8443;")
    expect(two).not.toHaveProperty('X-Frame-Options')
  })
  it('refuses values that are not origins (a path, a wildcard, a header injection)', () => {
    for (const bad of ['https://a.example.cn/path', '*', 'https://a.example.cn;script-src *', 'javascript:x']) {
      expect(() => loadConfig({ FRAME_ANCESTORS: bad }), bad).toThrow(/FRAME_ANCESTORS/)
    }
  })
})
