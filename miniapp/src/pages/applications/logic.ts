/**
 * The 网上申请 pages' pure rules (tested in Node): status badges, client-side checks that mirror
 * the BFF's, where a draft resumes, and the progress timeline with the steps still to come.
 */
import {
  APPLICATION_STATUS_LABELS,
  FINAL_STATUSES,
  PROGRESS_STEPS,
  RATING_REASON_REQUIRED_BELOW,
  type ApplicationStatus,
  type FieldDef,
} from '@bdc/shared/applications-dict'
import type { ApplicationDetail, TimelineEvent } from '@bdc/shared/applications'
import { ApiError } from '../../api/errors'

export type StatusTone = 'draft' | 'waiting' | 'progress' | 'done' | 'warn' | 'bad'

const TONES: Record<ApplicationStatus, StatusTone> = {
  draft: 'draft',
  pending_push: 'waiting',
  submitted: 'progress',
  accepted: 'progress',
  reviewing: 'progress',
  registered: 'progress',
  completed: 'done',
  correction_required: 'warn',
  rejected: 'bad',
}

/** Label and colour family of a status badge. */
export function statusBadge(status: ApplicationStatus): { label: string; tone: StatusTone } {
  return { label: APPLICATION_STATUS_LABELS[status] ?? status, tone: TONES[status] ?? 'progress' }
}

export function isFinal(status: ApplicationStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/** Whether the detail page should keep asking for progress. */
export function isMoving(status: ApplicationStatus): boolean {
  return status !== 'draft' && !isFinal(status) && status !== 'correction_required'
}

/** What the 接件编码 line says. */
export function receiptText(status: ApplicationStatus, receiptNo: string | null): string {
  if (receiptNo) return receiptNo
  if (status === 'pending_push') return '待推送，网络恢复后自动提交'
  if (status === 'draft') return '提交后生成'
  return '—'
}

// ── form ────────────────────────────────────────────────────────────────────────────────────────

export const PHONE_RE = /^1\d{10}$/

/** The fields a citizen types into (registry fields are shown read-only). */
export function editableFields(fields: readonly FieldDef[]): FieldDef[] {
  return fields.filter((f) => !f.fromRegistry)
}

/** A field's problem in Chinese, or null. `requireFilled` off: only the format of what is there. */
export function fieldProblem(def: FieldDef, raw: string | undefined, requireFilled = true): string | null {
  const value = (raw ?? '').trim()
  if (!value) return requireFilled && def.required ? (def.kind === 'select' ? `请选择${def.label}` : `请填写${def.label}`) : null
  if (value.length > def.maxLength) return `${def.label}不能超过 ${def.maxLength} 个字`
  if (def.kind === 'phone' && !PHONE_RE.test(value)) return '请填写 11 位手机号码'
  if (def.kind === 'select' && def.options && !def.options.includes(value)) return `请从列表中选择${def.label}`
  return null
}

/** Every editable field's problem, keyed by field. */
export function formProblems(fields: readonly FieldDef[], form: Record<string, string>, requireFilled = true): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of editableFields(fields)) {
    const p = fieldProblem(f, form[f.key], requireFilled)
    if (p) out[f.key] = p
  }
  return out
}

/**
 * The part of a form worth saving now: changed editable fields whose value is well-formed (or
 * empty, which clears it). A half-typed phone number stays on the phone until it is whole, so the
 * server never answers a draft save with an error for it.
 */
export function savablePatch(fields: readonly FieldDef[], saved: Record<string, string>, current: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of editableFields(fields)) {
    const now = (current[f.key] ?? '').trim()
    if (now === (saved[f.key] ?? '').trim()) continue
    if (fieldProblem(f, now, false)) continue
    out[f.key] = now
  }
  return out
}

