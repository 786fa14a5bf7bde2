import { describe, expect, it } from 'vitest'
import { formatAmount, formatArea, formatDateTime, formatPeriod, orDash } from './format'
import { safeReturnTo } from './nav'

describe('display formats', () => {
  it('shows every time in Beijing time whatever the phone’s zone, and leaves garbage untouched', () => {
    expect(formatDateTime('2026-11-27T01:07:00Z')).toBe('2026-11-27 09:07')
    expect(formatDateTime('2026-11-27T20:30:00.000Z')).toBe('2026-11-28 04:30') // past midnight in Beijing
    expect(formatDateTime('2026-11-27T09:07:00+08:00')).toBe('2026-11-27 09:07')
    expect(formatDateTime('not a date')).toBe('not a date')
  })

  it('areas in ㎡ with two decimals; missing as a dash', () => {
    expect(formatArea(89.5)).toBe('89.50㎡')
    expect(formatArea(null)).toBe('—')
  })

  it('amounts in 万元 and open-ended periods', () => {
    expect(formatAmount(120)).toBe('120万元')
    expect(formatPeriod('2020-01-01', null)).toBe('2020-01-01 至 长期')
    expect(formatPeriod(null, null)).toBe('—')
    expect(orDash('')).toBe('—')
  })
})

describe('safeReturnTo', () => {
  it('accepts app pages and rejects anything else (no open redirect)', () => {
    expect(safeReturnTo('%2Fpages%2Fproperties%2Findex')).toBe('/pages/properties/index')
    expect(safeReturnTo('/pages/properties/detail?unitCode=510104001001GB00001F00010001')).toBe('/pages/properties/detail?unitCode=510104001001GB00001F00010001')
    expect(safeReturnTo('https://evil.example/')).toBe('/pages/index/index')
    expect(safeReturnTo('//evil.example/pages/x')).toBe('/pages/index/index')
    expect(safeReturnTo(undefined)).toBe('/pages/index/index')
  })
})
