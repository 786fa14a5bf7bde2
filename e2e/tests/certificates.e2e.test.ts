/**
 * The public verify page (/v/...) in Chromium against the real stack (BFF and simulator as
 * separate processes, PostgreSQL): every golden vector shows its verdict; and the whole life of a
 * printed QR — the citizen downloads the PDF (signed by the library: pdfsig valid; the page's file
 * upload recognises it, and not after one byte is changed), the test renders it (pdftoppm), reads the QR (jsqr),
 * opens it → 有效; the registry cancels the right → the same QR → 已注销 (within the status feed's bound).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchPhone, shot, type Phone } from '../support/browser'
import { REPO_ROOT, startStack, type Stack } from '../support/stack'

const VECTORS = path.join(REPO_ROOT, 'shared/fixtures/certificates')
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(VECTORS, f), 'utf8'))
const TITLES: Record<string, string> = { valid: '有效', cancelled: '已注销', superseded: '已换发', expired: '亮证码已过期', bad_signature: '签名无效', unknown_key: '签发密钥未知', malformed: '无法识别' }

/** Reads the QR code of page 1 of a PDF: pdftoppm → PPM (trivial to parse) → RGBA → jsQR. */
function qrFromPdf(pdfFile: string): string {
  const prefix = pdfFile.replace(/\.pdf$/, '')
  execFileSync('pdftoppm', ['-r', '110', '-f', '1', '-l', '1', '-singlefile', pdfFile, prefix])
  execFileSync('pdftoppm', ['-r', '110', '-f', '1', '-l', '1', '-singlefile', '-png', pdfFile, prefix])
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

describe('certificate verification in the browser', () => {
  let stack: Stack
  let phone: Phone
  let dataDir: string
  beforeAll(async () => {
    // The BFF trusts the golden-vector keys (public halves) besides its own fresh signing keys.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-e2e-cert-'))
    // (made by the operator's tool, as a deployment would make its key file)
    execFileSync(process.execPath, ['--import', 'tsx', 'bff/scripts/certificate-keys.ts', '--out', path.join(dataDir, 'certificate-keys.json'), '--trust', path.join(VECTORS, 'trust-list.json')], { cwd: REPO_ROOT })
    stack = await startStack({ name: 'certificates', bffEnv: { DATA_DIR: dataDir } })
    phone = await launchPhone('certificates')
  })
  afterAll(async () => {
    await phone?.close()
    await stack?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const open = async (code: string) => {
    const url = new URL(code.startsWith('http') ? code : 'http://x/v/' + code)
    await phone.page.goto(stack.bffUrl + url.pathname)
    const card = phone.page.locator('.card[data-status]')
    await card.waitFor()
    return { status: await card.getAttribute('data-status'), title: (await phone.page.locator('.card .title').textContent())?.trim() }
  }

  it('shows the expected verdict for every golden vector', async () => {
    const files = fs.readdirSync(VECTORS).filter((f) => !['trust-list.json', 'malformed.json'].includes(f))
    for (const f of files) {
      const v = read(f)
      // The stack runs on the real clock: a live code whose expiry has passed by now is expired.
      const exp = /\/v\/1L\/[^/]+\/[^/]+\/(\d+)\//.exec(v.code)?.[1]
      const expected = exp && Number(exp) * 1000 <= Date.now() && v.expected.status === 'valid' ? 'expired' : v.expected.status
      const seen = await open(v.code)
      expect(seen.status, f).toBe(expected)
      expect(seen.title, f).toBe(TITLES[expected])
      if (expected === 'valid' || expected === 'cancelled' || expected === 'superseded') {
        // the number and unit code a clerk compares with the paper, large, above the rest
        expect(await phone.page.locator('.key .no').textContent(), f).toBe(v.expected.certificateNo)
        expect(await phone.page.locator('.key .unit').textContent()).toMatch(/^\d{6} \d{6} [GJZ][A-Z]\d{5} [FLQW]\d{8}$/)
        expect(await phone.page.locator('.facts').textContent()).toMatch(/\*\*/)
        if (expected === 'valid') expect(await phone.page.locator('.cmp').textContent()).toBe('请核对纸质证书上的证号、单元号与此处一致')
        else {
          // whom to call: the golden vectors are Chengdu identifiers
          expect(await phone.page.locator('.todo').last().textContent()).toBe('请勿受理，并联系登记机构 成都市不动产登记中心 028-61881234')
          expect(await phone.page.locator('.card .when').textContent()).toMatch(/^注销时间：.*（北京时间）$/)
        }
        expect(await phone.page.locator('.time').textContent()).toMatch(/（北京时间）$/)
        expect(await phone.page.locator('details.tech').isVisible()).toBe(true)
      }
      if (expected === 'bad_signature' || expected === 'unknown_key') {
        expect(await phone.page.locator('.alarm').textContent(), f).toBe('此二维码可能被篡改或伪造。')
        expect(await phone.page.locator('.todo').textContent()).toContain('请勿受理，并联系登记机构')
      }
      if (expected === 'expired') expect(await phone.page.locator('.card .when').textContent(), f).toMatch(/^过期时间：.*（北京时间）$/)
      if (f === 'valid-printed.json' || f === 'tampered-signature.json') await shot(phone.page, f.replace('.json', ''))
    }
    for (const code of read('malformed.json').codes.filter((c: string) => c.includes('/v/1') && !c.includes('..'))) {
      expect((await open(code)).status, code).toBe('malformed')
    }
  })

  it('citizen PDF → QR read from the rendered page → 有效; right cancelled → same QR → 已注销', async () => {
    const codeRes = await fetch(`${stack.bffUrl}/api/auth/dev-container-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ citizenId: 'c-zhangwei' }) })
    const { code } = (await codeRes.json()) as { code: string }
    const login = await fetch(`${stack.bffUrl}/api/auth/container`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` }
    const list = (await (await fetch(`${stack.bffUrl}/api/certificates`, { headers: auth })).json()) as { items: { licenseId: string; certificateNo: string; unitCode: string }[] }
    const flat = list.items.find((i) => i.certificateNo === '川(2023)成都市不动产权第0012345号')!
    const pdf = await fetch(`${stack.bffUrl}/api/certificates/${flat.licenseId}/pdf`, { headers: auth })
    expect(pdf.status).toBe(200)
    const pdfFile = path.join(dataDir, 'certificate.pdf')
    fs.writeFileSync(pdfFile, Buffer.from(await pdf.arrayBuffer()))
    const qr = qrFromPdf(pdfFile)
    expect(qr.startsWith(`${stack.bffUrl}/v/1C/`)).toBe(true)
    expect(qr.length).toBeLessThanOrEqual(200)

    expect(await open(qr)).toEqual({ status: 'valid', title: '有效' })
    expect(await phone.page.locator('.key .no').textContent()).toBe('川(2023)成都市不动产权第0012345号')
    await shot(phone.page, 'pdf-qr-valid')

    // The file is the library's, signed: pdfsig (poppler/NSS) finds the signature valid over the whole
    // file; the verify page's upload recognises it, and not once one byte is changed.
    const sig = execFileSync('pdfsig', [pdfFile], { encoding: 'utf8' })
    expect(sig).toContain('Signature Validation: Signature is Valid.')
    expect(sig).toContain('Total document signed')
    await phone.page.setInputFiles('#fc-file', pdfFile)
    await phone.page.locator('[data-file="original-current"]').waitFor()
    expect(await phone.page.locator('#file-check .title').textContent()).toBe('这是登记机构出具的原始文件，未被修改')
    await shot(phone.page, 'file-check-original')
    const changed = fs.readFileSync(pdfFile)
    const mid = Math.floor(changed.length / 2)
    changed[mid] = changed[mid]! ^ 0x01
    const changedFile = path.join(dataDir, 'changed.pdf')
    fs.writeFileSync(changedFile, changed)
    await phone.page.setInputFiles('#fc-file', changedFile)
    await phone.page.locator('[data-file="not-original"]').waitFor()
    expect(await phone.page.locator('#file-check .title').textContent()).toBe('不是登记机构出具的原始文件，或已被修改')
    await shot(phone.page, 'file-check-changed')

    // 亮证: an open result turns to 已过期 by itself when the 3-minute code runs out (browser clock fast-forwarded)
    const live = (await (await fetch(`${stack.bffUrl}/api/certificates/${flat.licenseId}/live-code`, { method: 'POST', headers: auth })).json()) as { url: string }
    await phone.page.clock.install()
    expect(await open(live.url)).toEqual({ status: 'valid', title: '有效' })
    expect(await phone.page.locator('.facts').textContent()).toContain('亮证码有效至')
    await phone.page.clock.fastForward(181_000)
    await phone.page.locator('.card[data-status="expired"]').waitFor()
    expect(await phone.page.locator('.card .when').textContent()).toMatch(/^过期时间：/)
    await shot(phone.page, 'live-code-expired-by-itself')

    const cancel = await fetch(`${stack.simUrl}/__sim/rights/cancel`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: stack.simAuthorization }, body: JSON.stringify({ unitCode: flat.unitCode }) })
    expect(cancel.status).toBe(200)
    // The BFF learns of the cancellation from the library's status feed (read every 250 ms; a copy
    // older than STATUS_FEED_FRESH_MS = 2 s is never used): a verifier sees it within that bound.
    const cancelledAt = Date.now()
    let seen = await open(qr)
    while (seen.status === 'valid' && Date.now() - cancelledAt < 2500) seen = await open(qr)
    expect(seen).toEqual({ status: 'cancelled', title: '已注销' })
    expect(await phone.page.locator('.card .when').textContent()).toMatch(/^注销时间：/)
    expect(await phone.page.locator('.todo a.tel').getAttribute('href')).toBe('tel:02861881234')
    process.stdout.write(`cancellation visible to the verifier after ${Date.now() - cancelledAt} ms\n`)
    await shot(phone.page, 'pdf-qr-cancelled')
  })
})
