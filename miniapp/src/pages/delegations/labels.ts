import type { GrantState } from '@bdc/shared/delegation-labels'

export { GRANT_SCOPE_LABELS, GRANT_STATE_LABELS } from '@bdc/shared/delegation-labels'

export const STATE_TONE: Record<GrantState, string> = { active: 'ok', expired: 'muted', revoked: 'bad', used_up: 'muted' }

export const OUTCOME_LABELS: Record<string, string> = {
  ok: '查看成功',
  wrong_person: '非被授权人，已拒绝',
  expired: '授权已过期，已拒绝',
  revoked: '授权已撤销，已拒绝',
  used_up: '次数已用完，已拒绝',
}

export const VALIDITY_CHOICES = [
  { hours: 1, label: '1小时' },
  { hours: 24, label: '1天' },
  { hours: 72, label: '3天' },
  { hours: 168, label: '7天' },
  { hours: 720, label: '30天' },
] as const

export const USES_CHOICES = [
  { value: null, label: '不限次数' },
  { value: 1, label: '1次' },
  { value: 3, label: '3次' },
  { value: 10, label: '10次' },
] as const
