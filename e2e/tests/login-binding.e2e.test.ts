/**
 * Issue 12 §1 in real browsers: an attacker starts an H5 login, picks their own account on the
 * 天府通办 page, stops before the callback and sends the victim the callback link. Opened in the
 * victim's (logged-in) browser it shows 「登录请求已失效，请重新登录」, and /api/me is what it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { launchPhone, shot, type Phone } from '../support/browser'
import { startStack, type Stack } from '../support/stack'
import { press, see } from '../support/ui'

let stack: Stack
let victim: Phone
let attacker: Phone

beforeAll(async () => {
  stack = await startStack({ name: 'login-binding' })
  victim = await launchPhone('login-binding')
  attacker = await launchPhone('login-binding')
})

afterAll(async () => {
  await attacker?.close()
  await victim?.close()
  await stack?.stop()
})

const citizenButton = (page: Page, citizenId: string) => page.locator(`button[data-citizen="${citizenId}"]`)

/** Straight to the BFF's login start, then the SSO page, pick the demo citizen `citizenId`. */
async function startLogin(page: Page, citizenId: string) {
  await page.goto(`${stack.bffUrl}/api/auth/login?returnTo=${encodeURIComponent('/')}`)
  await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
  await see(page, '统一身份认证', { exact: false })
  await press(citizenButton(page, citizenId))
}

async function me(phone: Phone): Promise<{ status: number; body: unknown }> {
  const res = await phone.context.request.get(`${stack.bffUrl}/api/me`)
  return { status: res.status(), body: await res.json() }
}

describe('login bound to the browser that started it', () => {
  let link = ''

  it('the victim is logged in as 刘洋', async () => {
    await startLogin(victim.page, 'c-liuyang')
    await victim.page.waitForURL((u) => u.origin === stack.bffUrl)
    await see(victim.page, /您好，刘\*+/)
    const { status, body } = await me(victim)
    expect(status).toBe(200)
    expect(body).toMatchObject({ name: '刘**' })
  })

  it("the attacker gets a callback link for their own account and stops before it", async () => {
    // The SSO page's answer (302 to our callback) is read but not followed: the browser stays put.
    await attacker.page.route(`${stack.simUrl}/sso/authorize`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      const res = await route.fetch({ maxRedirects: 0 })
      link = res.headers()['location'] ?? ''
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<p>stopped</p>' })
    })
    await startLogin(attacker.page, 'c-zhangwei')
    await expect.poll(() => link).toContain('/api/auth/callback?code=')
    await attacker.page.unroute(`${stack.simUrl}/sso/authorize`)
  })

  it("the attacker's link in the victim's browser: 「登录请求已失效」, and /api/me is unchanged", async () => {
    const before = await me(victim)
    const cookiesBefore = (await victim.context.cookies(stack.bffUrl)).find((c) => c.name === 'bdc_session')?.value
    const res = await victim.page.goto(link)
    expect(res?.status()).toBe(400)
    await see(victim.page, '登录请求已失效，请重新登录')
    await shot(victim.page, 'attacker-link-refused')
    expect(await me(victim)).toEqual(before)
    expect((await victim.context.cookies(stack.bffUrl)).find((c) => c.name === 'bdc_session')?.value).toBe(cookiesBefore)
    // The app still greets the victim.
    await victim.page.goto(`${stack.bffUrl}/`)
    await see(victim.page, /您好，刘\*+/)
  })

  it('the link is spent: not even the attacker can use it now; their own fresh login works', async () => {
    await attacker.page.goto(link)
    await see(attacker.page, '登录请求已失效，请重新登录')
    expect((await me(attacker)).status).toBe(401)
    // 重新登录 on that page starts a login bound to this browser, which completes.
    await press(attacker.page.getByText('重新登录', { exact: true }))
    await attacker.page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
    await press(citizenButton(attacker.page, 'c-zhangwei'))
    await attacker.page.waitForURL((u) => u.origin === stack.bffUrl)
    const { status, body } = await me(attacker)
    expect(status).toBe(200)
    expect(body).toMatchObject({ name: '张**' })
  })
})
