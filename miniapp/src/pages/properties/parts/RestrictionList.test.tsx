import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render, screen } from '@testing-library/react'
import type { RestrictionView } from '@bdc/shared/api'
import { RestrictionList } from './RestrictionList'

afterEach(cleanup)

const base = { registeredAt: '2026-11-16', periodFrom: null, periodTo: null, amount: null, note: null }
const items: RestrictionView[] = [
  { ...base, type: { code: 'mortgage', label: '抵押' }, authority: '中国建设银行股份有限公司绵阳分行', authorityLabel: '抵押权人', documentNo: 'A1', expired: false, amount: 78.5 },
  { ...base, type: { code: 'advance_notice', label: '预告' }, authority: '孙**', authorityLabel: '预告权利人', documentNo: 'A2', expired: false },
  { ...base, type: { code: 'objection', label: '异议' }, authority: '周**', authorityLabel: '异议申请人', documentNo: 'A3', expired: true, periodFrom: '2025-03-03', periodTo: '2025-03-18' },
]

describe('限制情况 (H5, jsdom)', () => {
  it('names each party by its role, and sets a lapsed 异议 apart as 已到期', () => {
    render(<RestrictionList items={items} />)
    const rows = screen.getAllByTestId('restriction')
    expect(rows.map((r) => r.getAttribute('data-expired'))).toEqual(['false', 'false', 'true'])
    expect(rows[0]!.textContent).toContain('抵押权人')
    expect(rows[1]!.textContent).toContain('预告权利人孙**')
    expect(rows[1]!.textContent).not.toContain('办理机构')
    const lapsed = screen.getByTestId('lapsed-restrictions')
    expect(lapsed.textContent).toContain('已到期（期限届满，不再限制）')
    expect(lapsed.textContent).toContain('异议申请人周**')
  })

  it('with only lapsed restrictions the unit reads as free of restrictions, the lapsed ones below', () => {
    render(<RestrictionList items={[items[2]!]} />)
    expect(screen.getByTestId('no-restrictions').textContent).toBe('无抵押、查封等限制')
    expect(screen.getByTestId('lapsed-restrictions').textContent).toContain('异议')
  })
})
