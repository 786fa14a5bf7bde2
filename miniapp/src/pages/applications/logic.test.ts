import { describe, expect, it } from 'vitest'
import { APPLICATION_STATUSES, APPLICATION_STATUS_LABELS, applicationTypeOf, type FieldDef } from '@bdc/shared/applications-dict'
import type { TimelineEvent } from '@bdc/shared/applications'
import { messageFor } from '@bdc/shared/errors'
import { parseUploadAnswer } from '../../api/applications'
import { ApiError } from '../../api/errors'
import {
  fieldProblem,
  formProblems,
  formatBytes,
  isMoving,
  ratingProblem,
  receiptText,
  resumeStep,
  savablePatch,
  serverFieldProblems,
  statusBadge,
  timelineRows,
  uploadFileName,
} from './logic'

const mortgage = applicationTypeOf('mortgage_release')!
const phone = mortgage.fields.find((f) => f.key === 'contactPhone')! as FieldDef
const reason = mortgage.fields.find((f) => f.key === 'releaseReason')! as FieldDef

describe('status badges', () => {
  it('every status has the dictionary label and a colour family', () => {
    for (const s of APPLICATION_STATUSES) {
      const b = statusBadge(s)
      expect(b.label).toBe(APPLICATION_STATUS_LABELS[s])
      expect(['draft', 'waiting', 'progress', 'done', 'warn', 'bad']).toContain(b.tone)
    }
    expect(statusBadge('completed')).toEqual({ label: '已办结', tone: 'done' })
    expect(statusBadge('correction_required')).toEqual({ label: '补正', tone: 'warn' })
    expect(statusBadge('rejected')).toEqual({ label: '不予受理', tone: 'bad' })
  })

  it('接件编码 line: the code, or what the citizen is waiting for', () => {
    expect(receiptText('submitted', 'JJ5107032026000123')).toBe('JJ5107032026000123')
    expect(receiptText('pending_push', null)).toBe('待推送，网络恢复后自动提交')
    expect(receiptText('draft', null)).toBe('提交后生成')
  })

  it('polls only while the application can still move', () => {
    expect(['pending_push', 'submitted', 'accepted', 'reviewing', 'registered'].every((s) => isMoving(s as never))).toBe(true)
    expect(['draft', 'completed', 'rejected', 'correction_required'].some((s) => isMoving(s as never))).toBe(false)
  })
})

describe('form checks mirror the BFF', () => {
  it('required, phone of 11 digits, select from the list, max length — in Chinese', () => {
    expect(fieldProblem(phone, '')).toBe('请填写联系电话')
    expect(fieldProblem(phone, '1380013800')).toBe('请填写 11 位手机号码')
    expect(fieldProblem(phone, '1380013800a')).toBe('请填写 11 位手机号码')
    expect(fieldProblem(phone, '13800138000')).toBeNull()
    expect(fieldProblem(reason, '')).toBe('请选择注销原因')
    expect(fieldProblem(reason, '随便写的')).toBe('请从列表中选择注销原因')
    expect(fieldProblem(reason, '主债权消灭')).toBeNull()
    const text: FieldDef = { key: 'reason', label: '情况说明', kind: 'textarea', required: true, maxLength: 5 }
    expect(fieldProblem(text, '一二三四五六')).toBe('情况说明不能超过 5 个字')
  })

  it('only editable fields are checked; registry fields are the registry’s business', () => {
    expect(formProblems(mortgage.fields, {})).toEqual({ releaseReason: '请选择注销原因', contactPhone: '请填写联系电话' })
    expect(formProblems(mortgage.fields, {}, false)).toEqual({})
  })

  it('a draft save sends changed, well-formed fields only (a half-typed phone stays local)', () => {
    const saved = { contactPhone: '', releaseReason: '' }
    expect(savablePatch(mortgage.fields, saved, { contactPhone: '138001', releaseReason: '主债权消灭' })).toEqual({ releaseReason: '主债权消灭' })
    expect(savablePatch(mortgage.fields, saved, { contactPhone: '13800138000', releaseReason: '' })).toEqual({ contactPhone: '13800138000' })
    // Clearing a saved value is a change worth saving; registry fields never are.
    expect(savablePatch(mortgage.fields, { contactPhone: '13800138000' }, { contactPhone: '', unitCode: 'x' })).toEqual({ contactPhone: '' })
  })

  it('field problems from the BFF land on their fields', () => {
    const err = new ApiError(400, { code: 'VALIDATION_FAILED', message: '', details: [{ path: 'form.contactPhone', message: '联系电话应为 11 位手机号' }, { path: 'reason', message: 'x' }] })
    expect(serverFieldProblems(err)).toEqual({ contactPhone: '联系电话应为 11 位手机号' })
    expect(serverFieldProblems(new Error('x'))).toEqual({})
  })
})

