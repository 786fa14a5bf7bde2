/**
 * 预约办理 in a phone-sized Chromium against the whole stack (separate BFF and simulator, real
 * PostgreSQL): from the home tile, a citizen picks 转移登记 → an office → a day → a time, books,
 * sees the code and QR, cancels, and finds the cancelled booking in the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { launchPhone, shot, type Phone } from '../support/browser'
import { startStack, type Stack } from '../support/stack'
import { appPath, press, screenText, see } from '../support/ui'

let stack: Stack
let phone: Phone
let page: Page

beforeAll(async () => {
  stack = await startStack({ name: 'appointments' })
  phone = await launchPhone('appointments')
  page = phone.page
})

afterAll(async () => {
  await phone?.close()
  await stack?.stop()
})

describe('appointments: book and cancel a visit to the registration hall', () => {
  it('the home tile leads through login to 我的预约, empty at first', async () => {
    await page.goto(`${stack.bffUrl}/`)
    await see(page, '便民服务')
    const tile = page.locator('.home__tile').filter({ hasText: '预约办理' })
    expect(await tile.innerText()).not.toContain('即将上线')
    await press(tile)
    await page.waitForURL((u) => u.pathname.startsWith('/pages/login') || u.pathname.startsWith('/sso/authorize'))
    if (new URL(page.url()).pathname.startsWith('/pages/login')) await press(page.getByText('天府通办账号登录'))
    await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
    await press(page.getByRole('button', { name: /刘\*/ }))
    await page.waitForURL((u) => u.origin === stack.bffUrl && u.pathname.startsWith('/pages/appointments'))
    await see(page, '您还没有预约记录')
    await shot(page, 'empty-list')
  })

  it('books 转移登记 at the first office on the next open day, and shows the code and QR', async () => {
    await press(page.getByTestId('new-booking'))
    await see(page, '请选择要办理的业务')
    await press(page.getByTestId('type-transfer'))
    await see(page, '办理「转移登记」的登记机构')
    // Offices by city; pick 成都 then the first hall.
    await press(page.getByText('成都市', { exact: true }))
    const office = page.getByTestId('office').first()
    const officeName = (await office.locator('.appt-choice__title').innerText()).trim()
    expect(officeName).toContain('成都')
    await shot(page, 'offices')
    await press(office)
    await page.getByTestId('day-open').first().waitFor()
    expect(await page.getByTestId('day-closed').count()).toBeGreaterThan(0) // weekends are shown closed
    await shot(page, 'dates')
    // Tomorrow or later, so the 2-hour rule never bites however late the test runs.
    const days = page.locator('.appt-day')
    const firstOpenLater = (await days.evaluateAll((els) => els.findIndex((el, i) => i > 0 && !el.classList.contains('is-closed'))))
    await press(days.nth(firstOpenLater))
    await page.getByTestId('slot-open').first().waitFor()
    expect(await screenText(page)).toMatch(/剩 \d+ 个/)
    await shot(page, 'slots')
    await press(page.getByTestId('slot-open').first())
    await see(page, '请核对预约信息')
    expect(await screenText(page)).toContain(officeName)
    await shot(page, 'confirm')
    await press(page.getByTestId('confirm-booking'))

    await see(page, '预约成功')
    const code = (await page.getByTestId('booking-code').innerText()).trim()
    expect(code).toMatch(/^YY[A-Z2-9]{8}$/)
    await page.getByTestId('booking-qr').waitFor({ state: 'visible' })
    expect(await page.getByTestId('status').innerText()).toBe('已预约')
    expect(await screenText(page)).toContain('前可取消或改约')
    expect(appPath(page)).toMatch(/^\/pages\/appointments\/detail\?id=/)
    await shot(page, 'booked')
  })

  it('cancels after confirming, and the booking moves to the history', async () => {
    await press(page.getByTestId('cancel-booking'))
    await see(page, '确定取消', { exact: true })
    await shot(page, 'cancel-confirm')
    await press(page.getByText('确定取消', { exact: true }).last())
    await page.getByTestId('status').filter({ hasText: '已取消' }).waitFor()
    expect(await page.getByTestId('booking-qr').count()).toBe(0)
    expect(await page.getByTestId('cancel-booking').count()).toBe(0)
    await shot(page, 'cancelled')

    await press(page.getByTestId('to-list'))
    await see(page, '已取消和已过期')
    await see(page, '暂无有效预约')
    expect(await page.getByTestId('booking-card').count()).toBe(1)
    await shot(page, 'history')
  })
})
