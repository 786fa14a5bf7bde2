import { afterEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { RESTRICTION_TYPES } from '@bdc/shared/dict'
import type { PropertySummary } from '@bdc/shared/api'
import { PropertyCard } from '../pages/properties/parts/PropertyCard'
import { EmptyState } from './EmptyState'
import { ErrorState } from './ErrorState'
import { PagePlaceholder } from './PagePlaceholder'
import { RestrictionTags } from './RestrictionTags'
import { RESTRICTION_COLORS } from './restriction-style'

afterEach(cleanup)

const badges = RESTRICTION_TYPES.codes.map((code) => ({ code, label: RESTRICTION_TYPES.label(code) }))

describe('RestrictionTags', () => {
  it.each(badges)('renders a coloured $label badge for $code', ({ code, label }) => {
    const { container } = render(<RestrictionTags restrictions={[{ code, label }]} />)
    const tag = container.querySelector(`[data-code="${code}"] .nut-tag`) as HTMLElement
    expect(tag).not.toBeNull()
    expect(tag.textContent).toBe(label)
    // NutUI paints the tint on the tag and the text colour on its inner label.
    expect(tag.style.backgroundColor.replace(/\s/g, '')).toBe(hexToRgb(RESTRICTION_COLORS[code].background))
    const text = Array.from(tag.querySelectorAll<HTMLElement>('*')).find((el) => el.style.color)
    expect(text?.style.color.replace(/\s/g, '')).toBe(hexToRgb(RESTRICTION_COLORS[code].color))
  })

  it('shows every restriction a unit has, in order', () => {
    render(<RestrictionTags restrictions={badges} />)
    expect(screen.getAllByText(/抵押|查封|轮候查封|异议|预告|居住权/).map((e) => e.textContent)).toEqual(badges.map((b) => b.label))
  })

  it('shows 无限制 only when asked', () => {
    const { container, rerender } = render(<RestrictionTags restrictions={[]} />)
    expect(container.textContent).toBe('')
    rerender(<RestrictionTags restrictions={[]} showNone />)
    expect(screen.getByText('无限制')).toBeTruthy()
  })
})

describe('state blocks', () => {
  it('empty state says there is nothing registered', () => {
    render(<EmptyState message="您名下暂无不动产登记信息" />)
    expect(screen.getByTestId('empty-state').textContent).toContain('您名下暂无不动产登记信息')
  })

  it('error state shows the message and 重试 calls back', () => {
    const onRetry = vi.fn()
    render(<ErrorState message="省级服务暂时不可用，请稍后再试" onRetry={onRetry} />)
    expect(screen.getByText('省级服务暂时不可用，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(onRetry).toHaveBeenCalledOnce()
  })

  it('error state without a retry action has no button', () => {
    render(<ErrorState message="未找到该不动产，或它不在您的名下" />)
    expect(screen.queryByText('重试')).toBeNull()
  })

  it('error state offers a way out when retrying cannot help', () => {
    const onBack = vi.fn()
    render(<ErrorState message="未找到该不动产，或它不在您的名下" secondary={{ label: '返回我的不动产', onClick: onBack }} />)
    expect(screen.queryByText('重试')).toBeNull()
    fireEvent.click(screen.getByText('返回我的不动产'))
    expect(onBack).toHaveBeenCalledOnce()
  })
  it('a page placeholder shows cards while loading, then the failure with 重试 (when it can help) and the way back', () => {
    const { rerender } = render(<PagePlaceholder className="apl" count={2} />)
    expect(screen.getByTestId('list-skeleton').querySelectorAll('.card')).toHaveLength(2)
    expect(document.querySelector('.page.apl')).not.toBeNull()
    const retry = vi.fn()
    rerender(<PagePlaceholder failed={{ message: '网络连接失败', retryable: true }} retry={retry} back={{ label: '返回我的授权', url: '/pages/delegations/index' }} />)
    fireEvent.click(screen.getByText('重试'))
    expect(retry).toHaveBeenCalledOnce()
    fireEvent.click(screen.getByText('返回我的授权'))
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/delegations/index' })
    rerender(<PagePlaceholder failed={{ message: '未找到该授权', retryable: false }} retry={retry} />)
    expect(screen.queryByText('重试')).toBeNull()
  })
})

describe('PropertyCard', () => {
  const item: PropertySummary = {
    unitCode: '510104001001GB00001F00010001',
    unitCodeDisplay: '510104 001001 GB00001 F00010001',
    certificateNo: '川(2024)成都市不动产权第0012345号',
    location: '锦江区东大街下东大街段100号1栋1单元1001号',
    use: { code: 'residential', label: '城镇住宅用地/住宅' },
    area: 89.56,
    rightType: { code: 'state_land_building', label: '国有建设用地使用权/房屋所有权' },
    coOwnership: { code: 'joint', label: '共同共有' },
    restrictions: [{ code: 'mortgage', label: '抵押' }],
  }

  it('shows 坐落, 用途, 面积, 权利类型, 共有情况 and badges, and opens on tap', () => {
    const onOpen = vi.fn()
    render(<PropertyCard item={item} onOpen={onOpen} />)
    const card = screen.getByTestId('property-card')
    for (const text of [item.location, '城镇住宅用地/住宅', '89.56㎡', '国有建设用地使用权/房屋所有权', '共同共有', '抵押']) {
      expect(card.textContent).toContain(text)
    }
    fireEvent.click(card)
    expect(onOpen).toHaveBeenCalledWith(item.unitCode)
  })
})

function hexToRgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16)
  return `rgb(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255})`
}
