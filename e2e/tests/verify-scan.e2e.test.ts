/**
 * 证照核验 and 亮证 in the H5 app (real Chromium, separate-process stack): the scan button reads a
 * certificate QR through Chromium's fake camera (getUserMedia + the lazily loaded jsQR) and shows
 * the verdict; a phone without a camera is told why and keeps manual entry; 亮证 says which
 * certificate, ticks a Beijing clock and moves its watermark, and lets 张伟 pick between his two.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchPhone, shot, type Phone } from '../support/browser'
import { VIDEO, writeY4m } from '../support/fake-camera'
import { startStack, type Stack } from '../support/stack'
import { press } from '../support/ui'

let stack: Stack
let dir: string
const phones: Phone[] = []

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-e2e-scan-'))
  stack = await startStack({ name: 'verify-scan' })
})
afterAll(async () => {
  for (const p of phones) await p.close()
  await stack?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** 张伟's API token (the dev container login, as the certificates test does). */
async function zhangwei(): Promise<Record<string, string>> {
  const codeRes = await fetch(`${stack.bffUrl}/api/auth/dev-container-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ citizenId: 'c-zhangwei' }) })
  const { code } = (await codeRes.json()) as { code: string }
  const login = await fetch(`${stack.bffUrl}/api/auth/container`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
  return { authorization: `Bearer ${((await login.json()) as { token: string }).token}` }
}

/** A camera picture: the QR of `text` (as a phone would see a printed one, 360 px) on grey. */
async function qrVideo(text: string): Promise<string> {
  const png = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, width: 360 })
  const frame = await sharp({ create: { width: VIDEO.width, height: VIDEO.height, channels: 3, background: '#8a8a8a' } })
    .composite([{ input: png, left: (VIDEO.width - 360) / 2, top: (VIDEO.height - 360) / 2 }])
    .removeAlpha()
    .raw()
    .toBuffer()
  return writeY4m(path.join(dir, 'qr.y4m'), Array.from({ length: 10 }, () => frame))
}

describe('证照核验 and 亮证 on H5', () => {
  it('扫码核验 reads the certificate QR with the camera and shows 有效 with the number to compare', async () => {
    const auth = await zhangwei()
    const list = (await (await fetch(`${stack.bffUrl}/api/certificates`, { headers: auth })).json()) as { items: { licenseId: string; certificateNo: string }[] }
    const flat = list.items.find((i) => i.certificateNo === '川(2023)成都市不动产权第0012345号')!
    const live = (await (await fetch(`${stack.bffUrl}/api/certificates/${flat.licenseId}/live-code`, { method: 'POST', headers: auth })).json()) as { url: string }
    const phone = await launchPhone('verify-scan', { fakeVideo: await qrVideo(live.url) })
    phones.push(phone)
    const page = phone.page
    await page.setViewportSize({ width: 375, height: 812 })
    // no login needed
    await page.goto(`${stack.bffUrl}/pages/certificates/verify`)
    await press(page.getByTestId('scan'))
    const result = page.getByTestId('verify-result')
    await result.waitFor({ timeout: 20_000 })
    expect(await result.getAttribute('data-status')).toBe('valid')
    expect(await result.innerText()).toContain('川(2023)成都市不动产权第0012345号')
    expect(await result.innerText()).toContain('请核对纸质证书上的证号、单元号与此处一致')
    expect(await page.getByTestId('verify-time').innerText()).toMatch(/（北京时间）$/)
    // the decoder came with the scan, not with the page
    await shot(page, 'scan-valid')
  })

  it('a phone without a camera is told why, and pasting the address still verifies', async () => {
    const phone = await launchPhone('verify-scan-nocam')
    phones.push(phone)
    const page = phone.page
    await page.setViewportSize({ width: 375, height: 812 })
    const loaded: string[] = []
    page.on('request', (r) => loaded.push(new URL(r.url()).pathname))
    await page.goto(`${stack.bffUrl}/pages/certificates/verify`)
    await page.getByTestId('scan').waitFor()
    expect(loaded.some((p) => /\/jsqr\.[0-9a-f]+\.js$/.test(p))).toBe(false)
    await press(page.getByTestId('scan'))
    const problem = page.getByTestId('scan-problem')
    await problem.waitFor()
    expect(await problem.innerText()).toMatch(/摄像头|扫码/)
    expect(await problem.innerText()).toContain('粘贴')
    await shot(page, 'scan-no-camera')
    await page.locator('.verify-box__input textarea').fill('https://example.com/not-a-certificate')
    await press(page.getByTestId('verify-submit'))
    await page.getByTestId('verify-result').waitFor()
    expect(await page.getByTestId('verify-result').getAttribute('data-status')).toBe('malformed')
    expect(await page.getByTestId('verify-todo').innerText()).toContain('请勿受理')
  })

  it('亮证: which certificate, a ticking Beijing clock, a moving watermark, and a picker for 张伟\'s two', async () => {
    const phone = await launchPhone('liang-zheng')
    phones.push(phone)
    const page = phone.page
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(`${stack.bffUrl}/api/auth/login?returnTo=${encodeURIComponent('/pages/certificates/show')}`)
    await page.waitForURL((u) => u.pathname.startsWith('/pages/login') || u.pathname.startsWith('/sso/authorize'))
    if (new URL(page.url()).pathname.startsWith('/pages/login')) await press(page.getByText('天府通办账号登录'))
    await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
    await press(page.getByRole('button', { name: /张\*\*/ }).first())
    await page.waitForURL((u) => u.origin === stack.bffUrl && u.pathname === '/pages/certificates/show')
    const which = page.getByTestId('live-which')
    await which.waitFor({ timeout: 20_000 })
    expect(await which.innerText()).toMatch(/川\(2023\)成都市不动产权第\d{7}号/)
    expect(await which.innerText()).toMatch(/权利人：.*\*/)
    const clock = await page.getByTestId('clock').innerText()
    const mark = page.getByTestId('watermark')
    const at = await mark.getAttribute('style')
    await page.waitForTimeout(1500)
    expect(await page.getByTestId('clock').innerText()).not.toBe(clock)
    expect(await mark.getAttribute('style')).not.toBe(at)
    expect(await mark.innerText()).toMatch(/^亮证 \d\d:\d\d:\d\d$/)
    await page.waitForTimeout(1000) // let the watermark's move settle for the picture
    await shot(page, 'liang-zheng', { fullPage: true })
    const picks = page.getByTestId('pick')
    expect(await picks.count()).toBeGreaterThanOrEqual(2)
    const second = (await picks.nth(1).innerText()).split('\n')[0]!
    await press(picks.nth(1))
    await page.waitForFunction((no) => document.querySelector('[data-testid="live-which"]')?.textContent?.includes(no), second)
    await shot(page, 'liang-zheng-picked', { fullPage: true })
  })
})
