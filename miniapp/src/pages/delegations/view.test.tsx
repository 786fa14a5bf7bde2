/**
 * Issue 12 §8: the delegated-query token (from the owner's link) is kept in this tab's
 * sessionStorage — never localStorage — only until the grant has answered, then forgotten.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { DelegatedView } from '@bdc/shared/delegations'
import { ApiError } from '../../api/errors'
import DelegatedViewPage from './view'

const open = vi.hoisted(() => vi.fn<(token: string) => Promise<DelegatedView>>())
vi.mock('../../api/delegations', () => ({ delegationsApi: { open } }))
// NutUI's skeleton animates on a timer that would outlive the test's jsdom
vi.mock('../../components/ListSkeleton', () => ({ ListSkeleton: () => null }))

const params = Taro.getCurrentInstance().router!.params as Record<string, string>
const KEY = 'bdc_delegation_token'
const TOKEN = 'dlg-token-0123456789abcdef'
const view = { banner: '您正在查看 张** 授权的信息', grantedBy: '张**', scope: 'status', usesLeft: 2, units: [] } as unknown as DelegatedView

/** The owner's link arrives: the page takes the token out of the address bar, then shows itself again without it. */
function arriveWithLink() {
  params.t = TOKEN
  const first = render(<DelegatedViewPage />)
  expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/pages/delegations/view' })
  first.unmount()
  delete params.t
}

beforeEach(() => {
  sessionStorage.clear()
  localStorage.clear()
  open.mockReset()
  vi.mocked(Taro.redirectTo).mockClear()
})
afterEach(() => cleanup())

describe('delegated view: where the link token waits', () => {
  it('keeps it in sessionStorage only (not localStorage) until it is used, then forgets it', async () => {
    arriveWithLink()
    expect(sessionStorage.getItem(KEY)).toBe(TOKEN)
    expect(localStorage.getItem(KEY)).toBeNull()
    expect(Taro.getStorageSync(KEY)).toBe('')

    open.mockResolvedValue(view)
    render(<DelegatedViewPage />)
    await waitFor(() => expect(screen.getByTestId('delegation-banner')).toBeTruthy())
    expect(open).toHaveBeenCalledWith(TOKEN)
    expect(sessionStorage.getItem(KEY)).toBeNull()
    expect(localStorage.getItem(KEY)).toBeNull()
  })

  it('a reload after use does not open the grant again and says why', async () => {
    arriveWithLink()
    open.mockResolvedValue(view)
    render(<DelegatedViewPage />)
    await waitFor(() => expect(screen.getByTestId('delegation-banner')).toBeTruthy())
    cleanup()
    render(<DelegatedViewPage />)
    await waitFor(() => expect(screen.getByTestId('delegation-refused')).toBeTruthy())
    expect(screen.getByTestId('delegation-refused').textContent).toContain('本次查看已结束')
    expect(open).toHaveBeenCalledTimes(1)
  })

  it('keeps it across the login round trip (not logged in yet)', async () => {
    arriveWithLink()
    open.mockRejectedValue(new ApiError(401, { code: 'UNAUTHENTICATED', message: '' }))
    render(<DelegatedViewPage />)
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: expect.stringContaining('/pages/login/index') }))
    expect(sessionStorage.getItem(KEY)).toBe(TOKEN)
  })

  it('forgets it when the grant refuses for good (expired)', async () => {
    arriveWithLink()
    open.mockRejectedValue(new ApiError(410, { code: 'DELEGATION_EXPIRED', message: '' }))
    render(<DelegatedViewPage />)
    await waitFor(() => expect(screen.getByTestId('delegation-refused')).toBeTruthy())
    expect(screen.getByTestId('delegation-refused').textContent).toContain('授权已过期')
    expect(sessionStorage.getItem(KEY)).toBeNull()
  })

  it('removes a copy an earlier version left in localStorage', () => {
    Taro.setStorageSync(KEY, 'old-token-from-localstorage')
    arriveWithLink()
    expect(Taro.getStorageSync(KEY)).toBe('')
    expect(sessionStorage.getItem(KEY)).toBe(TOKEN)
  })
})
