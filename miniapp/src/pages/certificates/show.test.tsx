import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { CertificateDetail, CertificateSummary } from '@bdc/shared/certificates/api'
import { certificatesApi } from '../../api/certificates'
import { useUi } from '../../store/ui'
import ShowCertificatePage, { watermarkAt } from './show'

const summary = (n: number, status: CertificateSummary['status'] = 'current'): CertificateSummary => ({
  licenseId: `1.2.156.3005.2.11100000MB03271699001.510100.00000000${n}.001.X`,
  kind: 'right_certificate',
  kindLabel: '不动产权证书',
  certificateNo: `川(2023)成都市不动产权第001234${n}号`,
  unitCode: `510107001001GB00001F0001000${n}`,
  unitCodeDisplay: `510107 001001 GB00001 F0001000${n}`,
  location: `成都市武侯区科华北路${n}号`,
  status,
  statusLabel: status === 'current' ? '现势' : '注销',
  cancelledAt: null,
  issuer: '成都市不动产登记中心',
  issuedOn: '2023-05-01',
})
const detail = (s: CertificateSummary): CertificateDetail => ({ ...s, face: [{ label: '权利人', value: '张**（510107********1234）、李*（510107********5678）' }] })
/** The fake router's params (the page reads `id` from them). */
const params = Taro.getCurrentInstance().router!.params as Record<string, string>
const setParams = (p: Record<string, string>) => {
  for (const k of Object.keys(params)) delete params[k]
  Object.assign(params, p)
}
const MINE = [summary(1), summary(2), summary(3, 'cancelled')]
const START = new Date('2026-12-03T11:23:05.000Z') // 19:23:05 in Beijing

/** Lets the page's pending API promises settle (timers are fake: only the interval and Date). */
const settle = () => act(async () => { for (let i = 0; i < 20; i++) await Promise.resolve() })

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(START)
  vi.spyOn(certificatesApi, 'list').mockResolvedValue({ items: MINE, fetchedAt: START.toISOString() })
  vi.spyOn(certificatesApi, 'get').mockImplementation(async (id) => detail(MINE.find((c) => c.licenseId === id)!))
  vi.spyOn(certificatesApi, 'liveCode').mockImplementation(async (id) => ({ url: `https://bdc.example/v/1L/${id}/gv2/${Math.floor(Date.now() / 1000) + 180}/sig`, expiresAt: new Date(Date.now() + 180_000).toISOString(), validSeconds: 180 }))
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.restoreAllMocks()
  setParams({})
  useUi.setState({ elder: false })
})

describe('亮证 page', () => {
  it('says which certificate it shows: 证号, 坐落 and the holders masked, without ID numbers', async () => {
    setParams({ id: encodeURIComponent(MINE[1]!.licenseId) })
    render(<ShowCertificatePage />)
    await settle()
    const which = screen.getByTestId('live-which').textContent ?? ''
    expect(which).toContain('川(2023)成都市不动产权第0012342号')
    expect(which).toContain('成都市武侯区科华北路2号')
    expect(which).toContain('权利人：张**、李*')
    expect(which).not.toContain('510107')
    expect(certificatesApi.liveCode).toHaveBeenCalledWith(MINE[1]!.licenseId)
  })

  it('the Beijing clock ticks every second and the watermark with the time moves across the code', async () => {
    setParams({ id: encodeURIComponent(MINE[0]!.licenseId) })
    render(<ShowCertificatePage />)
    await settle()
    expect(screen.getByTestId('clock').textContent).toBe('2026-12-03 19:23:05（北京时间）')
    const mark = screen.getByTestId('watermark')
    expect(mark.textContent).toBe('亮证 19:23:05')
    const before = mark.getAttribute('style')
    act(() => void vi.advanceTimersByTime(1000))
    expect(screen.getByTestId('clock').textContent).toBe('2026-12-03 19:23:06（北京时间）')
    expect(screen.getByTestId('watermark').textContent).toBe('亮证 19:23:06')
    expect(screen.getByTestId('watermark').getAttribute('style')).not.toBe(before)
    act(() => void vi.advanceTimersByTime(60_000))
    expect(screen.getByTestId('clock').textContent).toBe('2026-12-03 19:24:06（北京时间）')
    expect(screen.getByTestId('countdown').textContent).toBe('1:59 后自动刷新')
  })

  it('the watermark stays within the code and never stands still for long', () => {
    const spots = Array.from({ length: 60 }, (_, t) => watermarkAt(1_764_760_000 + t))
    for (const p of spots) {
      expect(p.left).toBeGreaterThanOrEqual(0)
      expect(p.left).toBeLessThanOrEqual(60)
      expect(p.top).toBeGreaterThanOrEqual(8)
      expect(p.top).toBeLessThanOrEqual(83)
    }
    for (let i = 1; i < spots.length; i++) expect(spots[i]).not.toEqual(spots[i - 1])
  })

  it('an owner of several certificates picks one: only current ones are offered; picking shows and signs that one', async () => {
    setParams({})
    render(<ShowCertificatePage />)
    await settle()
    // opened without an id: the first current certificate
    expect(certificatesApi.liveCode).toHaveBeenLastCalledWith(MINE[0]!.licenseId)
    const options = screen.getAllByTestId('pick')
    expect(options.map((o) => o.textContent)).toEqual([MINE[0]!.certificateNo + MINE[0]!.location, MINE[1]!.certificateNo + MINE[1]!.location])
    expect(options[0]!.getAttribute('data-selected')).toBe('true')
    fireEvent.click(options[1]!)
    await settle()
    expect(certificatesApi.liveCode).toHaveBeenLastCalledWith(MINE[1]!.licenseId)
    expect(screen.getByTestId('live-which').textContent).toContain(MINE[1]!.certificateNo)
    expect(screen.getAllByTestId('pick')[1]!.getAttribute('data-selected')).toBe('true')
  })

  it('a single certificate needs no picker; elder mode enlarges the page', async () => {
    vi.mocked(certificatesApi.list).mockResolvedValue({ items: [MINE[0]!], fetchedAt: START.toISOString() })
    useUi.setState({ elder: true })
    setParams({ id: encodeURIComponent(MINE[0]!.licenseId) })
    const { container } = render(<ShowCertificatePage />)
    await settle()
    expect(screen.queryByTestId('picker')).toBeNull()
    expect(container.querySelector('.page')!.className).toContain('elder')
  })
})