describe('drafts resume where they were', () => {
  it('the remembered step wins; else the first step with something missing', () => {
    expect(resumeStep([{ path: 'form.contactPhone', message: '' }], 'confirm')).toBe('confirm')
    expect(resumeStep([{ path: 'form.contactPhone', message: '' }, { path: 'materials.id_card', message: '' }], '')).toBe('form')
    expect(resumeStep([{ path: 'materials.id_card', message: '' }], 'garbage')).toBe('materials')
    expect(resumeStep([], undefined)).toBe('confirm')
  })
})

describe('progress timeline', () => {
  const ev = (status: TimelineEvent['status'], note: string | null = null): TimelineEvent => ({
    status,
    label: APPLICATION_STATUS_LABELS[status],
    at: '2026-11-27T10:00:00Z',
    note,
    source: status === 'pending_push' ? 'citizen' : 'province',
  })

  it('shows what happened, the last step current, and the steps still ahead greyed', () => {
    const rows = timelineRows('accepted', [ev('pending_push'), ev('submitted'), ev('accepted')])
    expect(rows.map((r) => [r.label, r.state])).toEqual([
      ['待推送', 'done'],
      ['已提交', 'done'],
      ['已受理', 'current'],
      ['审核中', 'todo'],
      ['已登簿', 'todo'],
      ['已办结', 'todo'],
    ])
    expect(rows.filter((r) => r.state === 'todo').every((r) => r.at === null)).toBe(true)
  })

  it('已办结 is all done; 补正 shows its reason; 不予受理 ends the path', () => {
    const all = timelineRows('completed', ['pending_push', 'submitted', 'accepted', 'reviewing', 'registered', 'completed'].map((s) => ev(s as never)))
    expect(all.every((r) => r.state === 'done')).toBe(true)
    const fix = timelineRows('correction_required', [ev('submitted'), ev('accepted'), ev('correction_required', '身份证照片不清晰，请重新上传')])
    expect(fix[2]).toMatchObject({ state: 'warn', note: '身份证照片不清晰，请重新上传' })
    expect(fix).toHaveLength(3) // nothing ahead until the citizen has fixed it
    const no = timelineRows('rejected', [ev('submitted'), ev('rejected', '不属于本机构管辖')])
    expect(no.map((r) => r.state)).toEqual(['done', 'bad'])
  })
})

describe('好差评', () => {
  it('a level is required; 不满意 and 非常不满意 need a reason (as the BFF says)', () => {
    expect(ratingProblem(null, '')).toBe('请选择评价等级')
    expect(ratingProblem(5, '')).toBeNull()
    expect(ratingProblem(3, '')).toBeNull()
    expect(ratingProblem(2, '')).toBe('选择“不满意”或“非常不满意”时请填写原因')
    expect(ratingProblem(1, ' 慢 ')).toBe('选择“不满意”或“非常不满意”时请填写原因')
    expect(ratingProblem(1, '等了太久')).toBeNull()
  })
})

describe('uploads', () => {
  it('a 201 is the stored material; refusals carry the BFF’s Chinese message', () => {
    const m = { id: 'a', kind: 'id_card', width: 800, height: 600, bytes: 1234, createdAt: '', previewUrl: '/api/x' }
    expect(parseUploadAnswer({ statusCode: 201, data: JSON.stringify(m) })).toEqual(m)
    for (const [status, code] of [
      [413, 'UPLOAD_TOO_LARGE'],
      [415, 'UPLOAD_TYPE_UNSUPPORTED'],
      [400, 'UPLOAD_DIMENSIONS'],
    ] as const) {
      const err = (() => {
        try {
          parseUploadAnswer({ statusCode: status, data: JSON.stringify({ code, message: messageFor(code) }) })
        } catch (e) {
          return e as ApiError
        }
      })()
      expect(err).toBeInstanceOf(ApiError)
      expect(err?.code).toBe(code)
      expect(err?.message).toBe(messageFor(code))
    }
  })

  it('a proxy’s bare 413 still says the photo is too big', () => {
    expect(() => parseUploadAnswer({ statusCode: 413, data: '<html>Request Entity Too Large</html>' })).toThrow(messageFor('UPLOAD_TOO_LARGE'))
  })

  it('file names and sizes', () => {
    expect(uploadFileName('blob:http://x/123', 'image/png')).toBe('photo.png')
    expect(uploadFileName('wxfile://tmp_abc.jpg')).toBe('tmp_abc.jpg')
    expect(formatBytes(800)).toBe('800 B')
    expect(formatBytes(245_000)).toBe('239 KB')
    expect(formatBytes(3_500_000)).toBe('3.3 MB')
  })
})
