/**
 * 授权他人查询 and 限制查询 in real Chromium against the separate-process stack:
 * 刘洋 grants 张伟 a view of one flat → 张伟 opens the link, logs in and sees the scoped view →
 * 陈静 opens the same link and is refused → 刘洋 sees both in the access log and revokes →
 * 张伟's next load says 已撤销. Then 陈静 runs a restriction query by address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DEMO_CITIZENS } from '@bdc/province/demo'
import { launchPhone, shot as rawShot, type Phone } from '../support/browser'
import { startStack, type Stack } from '../support/stack'
import { appPath, press, screenText, see } from '../support/ui'

const ZHANGWEI = DEMO_CITIZENS.find((c) => c.id === 'c-zhangwei')!
const FUCHENG_FLAT = '涪江名苑' // 刘洋's flat under 抵押 + 查封

let stack: Stack
let phone: Phone
let page: Page
let link = ''

beforeAll(async () => {
  stack = await startStack({ name: 'delegations' })
  phone = await launchPhone('delegations')
  page = phone.page
})

afterAll(async () => {
  await phone?.close()
  await stack?.stop()
})

/** Screenshot once Taro's page transition has settled (a sliding page widens the capture). */
async function shot(p: Page, name: string) {
  await p.waitForTimeout(500)
  return rawShot(p, name)
}

/** Forget who is logged in (another person picks up the phone). */
async function signOut() {
  await phone.context.clearCookies()
}

/** From wherever the app sent us to log in: (app login page →) 天府通办 SSO → pick the citizen. */
async function pickCitizen(maskedName: string) {
  await page.waitForURL((u) => u.pathname.startsWith('/pages/login') || u.pathname.startsWith('/sso/authorize'))
  if (new URL(page.url()).pathname.startsWith('/pages/login')) await press(page.getByText('天府通办账号登录'))
  await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
  await press(page.getByRole('button', { name: new RegExp(maskedName.replace(/\*/g, '\\*')) }))
  await page.waitForURL((u) => u.origin === stack.bffUrl)
}

async function loginTo(returnTo: string, maskedName: string) {
  await page.goto(`${stack.bffUrl}/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`)
  await pickCitizen(maskedName)
}

