/**
 * Issue 12 §1: an H5 login counts only in the browser that started it. An attacker who starts a
 * login, picks their own account and mails the victim the callback link must not log the victim's
 * browser in as the attacker (login CSRF / session fixation), whether or not the victim was logged in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { eq } from 'drizzle-orm'
import { auditLog } from '../src/db/schema'
import { bodyOf, CookieJar, loginH5, loginWeapp, startTestBff, type TestBff } from './helpers'

/** Starts a login in `jar`'s browser and picks `citizenId` on the SSO page, stopping before the callback. */
async function stopBeforeCallback(bff: TestBff, jar: CookieJar, citizenId: string) {
  const start = await bff.request('/api/auth/login?returnTo=%2Fpages%2Fproperties%2Findex', { jar })
  expect(start.status).toBe(302)
  const authorize = new URL(start.headers.get('location')!)
  const picked = await bff.request(authorize.pathname, {
    method: 'POST',
    body: new URLSearchParams({
      citizenId,
      client_id: authorize.searchParams.get('client_id')!,
      redirect_uri: authorize.searchParams.get('redirect_uri')!,
      state: authorize.searchParams.get('state')!,
    }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
  expect(picked.status).toBe(302)
  const callback = new URL(picked.headers.get('location')!)
  return { start, link: callback.pathname + callback.search }
}

async function expectLoginExpiredPage(res: Response) {
  expect(res.status).toBe(400)
  expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  const html = await res.text()
  expect(html).toContain('登录请求已失效，请重新登录')
  expect(html).toContain('href="/api/auth/login"')
  // The browser's session is left as it was: no session or CSRF cookie is set or cleared.
  expect(res.headers.getSetCookie().join('\n')).not.toMatch(/bdc_session|bdc_csrf/)
}

describe.each(DB_KINDS)('login bound to the browser that started it, on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
  })
  afterEach(async () => {
    await bff.close()
  })

  it("the attacker's callback link opened in the logged-in victim's browser changes nothing", async () => {
    const attacker = new CookieJar()
    const { link } = await stopBeforeCallback(bff, attacker, 'c-zhangwei')

    const victim = await loginH5(bff, 'c-liuyang')
    const before = await bodyOf(await bff.api(victim.jar).me.$get(), 200)
    expect(before.name).toBe('刘**')
    const sessionCookie = victim.jar.get('bdc_session')

    await expectLoginExpiredPage(await bff.request(link, { jar: victim.jar }))

    expect(victim.jar.get('bdc_session')).toBe(sessionCookie)
    expect(await bodyOf(await bff.api(victim.jar).me.$get(), 200)).toEqual(before)
    // The leaked link is spent: not even the attacker's own browser can use it afterwards.
    await expectLoginExpiredPage(await bff.request(link, { jar: attacker }))
    expect(attacker.get('bdc_session')).toBeUndefined()
    // both refusals are in the audit trail, with no actor (nobody logged in by them)
    const refused = (await bff.boot.deps.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login'))).filter((r) => r.outcome === 'denied')
    expect(refused).toHaveLength(2)
    expect(refused.every((r) => r.actor === null && r.target === 'h5 state')).toBe(true)
  })

  it("the attacker's link in a browser that was not logged in leaves it logged out", async () => {
    const { link } = await stopBeforeCallback(bff, new CookieJar(), 'c-zhangwei')
    const victim = new CookieJar()
    await expectLoginExpiredPage(await bff.request(link, { jar: victim }))
    expect(victim.get('bdc_session')).toBeUndefined()
    expect((await bff.api(victim).me.$get()).status).toBe(401)
  })

  it("the attacker's own flow, in their own browser, still logs them in — once", async () => {
    const attacker = new CookieJar()
    const { start, link } = await stopBeforeCallback(bff, attacker, 'c-zhangwei')
    const bindingCookie = start.headers.getSetCookie().find((l) => l.startsWith('bdc_login='))!
    expect(bindingCookie).toMatch(/HttpOnly/i)
    expect(bindingCookie).toMatch(/SameSite=Lax/i)
    expect(bindingCookie).toMatch(/Path=\/api\/auth/i)
    expect(bindingCookie).toMatch(/Max-Age=600/i)

    const done = await bff.request(link, { jar: attacker })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/pages/properties/index')
    expect(done.headers.getSetCookie().join('\n')).toMatch(/bdc_login=;.*Max-Age=0/i)
    expect((await bodyOf(await bff.api(attacker).me.$get(), 200)).name).toBe('张**')

    // Replaying the used callback in the same browser: refused, the session it has stays.
    const sessionCookie = attacker.get('bdc_session')
    const replay = await bff.request(link, { headers: { cookie: `bdc_login=${bindingCookie.split(';')[0]!.slice('bdc_login='.length)}; bdc_session=${sessionCookie}` } })
    await expectLoginExpiredPage(replay)
    expect((await bodyOf(await bff.api(attacker).me.$get(), 200)).name).toBe('张**')
  })

  it('two callbacks racing with the same state and cookie: exactly one session', async () => {
    const jar = new CookieJar()
    const { link } = await stopBeforeCallback(bff, jar, 'c-liuyang')
    const cookie = jar.header()
    const results = await Promise.all([1, 2, 3].map(() => bff.request(link, { headers: { cookie } })))
    expect(results.map((r) => r.status).sort()).toEqual([302, 400, 400])
    expect(results.filter((r) => r.headers.getSetCookie().some((l) => /^bdc_session=[^;]+/.test(l)))).toHaveLength(1)
  })

  it('a callback after the login has expired (10 minutes) is refused', async () => {
    const jar = new CookieJar()
    const { link } = await stopBeforeCallback(bff, jar, 'c-liuyang')
    bff.clock.advance(10 * 60_000 + 1)
    await expectLoginExpiredPage(await bff.request(link, { jar }))
    expect(jar.get('bdc_session')).toBeUndefined()
  })

  it('a wrong binding cookie is refused just like a missing one', async () => {
    const jar = new CookieJar()
    const { link } = await stopBeforeCallback(bff, jar, 'c-liuyang')
    const other = new CookieJar()
    await stopBeforeCallback(bff, other, 'c-liuyang')
    // The other browser's valid binding secret does not open this browser's state.
    await expectLoginExpiredPage(await bff.request(link, { headers: { cookie: `bdc_login=${other.get('bdc_login')}` } }))
  })

  it('the mini-program login (container code) needs no browser binding and still works', async () => {
    const { auth } = await loginWeapp(bff, 'c-liuyang')
    expect((await bodyOf(await bff.api(auth).me.$get(), 200)).name).toBe('刘**')
  })
})

describe('under https every cookie of ours carries the __Host- prefix', () => {
  let bff: TestBff
  beforeEach(async () => {
    bff = await startTestBff({ env: { PUBLIC_BASE_URL: 'https://bdc.example.cn' } })
  })
  afterEach(async () => {
    await bff.close()
  })

  it('binding, session and CSRF cookies: __Host-, Secure, Path=/; the flow works and the link stays bound', async () => {
    const attacker = new CookieJar()
    const { start, link } = await stopBeforeCallback(bff, attacker, 'c-zhangwei')
    const binding = start.headers.getSetCookie().find((l) => l.startsWith('__Host-bdc_login='))!
    expect(binding).toMatch(/Secure/i)
    expect(binding).toMatch(/Path=\/(;|$)/i)
    expect(binding).toMatch(/HttpOnly/i)

    await expectLoginExpiredPage(await bff.request(link, { jar: new CookieJar() }))
    // A binding cookie without the prefix (as a plain-http page could plant) does not count.
    const unprefixed = await stopBeforeCallback(bff, new CookieJar(), 'c-zhangwei')
    const secret = unprefixed.start.headers.getSetCookie().find((l) => l.startsWith('__Host-bdc_login='))!.split(';')[0]!.split('=')[1]
    await expectLoginExpiredPage(await bff.request(unprefixed.link, { headers: { cookie: `bdc_login=${secret}` } }))

    const { jar, done } = await loginH5(bff, 'c-liuyang')
    expect(done.status).toBe(302)
    const set = done.headers.getSetCookie()
    const session = set.find((l) => l.startsWith('__Host-bdc_session='))!
    const csrf = set.find((l) => l.startsWith('__Host-bdc_csrf='))!
    for (const line of [session, csrf]) {
      expect(line).toMatch(/Secure/i)
      expect(line).toMatch(/Path=\/(;|$)/i)
      // A browser-session cookie: gone when the browser closes.
      expect(line).not.toMatch(/Expires=|Max-Age=/i)
    }
    expect(session).toMatch(/HttpOnly/i)
    expect(csrf).not.toMatch(/HttpOnly/i)
    expect((await bodyOf(await bff.api(jar).me.$get(), 200)).name).toBe('刘**')
    // The unprefixed name is not read under https.
    expect((await bff.request('/api/me', { headers: { cookie: `bdc_session=${jar.get('__Host-bdc_session')}` } })).status).toBe(401)
  })
})
