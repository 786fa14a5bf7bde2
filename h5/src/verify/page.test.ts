// @vitest-environment jsdom
/**
 * The /v/ page as a clerk sees it: what to do and whom to call on every failure, 注销时间 and
 * 过期时间, the unit code kept whole per group. The page's script runs against stubbed answers.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

const VECTORS = path.resolve(import.meta.dirname, '../../../shared/fixtures/certificates')
const vector = (name: string) => JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'))

const certificate = {
  kindLabel: '不动产权证书',
  certificateNo: '川(2024)绵阳市不动产权第0000123号',
  unitCodeDisplay: '510703 001002 GB00001 F00010001',
  location: '绵阳市涪城区****',
  holders: ['李**'],
  issuer: '绵阳市不动产登记中心',
  issuedOn: '2024-03-01',
}
const mianyang = { office: '绵阳市不动产登记中心', phone: '0816-2253066' }

/** Runs the page for `code` with the server's answer (or a network failure) and the trust list (or none). */
async function open(code: string, answer: object | 'offline', trust?: object) {
  document.body.innerHTML = '<main><section id="r"></section></main>'
  history.replaceState(null, '', new URL(code).pathname)
  vi.stubGlobal('fetch', async (url: string) => {
    if (url.includes('trust-list')) return trust ? new Response(JSON.stringify(trust)) : new Response('', { status: 503 })
    if (answer === 'offline') throw new TypeError('network')
    return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } })
  })
  vi.resetModules()
  await import('./page')
  await vi.waitFor(() => {
    const card = document.querySelector('.card[data-status]')
    if (!card) throw new Error('not rendered yet')
  })
  return document.getElementById('r')!
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

const CODE = 'http://localhost/v/1C/11100000MB03271699001.510700.000000123.001.X/gv2/sig'
const base = { checkedAt: '2026-11-27T01:00:00.000Z', codeKind: 'printed' }

describe('the /v/ page', () => {
  it('cancelled: 已注销 with its 注销时间 in Beijing time, 请勿受理 and the office to call with a dialable phone', async () => {
    const r = await open(CODE, { ...base, status: 'cancelled', title: '已注销', hint: '该证照已注销，不再具有效力', cancelledAt: '2026-11-20T02:30:00.000Z', contact: mianyang, certificate })
    expect(r.querySelector('.card')!.getAttribute('data-status')).toBe('cancelled')
    expect(r.textContent).toContain('注销时间：2026-11-20 10:30:00（北京时间）')
    expect(r.querySelector('.todo')!.textContent).toBe('请勿受理，并联系登记机构 绵阳市不动产登记中心 0816-2253066')
    expect(r.querySelector('a.tel')!.getAttribute('href')).toBe('tel:08162253066')
    // no invitation to compare the paper with a certificate that is no longer in force
    expect(r.textContent).not.toContain('请核对纸质证书')
  })

  it('tampered: says so plainly, 请勿受理 and the phone; nothing about the certificate', async () => {
    const r = await open(CODE, { ...base, status: 'bad_signature', title: '签名无效', hint: '二维码内容被篡改或伪造', contact: mianyang })
    expect(r.querySelector('.alarm')!.textContent).toContain('篡改或伪造')
    expect(r.querySelector('.todo')!.textContent).toContain('0816-2253066')
    expect(r.querySelector('.key')).toBeNull()
  })

  it('without a phone from the server (it could not name the office) it still says 请勿受理 and whom to ask', async () => {
    const r = await open(CODE, { ...base, status: 'malformed', title: '无法识别', hint: '这不是有效的不动产电子证照核验码' })
    expect(r.querySelector('.todo')!.textContent).toBe('请勿受理，并联系出具证照的不动产登记机构核实。')
    expect(r.querySelector('a.tel')).toBeNull()
  })

  it('expired 亮证 code: 过期时间, ask for a fresh one, and the office phone', async () => {
    const r = await open(CODE, { ...base, status: 'expired', title: '亮证码已过期', hint: '亮证二维码仅 3 分钟有效，请权利人重新出示', codeKind: 'live', expiresAt: '2026-11-27T00:59:59.000Z', contact: mianyang })
    expect(r.textContent).toContain('过期时间：2026-11-27 08:59:59（北京时间）')
    expect(r.textContent).toContain('请权利人刷新后重新出示')
    expect(r.querySelector('.todo:last-of-type')!.textContent).toBe('如有疑问，联系登记机构 绵阳市不动产登记中心 0816-2253066')
  })

  it('expired, decided on the phone alone (server unreachable): 过期时间 from the signed code', async () => {
    const v = vector('expired-live.json')
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(v.now))
    const r = await open(v.code, 'offline', vector('trust-list.json'))
    expect(r.querySelector('.card')!.getAttribute('data-status')).toBe('expired')
    expect(r.textContent).toMatch(/过期时间：2026-11-27 08:59:59（北京时间）/)
    expect(r.querySelector('.todo')!.textContent).toContain('请勿受理')
  })

  it('valid: number and unit code large, the unit code kept whole per group (6-6-7-9) when it wraps, no refusal', async () => {
    const r = await open(CODE, { ...base, status: 'valid', title: '有效', hint: '证照真实，当前为现势状态', certificate })
    const groups = Array.from(r.querySelectorAll('.key .unit .g'), (g) => g.textContent)
    expect(groups).toEqual(['510703', '001002', 'GB00001', 'F00010001'])
    expect(r.querySelector('.key .unit')!.textContent).toBe(certificate.unitCodeDisplay)
    expect(r.textContent).toContain('请核对纸质证书上的证号、单元号与此处一致')
    expect(r.textContent).not.toContain('请勿受理')
  })
})
