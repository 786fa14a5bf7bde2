/**
 * 我的证明: the list (loading → items / empty / error with 重试), applying with a chosen purpose
 * (one request id per request, so a doubled tap yields the same proof), download errors in plain
 * words, and elder mode.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ProofList, ProofSummary } from '@bdc/shared/proofs'
import { ApiError } from '../../api/errors'
import { useUi } from '../../store/ui'
import ProofsPage from './index'

const api = vi.hoisted(() => ({
  list: vi.fn<() => Promise<ProofList>>(),
  request: vi.fn<(purpose: string, requestId: string) => Promise<ProofSummary>>(),
  requestAsDelegate: vi.fn(),
  pdfUrl: (no: string) => `/api/proofs/${no}/pdf`,
}))
vi.mock('../../api/proofs', async (orig) => ({ ...(await orig<typeof import('../../api/proofs')>()), proofsApi: api }))
vi.mock('../../components/ListSkeleton', () => ({ ListSkeleton: () => <div data-testid="skeleton" /> }))
const download = vi.hoisted(() => vi.fn<(no: string) => Promise<void>>())
vi.mock('./download', () => ({ downloadProof: download }))

const proof = (over: Partial<ProofSummary> = {}): ProofSummary => ({
  proofNo: '51000020261203000007',
  purpose: { code: 'school', label: '子女入学' },
  subject: '张**',
  forSelf: true,
  requestedBy: '本人',
  unitCount: 2,
  issuedAt: '2026-12-03T02:00:00.000Z',
  validUntil: '2027-01-02T02:00:00.000Z',
  state: 'valid',
  stateLabel: '有效',
  ...over,
})

beforeEach(() => {
  api.list.mockReset()
  api.request.mockReset()
  download.mockReset()
  useUi.setState({ elder: false })
})
afterEach(cleanup)

describe('我的证明', () => {
  it('shows a skeleton, then each proof with its state, purpose, number and Beijing times', async () => {
    let answer!: (l: ProofList) => void
    api.list.mockReturnValue(new Promise((r) => (answer = r)))
    render(<ProofsPage />)
    expect(screen.getByTestId('skeleton')).toBeTruthy()
    answer({ items: [proof(), proof({ proofNo: '51000020261201000003', state: 'superseded', stateLabel: '已被新证明取代', unitCount: 0 })] })
    const cards = await screen.findAllByTestId('proof-card')
    expect(cards).toHaveLength(2)
    expect(cards[0]!.textContent).toContain('子女入学')
    expect(cards[0]!.textContent).toContain('51000020261203000007')
    expect(cards[0]!.textContent).toContain('2026-12-03 10:00') // 02:00 UTC in Beijing time
    expect(cards[0]!.textContent).toContain('载明 2 处不动产')
    expect(cards[1]!.textContent).toContain('已被新证明取代')
    expect(cards[1]!.textContent).toContain('名下无不动产')
  })

  it('says so when there is none yet, and offers 重试 when the list fails', async () => {
    api.list.mockResolvedValueOnce({ items: [] })
    render(<ProofsPage />)
    expect(await screen.findByText('还没有开具过查询结果证明')).toBeTruthy()
    cleanup()
    api.list.mockRejectedValueOnce(new ApiError(503, { code: 'UPSTREAM_UNAVAILABLE', message: '省级服务暂时不可用，请稍后再试' }))
    api.list.mockResolvedValueOnce({ items: [proof()] })
    render(<ProofsPage />)
    expect(await screen.findByText('省级服务暂时不可用，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findAllByTestId('proof-card')).toHaveLength(1)
  })

  it('asks for a purpose first, then applies once per request id: a doubled tap carries the same id', async () => {
    api.list.mockResolvedValue({ items: [] })
    let issue!: (p: ProofSummary) => void
    api.request.mockImplementation(() => new Promise((r) => (issue = r)))
    render(<ProofsPage />)
    fireEvent.click(screen.getByTestId('proof-submit'))
    expect(screen.getByTestId('proof-problem').textContent).toBe('请选择证明用途')
    expect(api.request).not.toHaveBeenCalled()
    fireEvent.click(screen.getByTestId('purpose-hukou'))
    fireEvent.click(screen.getByTestId('proof-submit'))
    fireEvent.click(screen.getByTestId('proof-submit'))
    const ids = new Set(api.request.mock.calls.map((c) => c[1]))
    expect(api.request.mock.calls[0]![0]).toBe('hukou')
    expect(ids.size).toBe(1)
    expect([...ids][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    issue(proof({ purpose: { code: 'hukou', label: '落户' } }))
    expect((await screen.findByTestId('proof-done')).textContent).toContain('51000020261203000007')
    // the next request gets a new id
    api.request.mockResolvedValue(proof())
    fireEvent.click(screen.getByTestId('proof-submit'))
    await waitFor(() => expect(api.request.mock.calls.length).toBeGreaterThan(1))
    expect(api.request.mock.calls.at(-1)![1]).not.toBe([...ids][0])
  })

  it('a refused application or download says why in plain words', async () => {
    api.list.mockResolvedValue({ items: [proof()] })
    api.request.mockRejectedValue(new ApiError(409, { code: 'PROOF_REQUEST_CONFLICT', message: '该申请编号已用于其他申请，请刷新页面后重试' }))
    download.mockRejectedValue(new ApiError(404, { code: 'PROOF_NOT_FOUND', message: '未找到该查询结果证明' }))
    render(<ProofsPage />)
    fireEvent.click(screen.getByTestId('purpose-loan'))
    fireEvent.click(screen.getByTestId('proof-submit'))
    expect((await screen.findByTestId('proof-problem')).textContent).toBe('该申请编号已用于其他申请，请刷新页面后重试')
    fireEvent.click((await screen.findAllByTestId('proof-download'))[0]!)
    expect((await screen.findByTestId('download-problem')).textContent).toBe('未找到该查询结果证明')
    expect(download).toHaveBeenCalledWith('51000020261203000007')
  })

  it('follows elder mode', async () => {
    api.list.mockResolvedValue({ items: [] })
    useUi.setState({ elder: true })
    const { container } = render(<ProofsPage />)
    await screen.findByText('还没有开具过查询结果证明')
    expect(container.querySelector('.page.elder')).not.toBeNull()
  })
})
