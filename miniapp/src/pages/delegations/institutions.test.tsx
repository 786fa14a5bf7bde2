/**
 * 授权机构核验: the consents the citizen gave are listed with institution, purpose, certificate and
 * use; only a live one can be revoked, after a confirmation naming what the institution keeps seeing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { Consent } from '@bdc/shared/institutions'
import InstitutionConsentsPage from './institutions'

const api = vi.hoisted(() => ({ consents: vi.fn<() => Promise<{ items: Consent[] }>>(), revoke: vi.fn<(id: string) => Promise<Consent>>() }))
vi.mock('../../api/institutions', () => ({ institutionsApi: api }))
vi.mock('../../components/ListSkeleton', () => ({ ListSkeleton: () => null }))

const consent = (id: string, state: Consent['state']): Consent => ({
  id,
  institution: { id: 'i1', name: '天府示范银行股份有限公司成都分行（演示）', code: '91510100MA6DEM01B0' },
  purpose: 'mortgage_loan',
  purposeLabel: '抵押贷款审批',
  licenseId: 'L1',
  certificateNo: '川(2021)绵阳市不动产权第0023451号',
  location: '四川省绵阳市涪城区临园路东段66号涪江名苑3栋1单元602号',
  createdAt: '2026-11-27T01:00:00.000Z',
  expiresAt: '2026-12-27T01:00:00.000Z',
  revokedAt: state === 'revoked' ? '2026-11-28T01:00:00.000Z' : null,
  state,
  calls: 3,
})

beforeEach(() => {
  api.consents.mockReset()
  api.revoke.mockReset()
  vi.mocked(Taro.showModal).mockReset?.()
})
afterEach(() => cleanup())

describe('授权机构核验 list', () => {
  it('shows each consent and offers revoking only the live one; revoking asks first, then reloads', async () => {
    api.consents.mockResolvedValue({ items: [consent('a', 'active'), consent('b', 'revoked')] })
    render(<InstitutionConsentsPage />)
    await waitFor(() => expect(screen.getAllByTestId('consent-item')).toHaveLength(2))
    expect(screen.getAllByText('用途：抵押贷款审批')).toHaveLength(2)
    expect(screen.getAllByTestId('consent-state').map((e) => e.textContent)).toEqual(['生效中', '已撤销'])
    expect(screen.getAllByText(/已核验 3 次/)).toHaveLength(2)
    const buttons = screen.getAllByTestId('revoke-consent')
    expect(buttons).toHaveLength(1)

    vi.mocked(Taro.showModal).mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never)
    api.revoke.mockResolvedValue(consent('a', 'revoked'))
    api.consents.mockResolvedValue({ items: [consent('a', 'revoked'), consent('b', 'revoked')] })
    fireEvent.click(buttons[0]!)
    await waitFor(() => expect(api.revoke).toHaveBeenCalledWith('a'))
    expect(vi.mocked(Taro.showModal).mock.calls[0]![0]).toMatchObject({ content: expect.stringContaining('只能看到公开的脱敏核验结果') })
    await waitFor(() => expect(screen.queryAllByTestId('revoke-consent')).toHaveLength(0))
  })

  it('a declined confirmation revokes nothing', async () => {
    api.consents.mockResolvedValue({ items: [consent('a', 'active')] })
    render(<InstitutionConsentsPage />)
    await waitFor(() => expect(screen.getByTestId('revoke-consent')).toBeTruthy())
    vi.mocked(Taro.showModal).mockResolvedValue({ confirm: false, cancel: true, errMsg: 'ok' } as never)
    fireEvent.click(screen.getByTestId('revoke-consent'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(api.revoke).not.toHaveBeenCalled()
  })
})