describe('delegated query: grant, open, refuse, revoke', () => {
  it('the home page offers 授权查询 and 限制查询 as live services', async () => {
    await page.goto(`${stack.bffUrl}/`)
    await see(page, '便民服务')
    for (const title of ['授权查询', '限制查询']) {
      const tile = page.locator('.home__tile').filter({ hasText: title })
      await tile.first().waitFor({ state: 'visible' })
      expect(await tile.innerText()).not.toContain('即将上线')
    }
  })

  it('刘洋 grants 张伟 a view of one flat and gets a share link with a QR code', async () => {
    await loginTo('/pages/delegations/index', '刘**')
    await see(page, '授权他人查询我的不动产')
    await see(page, '您还没有发出授权')
    await shot(page, 'owner-grants-empty')
    await press(page.getByText('新建授权', { exact: true }))
    await page.locator('.dlg-pick').filter({ hasText: FUCHENG_FLAT }).first().tap()
    await page.locator('.dlg-input input').nth(0).fill(ZHANGWEI.name)
    await page.locator('.dlg-input input').nth(1).fill(ZHANGWEI.idNumber)
    await page.locator('.dlg-pick').filter({ hasText: '自然状况、限制情况、权利和共有情况' }).tap()
    await page.locator('.dlg-chip').filter({ hasText: '7天' }).tap()
    await page.locator('.dlg-chip').filter({ hasText: '3次' }).tap()
    await shot(page, 'owner-create-form')
    await press(page.getByText('生成授权', { exact: true }))
    await see(page, '授权已生成')
    link = (await page.locator('.dlg-done__link').innerText()).trim()
    expect(link).toMatch(new RegExp(`^${stack.bffUrl}/pages/delegations/view\\?t=[A-Za-z0-9_-]{43}$`))
    expect(link).not.toContain(ZHANGWEI.idNumber)
    expect(await page.locator('.dlg-done__qr').count()).toBe(1)
    await shot(page, 'owner-share-link')
  })

  it('张伟 opens the link, logs in, and sees exactly the granted view with the banner', async () => {
    await signOut()
    await page.goto(link)
    await pickCitizen('张**')
    await see(page, /本查询由权利人授权，有效期至/)
    expect(appPath(page)).toBe('/pages/delegations/view') // the token left the address bar
    const text = await screenText(page)
    expect(text).toContain(FUCHENG_FLAT)
    expect(text).toContain('抵押')
    expect(text).toContain('查封')
    expect(text).toContain('刘**')
    expect(text).toContain('剩余可查看 2 次')
    expect(text).not.toContain('刘洋')
    await shot(page, 'delegate-view')
  })

  it('陈静 opens the same link and is refused', async () => {
    await signOut()
    await page.goto(link)
    await pickCitizen('陈**')
    await see(page, '您不是被授权人')
    await see(page, /权利人可在「我的查询记录」中看到/)
    expect(await screenText(page)).not.toContain(FUCHENG_FLAT)
    await shot(page, 'stranger-refused')
  })

  it('刘洋’s 我的查询记录 shows 张伟’s view and 陈静’s refused attempt, masked, in Beijing time', async () => {
    await signOut()
    await loginTo('/pages/properties/access', '刘**')
    await page.locator('[data-testid="access-record"]').first().waitFor()
    const refused = page.locator('[data-testid="access-record"][data-kind="delegate_refused"]')
    expect(await refused.count()).toBe(1)
    expect(await refused.innerText()).toMatch(/陈\*\*（.+）试图查看，已拒绝（非被授权人）/)
    expect(await page.locator('[data-testid="access-record"][data-kind="delegate_view"]').innerText()).toMatch(/张\*\*（.+）通过您的授权查看/)
    const text = await screenText(page)
    expect(text).not.toContain('陈静')
    expect(text).not.toContain('张伟')
    await shot(page, 'owner-access-records')
  })

  it('刘洋 sees both accesses, the refused one marked, and revokes', async () => {
    await signOut()
    await loginTo('/pages/delegations/index', '刘**')
    await see(page, '有 1 次被拒绝的访问尝试')
    await shot(page, 'owner-grant-list')
    await page.locator('.dlg-item').first().tap()
    await see(page, '访问记录（共 2 条）')
    await see(page, '非被授权人，已拒绝')
    await see(page, '查看成功')
    await shot(page, 'owner-access-log')
    await press(page.getByText('撤销授权', { exact: true }))
    await press(page.getByText('确定撤销', { exact: true }))
    await see(page, '已撤销')
    await shot(page, 'owner-revoked')
  })

  it('张伟’s next load says the grant was revoked, with no data', async () => {
    await signOut()
    await page.goto(link)
    await pickCitizen('张**')
    await see(page, '授权已撤销')
    expect(await screenText(page)).not.toContain(FUCHENG_FLAT)
    await shot(page, 'delegate-revoked')
  })
})

describe('restriction query', () => {
  it('by a partial address: candidates without owners, then the flags for one unit', async () => {
    await signOut()
    await loginTo('/pages/restriction-query/index', '陈**')
    await see(page, '按坐落')
    await page.locator('.rq-input input').fill('涪江名苑3栋')
    await press(page.getByText('查询', { exact: true }))
    await page.locator('.rq-candidate').first().waitFor({ state: 'visible' })
    await shot(page, 'restriction-candidates')
    await page.locator('.rq-candidate').filter({ hasText: '3栋1单元602号' }).first().tap()
    await page.locator('[data-testid="rq-result"], .rq-result').first().waitFor({ state: 'visible' })
    const result = await page.locator('.rq-result').innerText()
    expect(result).toContain(FUCHENG_FLAT)
    expect(result).toMatch(/抵押\s*有/)
    expect(result).toMatch(/查封\s*有/)
    expect(result).toContain('查询时间')
    expect(await screenText(page)).not.toContain('刘')
    await shot(page, 'restriction-result')

  })
})
