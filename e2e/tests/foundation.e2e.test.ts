/**
 * The walking skeleton, as a citizen does it on a phone: the H5 app served by the BFF, real
 * Chromium, the BFF and the provincial simulator as separate processes over HTTP, real PostgreSQL.
 *
 * Steps share one browser and run in order, like one visit: home → login as 刘洋 → 我的不动产 →
 * detail → someone else's unit → provincial outage and 重试 → logout (old cookie is dead) →
 * 陈静, who owns nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DEMO_UNIT_CODES } from '@bdc/province/demo'
import { launchPhone, shot, type Phone } from '../support/browser'
import { startStack, type Stack } from '../support/stack'
import { appPath, press, screenText, see, swipeSideways } from '../support/ui'

const SERVICES = ['我的不动产', '电子证照', '预约办理', '授权查询', '网上申请', '证照核验']
const NOT_YET_BUILT: string[] = []
const UPSTREAM_DOWN = '省级服务暂时不可用，请稍后再试'

// 刘洋's two flats (simulator demo data)
const FUCHENG_FLAT = '涪江名苑' // 涪城区: 抵押 + 查封
const YOUXIAN_FLAT = '芙蓉汉城' // 游仙区: 预告 + 异议

let stack: Stack
let phone: Phone
let page: Page

beforeAll(async () => {
  stack = await startStack({ name: 'foundation' })
  phone = await launchPhone('foundation')
  page = phone.page
})

afterAll(async () => {
  await phone?.close()
  await stack?.stop()
})

/** A service tile on the home page: the grid item holding that title. */
function tile(title: string) {
  return page.locator('.home__tile').filter({ hasText: title })
}

/** The property card (我的不动产 list) whose text contains `text`. */
function card(text: string) {
  return page.locator('.property-card').filter({ hasText: text })
}

/** Home → 登录 → (login page) → 天府通办 SSO → pick the demo citizen → back in the app. */
async function loginAs(maskedName: string, from: () => Promise<void>) {
  await from()
  // The app's login page explains the real-name login and hands over to 天府通办.
  await page.waitForURL((u) => u.pathname.startsWith('/pages/login') || u.pathname.startsWith('/sso/authorize'))
  if (new URL(page.url()).pathname.startsWith('/pages/login')) {
    await see(page, '实名登录')
    await shot(page, `login-page-${maskedName}`)
    await press(page.getByText('天府通办账号登录'))
  }
  await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
  await see(page, '统一身份认证', { exact: false })
  await shot(page, `sso-${maskedName}`)
  await press(page.getByRole('button', { name: new RegExp(maskedName.replace(/\*/g, '\\*')) }))
  await page.waitForURL((u) => u.origin === stack.bffUrl)
}