/** Field problems the BFF reported (`details: [{ path: 'form.x', message }]`). */
export function serverFieldProblems(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ApiError) || !err.details) return out
  for (const d of err.details) {
    const m = /^form\.(.+)$/.exec(String(d.path))
    if (m?.[1]) out[m[1]] = d.message
  }
  return out
}

// ── the draft wizard ────────────────────────────────────────────────────────────────────────────

export const DRAFT_STEPS = ['form', 'materials', 'confirm'] as const
export type DraftStep = (typeof DRAFT_STEPS)[number]

/** All steps a citizen walks, for the step bar (the first two happen on the 新建 page). */
export const WIZARD_STEPS = [
  { key: 'type', label: '事项' },
  { key: 'unit', label: '不动产' },
  { key: 'form', label: '填写' },
  { key: 'materials', label: '材料' },
  { key: 'confirm', label: '确认' },
] as const

export function isDraftStep(v: unknown): v is DraftStep {
  return typeof v === 'string' && (DRAFT_STEPS as readonly string[]).includes(v)
}

/**
 * Where a reopened draft continues: the step the citizen was on (remembered on the device), else
 * the first step with something still missing, else the confirmation.
 */
export function resumeStep(missing: ApplicationDetail['missing'], remembered: unknown): DraftStep {
  if (isDraftStep(remembered)) return remembered
  if (missing.some((m) => m.path.startsWith('form.'))) return 'form'
  if (missing.some((m) => m.path.startsWith('materials.'))) return 'materials'
  return 'confirm'
}

/** Storage key of a draft's current step (an opaque id: nothing personal). */
export const stepStorageKey = (id: string) => `bdc_app_step_${id}`

// ── materials ───────────────────────────────────────────────────────────────────────────────────

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The file name a chosen photo uploads under (H5 blob URLs have none; the BFF reads the content anyway). */
export function uploadFileName(path: string, type?: string): string {
  const ext = type?.includes('png') ? 'png' : type?.includes('webp') ? 'webp' : 'jpg'
  const last = path.split(/[/\\]/).pop() ?? ''
  return /\.(jpe?g|png|webp)$/i.test(last) ? last : `photo.${ext}`
}

// ── progress timeline ───────────────────────────────────────────────────────────────────────────

export interface TimelineRow {
  status: ApplicationStatus
  label: string
  at: string | null
  note: string | null
  state: 'done' | 'current' | 'todo' | 'warn' | 'bad'
}

/**
 * The vertical timeline: what happened (oldest first, the last one current) and, while the
 * application is moving on the normal path, the steps still ahead, greyed.
 */
export function timelineRows(status: ApplicationStatus, events: readonly TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = events.map((e, i) => ({
    status: e.status,
    label: e.label || APPLICATION_STATUS_LABELS[e.status],
    at: e.at,
    note: e.note,
    state: e.status === 'correction_required' ? 'warn' : e.status === 'rejected' ? 'bad' : i === events.length - 1 && status !== 'completed' ? 'current' : 'done',
  }))
  // Steps ahead only while it moves (补正 waits for the citizen; 办结 / 不予受理 are final).
  if (!isMoving(status)) return rows
  const reached = new Set(events.map((e) => e.status))
  const lastStep = Math.max(-1, ...events.map((e) => (PROGRESS_STEPS as readonly string[]).indexOf(e.status)))
  for (const [i, step] of PROGRESS_STEPS.entries()) {
    if (i <= lastStep || reached.has(step)) continue
    rows.push({ status: step, label: APPLICATION_STATUS_LABELS[step], at: null, note: null, state: 'todo' })
  }
  return rows
}

// ── 好差评 ───────────────────────────────────────────────────────────────────────────────────────

/** Client-side check of a rating, the same rule the BFF applies. */
export function ratingProblem(level: number | null, reason: string): string | null {
  if (level === null) return '请选择评价等级'
  if (level < RATING_REASON_REQUIRED_BELOW && reason.trim().length < 2) return '选择“不满意”或“非常不满意”时请填写原因'
  return null
}
