import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { AccessRecord } from '@bdc/shared/access-records'
import type { PropertyList } from '@bdc/shared/api'
import { accessRecordsApi } from '../../api/access-records'
import { ApiError } from '../../api/errors'
import { propertiesApi } from '../../api/properties'
import AccessRecordsPage, { shortPlace } from './access'

const FLAT = '510703004002GB01265F00030022'
const units = { items: [{ unitCode: FLAT, location: '绵阳市涪城区临园路东段 68 号 3 栋 2 单元 2 楼 2 号' }], fetchedAt: '2026-11-27T01:00:00Z' } as unknown as PropertyList
const rec = (at: string, kind: AccessRecord['kind'], detail: string): AccessRecord => ({ at, kind, unitCode: FLAT, location: '绵阳市涪城区临园路东段 68 号', detail })

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe('我的查询记录 (H5, jsdom)', () => {
  it('lists each access in plain words with its Beijing time, and pages back on 加载更早的记录', async () => {
    vi.spyOn(propertiesApi, 'list').mockResolvedValue(units)
    const list = vi
      .spyOn(accessRecordsApi, 'list')
      .mockResolvedValueOnce({ items: [rec('2026-11-27T12:30:00Z', 'delegate_refused', '陈**（510106********3319）试图查看，已拒绝（非被授权人）')], nextBefore: '2026-11-27T12:30:00.000Z' })
      .mockResolvedValueOnce({ items: [rec('2026-11-26T01:00:00Z', 'verification', '扫码核验页面，结果：有效；核验人不记录身份')], nextBefore: null })
    render(<AccessRecordsPage />)
    await waitFor(() => expect(screen.getAllByTestId('access-record').length).toBe(1))
    const first = screen.getAllByTestId('access-record')[0]!.textContent ?? ''
    expect(first).toContain('被授权人访问被拒绝')
    expect(first).toContain('2026-11-27 20:30') // 12:30 UTC is 20:30 in Beijing
    fireEvent.click(screen.getByTestId('more'))
    await waitFor(() => expect(screen.getAllByTestId('access-record').length).toBe(2))
    expect(list).toHaveBeenLastCalledWith({ unit: undefined, before: '2026-11-27T12:30:00.000Z' })
    expect(screen.getAllByTestId('access-record')[1]!.textContent).toContain('证书被扫码核验')
    expect(screen.queryByTestId('more')).toBeNull()
    expect(screen.getByText(/以上为全部记录/)).toBeTruthy()
  })

  it('filters by one of my units, and says so when that unit has none', async () => {
    vi.spyOn(propertiesApi, 'list').mockResolvedValue(units)
    const list = vi.spyOn(accessRecordsApi, 'list').mockResolvedValueOnce({ items: [rec('2026-11-27T12:30:00Z', 'self_view', '查看了不动产详情')], nextBefore: null }).mockResolvedValueOnce({ items: [], nextBefore: null })
    render(<AccessRecordsPage />)
    await waitFor(() => expect(screen.getAllByTestId('unit-chip').length).toBe(1))
    fireEvent.click(screen.getAllByTestId('unit-chip')[0]!)
    await waitFor(() => expect(screen.getByTestId('empty-state').textContent).toContain('这处不动产暂无查询记录'))
    expect(list).toHaveBeenLastCalledWith({ unit: FLAT })
  })

  it('a failed load says why, with 重试', async () => {
    vi.spyOn(propertiesApi, 'list').mockResolvedValue(units)
    vi.spyOn(accessRecordsApi, 'list').mockRejectedValue(new ApiError(503, { code: 'UPSTREAM_UNAVAILABLE', message: 'x' }))
    render(<AccessRecordsPage />)
    await waitFor(() => expect(screen.getByText('重试')).toBeTruthy())
  })

  it('unit chips name the building and room, not the province and city again', () => {
    expect(shortPlace('四川省绵阳市涪城区临园路东段66号涪江名苑3栋1单元602号')).toBe('涪江名苑3栋1单元602号')
    expect(shortPlace('四川省成都市武侯区天府大道北段1700号')).toBe('天府大道北段1700号')
    expect(shortPlace('无门牌')).toBe('无门牌')
  })
})