describe('foundation: a citizen sees the real estate in their own name', () => {
  it('home shows the six services, the ones not built yet honestly marked 即将上线', async () => {
    await page.goto(`${stack.bffUrl}/`)
    await see(page, '便民服务')
    for (const title of SERVICES) await tile(title).first().waitFor({ state: 'visible' })
    expect(await tile('我的不动产').innerText()).not.toContain('即将上线')
    for (const title of NOT_YET_BUILT) expect(await tile(title).innerText(), title).toContain('即将上线')
    await see(page, '登录')
    await shot(page, 'home-anonymous')

    // Tapping a service that is not built yet says so, instead of a dead end.
    for (const title of NOT_YET_BUILT.slice(0, 1)) {
      await press(tile(title))
      await see(page, `「${title}」即将上线`)
      await shot(page, 'home-coming-soon')
      await press(page.getByText('知道了', { exact: true }))
    }

    // 证照核验 is for anyone (a bank clerk, a buyer): it opens without a login
    await press(tile('证照核验'))
    await page.waitForURL((u) => u.pathname === '/pages/certificates/verify')
    await page.locator('[data-testid="verify-input"]').waitFor()
    await page.goto(`${stack.bffUrl}/`)
    await see(page, '便民服务')
  })

  it('login: 登录 → 天府通办统一身份认证 → pick 刘洋 → back in the app, logged in', async () => {
    await loginAs('刘**', () => press(page.getByText('登录', { exact: true })))
    await see(page, /您好，刘\*+/)
    const text = await screenText(page)
    expect(text).not.toContain('刘洋') // the full name never reaches the screen
    expect(text).toMatch(/证件号 \d{6}\*+\d{3}[\dX]/)
    const cookies = await phone.context.cookies(stack.bffUrl)
    const session = cookies.find((c) => c.name === 'bdc_session')
    expect(session?.httpOnly).toBe(true)
    expect(cookies.find((c) => c.name === 'bdc_csrf')).toBeTruthy()
    await shot(page, 'home-logged-in')
  })

  it('我的不动产 lists his two flats with 坐落, 面积 and the 抵押/查封 badges on the right card', async () => {
    await press(tile('我的不动产'))
    await page.waitForURL((u) => u.pathname === '/pages/properties/index')
    await card(FUCHENG_FLAT).waitFor({ state: 'visible' })
    await card(YOUXIAN_FLAT).waitFor({ state: 'visible' })
    expect(await page.locator('.property-card').count()).toBe(2)
    await see(page, /共 2 处/)

    const fucheng = await card(FUCHENG_FLAT).innerText()
    expect(fucheng).toContain('四川省绵阳市涪城区临园路东段66号涪江名苑3栋1单元602号')
    expect(fucheng).toContain('面积')
    expect(fucheng).toMatch(/112\.45\s*(㎡|平方米|m²)/)
    expect(fucheng).toContain('抵押')
    expect(fucheng).toContain('查封')

    const youxian = await card(YOUXIAN_FLAT).innerText()
    expect(youxian).toMatch(/89\.2\d?\s*(㎡|平方米|m²)/)
    expect(youxian).toContain('预告')
    expect(youxian).toContain('异议')
    expect(youxian).not.toContain('抵押')
    expect(youxian).not.toContain('查封')
    await shot(page, 'properties-list')
    const listMoved = await swipeSideways(page)
    await shot(page, 'properties-list-after-sideways-swipe', { fullPage: false })
    expect(listMoved, 'the list slides sideways under a swipe').toBe(0)
  })

  it('the detail shows the mortgage and the seal with dates and authorities, holder and ID masked', async () => {
    await press(card(FUCHENG_FLAT))
    await page.waitForURL((u) => u.pathname === '/pages/properties/detail')
    expect(new URL(page.url()).searchParams.get('unitCode')).toBe(DEMO_UNIT_CODES.liuyangFlat)
    await see(page, '限制情况')

    const restrictions = page.locator('.restriction')
    await restrictions.first().waitFor({ state: 'visible' })
    const mortgage = await restrictions.filter({ hasText: '抵押' }).innerText()
    expect(mortgage).toContain('2021-06-18')
    expect(mortgage).toContain('中国建设银行股份有限公司绵阳分行')
    const seal = await restrictions.filter({ hasText: '查封' }).innerText()
    expect(seal).toContain('2025-09-15')
    expect(seal).toContain('绵阳市涪城区人民法院')

    const holder = await page.locator('.holder').first().innerText()
    expect(holder).toMatch(/^刘\*+/)
    expect(holder).toMatch(/\d{6}\*+\d{3}[\dX]/)
    const text = await screenText(page)
    expect(text).not.toContain('刘洋')
    expect(text).not.toMatch(/\d{17}[\dX]/) // no full ID number anywhere on screen
    await shot(page, 'property-detail')
    const detailMoved = await swipeSideways(page)
    await shot(page, 'property-detail-after-sideways-swipe', { fullPage: false })
    expect(detailMoved, 'the detail slides sideways under a swipe').toBe(0)
  })

  it('the second flat: 预告 and 异议 name their holders by role, masked; the lapsed 异议 is set apart as 已到期', async () => {
    await page.goto(`${stack.bffUrl}/pages/properties/detail?unitCode=${DEMO_UNIT_CODES.liuyangFlat2}`)
    await see(page, '限制情况')
    const advance = await page.locator('.restriction').filter({ hasText: '预告' }).innerText()
    expect(advance).toContain('预告权利人')
    expect(advance).toContain('孙**')
    const lapsed = await page.locator('[data-testid="lapsed-restrictions"]:visible').innerText()
    expect(lapsed).toContain('已到期')
    expect(lapsed).toContain('异议申请人')
    expect(lapsed).toContain('2025-03-03')
    const text = await screenText(page)
    expect(text).not.toMatch(/孙丽萍|周建华|办理机构/)
    await shot(page, 'property-detail-advance-objection')
  })

  it("another citizen's unit code in the URL shows 'not found', never their data", async () => {
    const other = DEMO_UNIT_CODES.zhangweiFlat // 张伟's flat in 武侯区
    await page.goto(`${stack.bffUrl}/pages/properties/detail?unitCode=${other}`)
    await see(page, '未找到该不动产，或它不在您的名下')
    const text = await screenText(page)
    expect(text).not.toContain('锦城壹号')
    expect(text).not.toContain('天府大道北段1700号')
    const res = await phone.context.request.get(`${stack.bffUrl}/api/properties/${other}`)
    expect(res.status()).toBe(404)
    expect((await res.json()).code).toBe('PROPERTY_NOT_FOUND')
    await shot(page, 'property-not-mine')
    // Not a dead end: one tap leads back to the citizen's own list.
    await press(await see(page, '返回我的不动产'))
    await page.waitForURL(/\/pages\/properties\/index/)
    await see(page, '查封')
  })

  it('provincial side down → 「省级服务暂时不可用，请稍后再试」 with 重试; back up → 重试 loads the list', async () => {
    await stack.setFault('down')
    try {
      await page.goto(`${stack.bffUrl}/pages/properties/index`)
      await see(page, UPSTREAM_DOWN)
      const retry = page.getByText('重试', { exact: true })
      await retry.waitFor({ state: 'visible' })
      expect(await page.locator('.property-card').count()).toBe(0)
      await shot(page, 'properties-upstream-down')
    } finally {
      await stack.setFault('ok')
    }
    await press(page.getByText('重试', { exact: true }))
    await card(FUCHENG_FLAT).waitFor({ state: 'visible' })
    expect(await page.locator('.property-card').count()).toBe(2)
    expect(await screenText(page)).not.toContain(UPSTREAM_DOWN)
    await shot(page, 'properties-after-retry')
  })

  it('provincial side slow or answering garbage → a plain Chinese explanation and 重试, never a blank page', async () => {
    try {
      await stack.setFault('slow')
      const started = Date.now()
      await page.goto(`${stack.bffUrl}/pages/properties/index`)
      await see(page, '省级服务响应超时，请稍后再试', { timeout: 20_000 })
      expect(Date.now() - started).toBeLessThan(15_000)
      await page.getByText('重试', { exact: true }).waitFor({ state: 'visible' })
      await shot(page, 'properties-upstream-slow')

      await stack.setFault('garbage')
      await page.goto(`${stack.bffUrl}/pages/properties/index`)
      await see(page, '省级服务返回了无法识别的数据，请稍后再试')
      await page.getByText('重试', { exact: true }).waitFor({ state: 'visible' })
      expect(await page.locator('.property-card').count()).toBe(0)
      await shot(page, 'properties-upstream-garbage')
    } finally {
      await stack.setFault('ok')
    }
  })

  it('logout ends the server session: the old cookie no longer opens /api/me', async () => {
    const before = await phone.context.cookies(stack.bffUrl)
    const oldSession = before.find((c) => c.name === 'bdc_session')
    expect(oldSession).toBeTruthy()
    expect((await phone.context.request.get(`${stack.bffUrl}/api/me`)).status()).toBe(200)

    await page.goto(`${stack.bffUrl}/`)
    await see(page, /您好，刘\*+/)
    await press(page.getByText('退出登录', { exact: true }))
    await see(page, '确定要退出当前账号吗？')
    await shot(page, 'logout-confirm')
    await press(page.getByText('退出', { exact: true }))
    await see(page, '登录')
    expect(await screenText(page)).not.toMatch(/您好，刘/)
    await shot(page, 'logged-out')
    expect((await phone.context.cookies(stack.bffUrl)).find((c) => c.name === 'bdc_session')).toBeUndefined()

    // Someone who kept a copy of the old cookie gets nothing with it.
    await phone.context.addCookies([oldSession!])
    const replay = await phone.context.request.get(`${stack.bffUrl}/api/me`)
    expect(replay.status()).toBe(401)
    expect(['UNAUTHENTICATED', 'SESSION_EXPIRED']).toContain((await replay.json()).code)
    const list = await phone.context.request.get(`${stack.bffUrl}/api/properties`)
    expect(list.status()).toBe(401)
    await phone.context.clearCookies()
  })

  it('陈静, who owns nothing, sees 「您名下暂无不动产登记信息」', async () => {
    await page.goto(`${stack.bffUrl}/`)
    await see(page, '登录')
    // Going straight for 我的不动产 while logged out: login first, then land on the list.
    await loginAs('陈**', () => press(tile('我的不动产')))
    await page.waitForURL((u) => u.pathname === '/pages/properties/index')
    await see(page, '您名下暂无不动产登记信息')
    expect(await page.locator('.property-card').count()).toBe(0)
    const text = await screenText(page)
    expect(text).not.toContain(FUCHENG_FLAT)
    expect(appPath(page)).toBe('/pages/properties/index')
    await shot(page, 'properties-empty')
  })
})
