/**
 * Online applications (互联网接件), progress (办件进度) and 好差评 — the dictionary, zod-free so the
 * app can import it without a schema library. The API shapes are in './applications'.
 */

export type FieldKind = 'text' | 'textarea' | 'select' | 'phone'

export interface FieldDef {
  key: string
  label: string
  kind: FieldKind
  required: boolean
  /** Filled from the registry (登记簿) when the draft is created and not editable by the citizen. */
  fromRegistry?: boolean
  /** For kind 'select': the allowed values (value = label). */
  options?: readonly string[]
  maxLength: number
  placeholder?: string
}

export interface MaterialDef {
  code: string
  label: string
  hint: string
  required: boolean
  /** At most this many photos of the material (e.g. both sides of an ID card). */
  maxFiles: number
}

const unitCode: FieldDef = { key: 'unitCode', label: '不动产单元号', kind: 'text', required: true, fromRegistry: true, maxLength: 28 }
const location: FieldDef = { key: 'location', label: '坐落', kind: 'text', required: true, fromRegistry: true, maxLength: 200 }
const certificateNo: FieldDef = { key: 'certificateNo', label: '不动产权证书号', kind: 'text', required: true, fromRegistry: true, maxLength: 60 }
const contactPhone: FieldDef = { key: 'contactPhone', label: '联系电话', kind: 'phone', required: true, maxLength: 11, placeholder: '11 位手机号' }
const idCard: MaterialDef = { code: 'id_card', label: '申请人身份证', hint: '身份证正反面各一张', required: true, maxFiles: 2 }

export const APPLICATION_TYPES = [
  {
    code: 'mortgage_release',
    label: '抵押权注销登记',
    hint: '贷款已还清，注销房屋上的抵押',
    department: '不动产登记中心',
    fields: [
      unitCode,
      location,
      certificateNo,
      { key: 'mortgageCertNo', label: '不动产登记证明号（抵押）', kind: 'text', required: true, fromRegistry: true, maxLength: 60 },
      { key: 'mortgagee', label: '抵押权人', kind: 'text', required: true, fromRegistry: true, maxLength: 100 },
      { key: 'releaseReason', label: '注销原因', kind: 'select', required: true, options: ['主债权消灭', '抵押权已经实现', '抵押权人放弃抵押权', '其他'], maxLength: 20 },
      contactPhone,
    ],
    materials: [
      idCard,
      { code: 'mortgage_cert', label: '不动产登记证明（抵押）', hint: '抵押登记证明原件照片', required: true, maxFiles: 3 },
      { code: 'release_proof', label: '抵押权消灭证明', hint: '贷款结清证明或抵押权人同意注销的书面材料', required: true, maxFiles: 3 },
    ],
  },
  {
    code: 'certificate_replace',
    label: '换证补证',
    hint: '证书损坏换发，或遗失补发',
    department: '不动产登记中心',
    fields: [
      unitCode,
      location,
      certificateNo,
      { key: 'replaceKind', label: '办理类型', kind: 'select', required: true, options: ['换证（证书损坏、污损）', '补证（证书遗失、灭失）'], maxLength: 20 },
      { key: 'reason', label: '情况说明', kind: 'textarea', required: true, maxLength: 300, placeholder: '例如：证书被水浸泡，字迹模糊' },
      contactPhone,
    ],
    materials: [
      idCard,
      { code: 'certificate_or_statement', label: '原证书或遗失声明', hint: '换证：原不动产权证书照片；补证：遗失（灭失）声明', required: true, maxFiles: 4 },
    ],
  },
  {
    code: 'correction',
    label: '更正登记',
    hint: '登记簿记载有误，申请更正',
    department: '不动产登记中心',
    fields: [
      unitCode,
      location,
      certificateNo,
      { key: 'correctionItem', label: '更正事项', kind: 'select', required: true, options: ['坐落', '面积', '用途', '权利人姓名', '权利人证件号', '其他'], maxLength: 20 },
      { key: 'currentValue', label: '登记簿现记载', kind: 'text', required: true, maxLength: 200 },
      { key: 'correctValue', label: '应更正为', kind: 'text', required: true, maxLength: 200 },
      { key: 'reason', label: '更正理由', kind: 'textarea', required: true, maxLength: 300 },
      contactPhone,
    ],
    materials: [
      idCard,
      { code: 'certificate', label: '不动产权证书', hint: '证书记载页照片', required: true, maxFiles: 3 },
      { code: 'evidence', label: '证明登记错误的材料', hint: '如测绘报告、身份证明、法律文书', required: true, maxFiles: 5 },
    ],
  },
] as const satisfies readonly { code: string; label: string; hint: string; department: string; fields: readonly FieldDef[]; materials: readonly MaterialDef[] }[]

