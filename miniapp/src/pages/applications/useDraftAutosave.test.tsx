import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { FieldDef } from '@bdc/shared/applications-dict'
import { SaveBar } from './parts/SaveBar'
import { SAVE_DEBOUNCE_MS, useDraftAutosave } from './useDraftAutosave'

const FIELDS: FieldDef[] = [
  { key: 'location', label: '坐落', kind: 'text', required: true, fromRegistry: true, maxLength: 200 },
  { key: 'contactPhone', label: '联系电话', kind: 'phone', required: true, maxLength: 11 },
  { key: 'reason', label: '申请原因', kind: 'textarea', required: false, maxLength: 200 },
]

/** The draft form as the edit page wires it: the save bar, and an input per editable field. */
function Draft({ onSaved = () => {} }: { onSaved?: () => void }) {
  const draft = useDraftAutosave('a-1', FIELDS, { ready: true, onSaved, onNotDraft: () => {} })
  const { reset } = draft
  useEffect(() => reset({ location: '成都市武侯区', contactPhone: '', reason: '' }), [reset])
  return (
    <>
      <SaveBar label="抵押权注销登记" save={draft.save} onRetry={() => void draft.flush()} />
      {FIELDS.filter((f) => !f.fromRegistry).map((f) => (
        <label key={f.key}>
          {f.label}
          <input value={draft.form[f.key] ?? ''} onChange={(e) => draft.setField(f.key, e.target.value)} />
          {draft.problems[f.key] ? <span>{draft.problems[f.key]}</span> : null}
        </label>
      ))}
    </>
  )
}

const request = Taro.request as unknown as ReturnType<typeof vi.fn>
/** The form of every draft save the BFF received. */
const saves = () => request.mock.calls.map(([opts]) => JSON.parse((opts as { data: string }).data).form as Record<string, string>)
const ok = { statusCode: 200, header: {}, data: '{"id":"a-1"}' }
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })
const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))
const bar = () => screen.getByTestId('save-state').textContent

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  request.mockReset()
  request.mockResolvedValue(ok)
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('useDraftAutosave', () => {
  it('saves 0.8 s after the last keystroke: 保存中…, then 已保存', async () => {
    let answer!: (v: unknown) => void
    request.mockReturnValueOnce(new Promise((r) => (answer = r)))
    render(<Draft />)
    expect(bar()).toContain('草稿自动保存')
    type('申请原因', '贷款')
    await wait(500)
    type('申请原因', '贷款已还清')
    await wait(SAVE_DEBOUNCE_MS - 1)
    expect(request).not.toHaveBeenCalled()
    await wait(1)
    expect(saves()).toEqual([{ reason: '贷款已还清' }])
    expect(bar()).toContain('保存中…')
    await act(async () => answer(ok))
    expect(bar()).toContain('已保存')
  })

  it('keeps a half-typed phone number on the phone until it is whole', async () => {
    render(<Draft />)
    type('联系电话', '1380000')
    await wait(3000)
    expect(request).not.toHaveBeenCalled()
    expect(bar()).toContain('草稿自动保存')
    type('联系电话', '13800000000')
    await wait(SAVE_DEBOUNCE_MS)
    expect(saves()).toEqual([{ contactPhone: '13800000000' }])
  })

  it('says 保存失败 with the reason; 重试 saves the same edit', async () => {
    request.mockResolvedValueOnce({ statusCode: 503, header: {}, data: '{"code":"UPSTREAM_UNAVAILABLE","message":"x"}' })
    render(<Draft />)
    type('申请原因', '换证')
    await wait(SAVE_DEBOUNCE_MS)
    expect(bar()).toContain('保存失败')
    expect(screen.getByText('省级服务暂时不可用，请稍后再试')).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByText('重试')))
    expect(bar()).toContain('已保存')
    expect(saves()).toEqual([{ reason: '换证' }, { reason: '换证' }])
  })

  it('loses no edit typed while a save is on its way', async () => {
    let answer!: (v: unknown) => void
    request.mockReturnValueOnce(new Promise((r) => (answer = r)))
    const onSaved = vi.fn()
    render(<Draft onSaved={onSaved} />)
    type('申请原因', '更正')
    await wait(SAVE_DEBOUNCE_MS)
    type('申请原因', '更正面积')
    await wait(SAVE_DEBOUNCE_MS)
    await act(async () => answer(ok))
    await wait(0)
    expect(saves()).toEqual([{ reason: '更正' }, { reason: '更正面积' }])
    expect(onSaved).toHaveBeenCalledTimes(2)
    expect(bar()).toContain('已保存')
  })

  it('shows the BFF’s objection beside the field it names', async () => {
    request.mockResolvedValueOnce({
      statusCode: 400,
      header: {},
      data: JSON.stringify({ code: 'VALIDATION_FAILED', message: 'x', details: [{ path: 'form.reason', message: '申请原因不能含有链接' }] }),
    })
    render(<Draft />)
    type('申请原因', 'http://x')
    await wait(SAVE_DEBOUNCE_MS)
    expect(bar()).toContain('保存失败')
    expect(screen.getAllByText('申请原因不能含有链接')).toHaveLength(2)
  })
})
