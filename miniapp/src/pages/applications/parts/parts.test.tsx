import { afterEach, describe, expect, it, vi } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { ApplicationSummary, TimelineEvent } from '@bdc/shared/applications'
import { ApplicationCard } from './ApplicationCard'
import { StatusBadge } from './StatusBadge'
import { Timeline } from './Timeline'

afterEach(cleanup)

const summary: ApplicationSummary = {
  id: '0f9d3c1e-8a1b-4c2d-9e3f-123456789abc',
  type: 'mortgage_release',
  typeLabel: '抵押权注销登记',
  unitCode: '510703004002GB00012F00010022',
  location: '四川省绵阳市涪城区临园路东段66号涪江名苑3栋1单元602号',
  status: 'draft',
  statusLabel: '草稿',
  receiptNo: null,
  createdAt: '2026-11-27T01:00:00Z',
  updatedAt: '2026-11-27T01:05:00Z',
  submittedAt: null,
}

describe('我的办件 card', () => {
  it('a draft invites to continue; tapping opens it', () => {
    const onOpen = vi.fn()
    render(<ApplicationCard item={summary} onOpen={onOpen} />)
    const card = screen.getByTestId('application-card')
    expect(card.textContent).toContain('抵押权注销登记')
    expect(card.textContent).toContain('草稿')
    expect(card.textContent).toContain('点击继续填写')
    expect(card.textContent).not.toContain('接件编码')
    fireEvent.click(card)
    expect(onOpen).toHaveBeenCalledWith(summary)
  })

  it('a submitted one shows its 接件编码, or that it waits for the network', () => {
    const { rerender } = render(<ApplicationCard item={{ ...summary, status: 'reviewing', statusLabel: '审核中', receiptNo: '51070320261128000001', submittedAt: '2026-11-27T02:00:00Z' }} onOpen={() => {}} />)
    expect(screen.getByTestId('application-card').textContent).toContain('接件编码 51070320261128000001')
    rerender(<ApplicationCard item={{ ...summary, status: 'pending_push', statusLabel: '待推送', submittedAt: '2026-11-27T02:00:00Z' }} onOpen={() => {}} />)
    expect(screen.getByTestId('application-card').textContent).toContain('待推送，网络恢复后自动提交')
  })

  it('the badge carries the colour family of its status', () => {
    render(<StatusBadge status="correction_required" />)
    expect(screen.getByTestId('status').className).toContain('apl-status--warn')
    expect(screen.getByTestId('status').textContent).toBe('补正')
  })
})

describe('progress timeline', () => {
  const ev = (status: TimelineEvent['status'], label: string, note: string | null = null): TimelineEvent => ({ status, label, at: '2026-11-27T02:00:00Z', note, source: 'province' })

  it('shows each step with time and note, the current one marked, the rest greyed as 待办理', () => {
    render(<Timeline status="accepted" events={[ev('pending_push', '提交申请'), ev('submitted', '已提交', '省级互联网接件系统已接收'), ev('accepted', '已受理')]} />)
    const steps = screen.getAllByTestId('timeline-step')
    expect(steps.map((s) => s.getAttribute('data-state'))).toEqual(['done', 'done', 'current', 'todo', 'todo', 'todo'])
    expect(steps[1]!.textContent).toContain('省级互联网接件系统已接收')
    expect(steps[3]!.textContent).toContain('审核中')
    expect(steps[3]!.textContent).toContain('待办理')
  })

  it('补正 says what to fix', () => {
    render(<Timeline status="correction_required" events={[ev('submitted', '已提交'), ev('correction_required', '补正', '身份证照片不清晰，请重新上传')]} />)
    const last = screen.getAllByTestId('timeline-step').at(-1)!
    expect(last.getAttribute('data-state')).toBe('warn')
    expect(last.textContent).toContain('需补正：身份证照片不清晰，请重新上传')
  })
})