export type ApplicationTypeCode = (typeof APPLICATION_TYPES)[number]['code']
export const APPLICATION_TYPE_CODES = APPLICATION_TYPES.map((t) => t.code) as [ApplicationTypeCode, ...ApplicationTypeCode[]]

export function applicationTypeOf(code: string) {
  return APPLICATION_TYPES.find((t) => t.code === code)
}
export function applicationTypeLabel(code: string): string {
  return applicationTypeOf(code)?.label ?? code
}

/** The text a citizen confirms (after the face check) when submitting. Bump the version when it changes. */
export const STATEMENTS_VERSION = '2026-11-v1'
export const DECLARATION_TEXT =
  '本人申请办理上述不动产登记事项。所填写的申请信息和上传的材料真实、完整、有效，申请登记事项为本人真实意思表示。'
export const COMMITMENT_TEXT =
  '本人承诺：所提交的申请材料真实、合法、有效，如有虚假，愿意承担由此产生的一切法律责任；同意登记机构依法核查相关信息。'

/**
 * Statuses. 草稿 → (待推送 while only in the BFF's outbox) → 已提交 → 已受理 → 审核中 → 已登簿 → 已办结;
 * or 补正 / 不予受理 with a reason.
 */
export const APPLICATION_STATUSES = [
  'draft',
  'pending_push',
  'submitted',
  'accepted',
  'reviewing',
  'registered',
  'completed',
  'correction_required',
  'rejected',
] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  pending_push: '待推送',
  submitted: '已提交',
  accepted: '已受理',
  reviewing: '审核中',
  registered: '已登簿',
  completed: '已办结',
  correction_required: '补正',
  rejected: '不予受理',
}
/** The steps the provincial side reports, in order (补正 / 不予受理 end the normal path). */
export const PROGRESS_STEPS = ['submitted', 'accepted', 'reviewing', 'registered', 'completed'] as const
export type ProgressStep = (typeof PROGRESS_STEPS)[number]
export const PROGRESS_OUTCOMES = ['correction_required', 'rejected'] as const
export type ProgressEventStatus = ProgressStep | (typeof PROGRESS_OUTCOMES)[number]
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['completed', 'rejected']

/** 好差评: five levels, 5 = 非常满意 … 1 = 非常不满意; the two bad levels require a reason. */
export const RATING_LEVELS = [
  { level: 5, label: '非常满意' },
  { level: 4, label: '满意' },
  { level: 3, label: '基本满意' },
  { level: 2, label: '不满意' },
  { level: 1, label: '非常不满意' },
] as const
export type RatingLevel = (typeof RATING_LEVELS)[number]['level']
export const RATING_REASON_REQUIRED_BELOW = 3
export function ratingLabel(level: number): string {
  return RATING_LEVELS.find((r) => r.level === level)?.label ?? String(level)
}
export const RATING_TAGS_GOOD = ['办理速度快', '服务态度好', '材料要求清楚', '线上办理方便', '进度通知及时'] as const
export const RATING_TAGS_BAD = ['办理时间长', '材料要求不清楚', '多次补正材料', '系统操作不便', '进度不透明'] as const
export const RATING_TAGS = [...RATING_TAGS_GOOD, ...RATING_TAGS_BAD] as const

/** Photo uploads: accepted types and limits (the BFF re-encodes every photo as JPEG). */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024
export const UPLOAD_ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'] as const
