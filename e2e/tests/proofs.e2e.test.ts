/**
 * 查询结果证明 against the real stack (BFF and simulator as separate processes, PostgreSQL): the
 * citizen asks for a proof and downloads it, the test reads the QR off the rendered PDF page
 * (pdftoppm + jsQR) and opens it in Chromium → 有效 with the proof number large and masked facts;
 * pdfsig finds the registry's signature valid; a newer proof for the same purpose → the same QR →
 * 已被新证明取代.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchPhone, shot, type Phone } from '../support/browser'
import { press, see } from '../support/ui'
import { startStack, type Stack } from '../support/stack'

function qrFromPdf(pdfFile: string): string {
  const prefix = pdfFile.replace(/\.pdf$/, '')
  execFileSync('pdftoppm', ['-r', '110', '-f', '1', '-l', '1', '-singlefile', pdfFile, prefix])
  const ppm = fs.readFileSync(`${prefix}.ppm`)
  const header = ppm.subarray(0, 40).toString('latin1').split(/\s+/)
  const [w, h] = [Number(header[1]), Number(header[2])]
  const start = ppm.length - w * h * 3
  const rgba = new Uint8ClampedArray(w * h * 4)
  for (let i = 0; i < w * h; i++) {
    rgba[i * 4] = ppm[start + i * 3]!
    rgba[i * 4 + 1] = ppm[start + i * 3 + 1]!
    rgba[i * 4 + 2] = ppm[start + i * 3 + 2]!
    rgba[i * 4 + 3] = 255
  }
  const qr = jsQR(rgba, w, h)
  if (!qr) throw new Error('no QR code found on the rendered PDF page')
  return qr.data
}

describe('查询结果证明 in the browser', () => {
  let stack: Stack
  let phone: Phone
  let dir: string
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-e2e-proof-'))
    stack = await startStack({ name: 'proofs' })
    phone = await launchPhone('proofs')
  })
  afterAll(async () => {
    await phone?.close()
    await stack?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const open = async (code: string) => {
    await phone.page.goto(stack.bffUrl + new URL(code).pathname)
    const card = phone.page.locator('.card[data-status]')
    await card.waitFor()
    return { status: await card.getAttribute('data-status'), title: (await phone.page.locator('.card .title').textContent())?.trim() }
  }

  it('PDF → QR from the rendered page → 有效 with masked facts; signed; a newer proof for the same purpose → 已被新证明取代', async () => {
    const codeRes = await fetch(`${stack.bffUrl}/api/auth/dev-container-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ citizenId: 'c-zhangwei' }) })
    const { code } = (await codeRes.json()) as { code: string }
    const login = await fetch(`${stack.bffUrl}/api/auth/container`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' }
    const ask = async () => {
      const res = await fetch(`${stack.bffUrl}/api/proofs`, { method: 'POST', headers: auth, body: JSON.stringify({ purpose: 'school', requestId: randomUUID() }) })
      expect(res.status).toBe(201)
      return (await res.json()) as { proofNo: string; unitCount: number }
    }
    const first = await ask()
    const pdf = await fetch(`${stack.bffUrl}/api/proofs/${first.proofNo}/pdf`, { headers: auth })
    expect(pdf.status).toBe(200)
    const pdfFile = path.join(dir, 'proof.pdf')
    fs.writeFileSync(pdfFile, Buffer.from(await pdf.arrayBuffer()))
    const sig = execFileSync('pdfsig', [pdfFile], { encoding: 'utf8' })
    expect(sig).toContain('Signature Validation: Signature is Valid.')
    process.stdout.write(`pdfsig on a downloaded 查询结果证明:\n${sig}\n`)

    const qr = qrFromPdf(pdfFile)
    expect(qr.startsWith(`${stack.bffUrl}/v/1P/${first.proofNo}/`)).toBe(true)
    expect(await open(qr)).toEqual({ status: 'valid', title: '有效' })
    expect(await phone.page.locator('.key .no').textContent()).toBe(first.proofNo)
    expect(await phone.page.locator('.cmp').textContent()).toBe('请核对纸质证明上的证明编号与此处一致')
    const facts = (await phone.page.locator('.facts').textContent()) ?? ''
    expect(facts).toContain('张**')
    expect(facts).not.toContain('张伟')
    expect(facts).toContain('2 处')
    expect(facts).toContain('子女入学')
    expect(facts).toMatch(/（北京时间）/)
    await shot(phone.page, 'proof-qr-valid')

    await new Promise((r) => setTimeout(r, 1100)) // proofs are stamped to the second
    await ask()
    expect(await open(qr)).toEqual({ status: 'superseded', title: '已被新证明取代' })
    expect(await phone.page.locator('.todo').textContent()).toContain('请勿受理')
    await shot(phone.page, 'proof-qr-superseded')
  })

  it('in the app: the home tile 我的证明 → choose a purpose → 申请开具 → the proof is listed with 下载 PDF', async () => {
    const page = phone.page
    await phone.context.clearCookies()
    await page.goto(`${stack.bffUrl}/api/auth/login?returnTo=${encodeURIComponent('/pages/index/index')}`)
    await page.waitForURL((u) => u.pathname.startsWith('/pages/login') || u.pathname.startsWith('/sso/authorize'))
    if (new URL(page.url()).pathname.startsWith('/pages/login')) await press(page.getByText('天府通办账号登录'))
    await page.waitForURL((u) => u.origin === stack.simUrl && u.pathname === '/sso/authorize')
    await press(page.getByRole('button', { name: /陈\*\*/ }))
    await page.waitForURL((u) => u.origin === stack.bffUrl)
    await see(page, '便民服务')
    await press(page.locator('.home__tile').filter({ hasText: '我的证明' }).first())
    await see(page, '还没有开具过查询结果证明')
    await press(page.getByTestId('purpose-hukou'))
    await press(page.getByTestId('proof-submit'))
    await see(page, /已出具，证明编号 \d{20}（载明 0 处不动产）/)
    const card = page.getByTestId('proof-card').first()
    await card.waitFor()
    expect(await card.innerText()).toContain('落户')
    expect(await card.innerText()).toContain('名下无不动产')
    expect(await card.innerText()).toContain('有效')
    await shot(page, 'proofs-page')
  })
})
