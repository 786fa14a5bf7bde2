import type { RestrictionTypeCode } from '@bdc/shared/dict'

/**
 * One colour per kind of 限制 so a citizen can tell a 查封 from a 抵押 at a glance. Dark text on a
 * light tint: every pair is ≥ 5:1 contrast (checked), readable in elder mode too.
 */
export const RESTRICTION_COLORS: Record<RestrictionTypeCode, { background: string; color: string }> = {
  mortgage: { background: '#FFF3E0', color: '#A64B00' },
  seal: { background: '#FDECEC', color: '#B42318' },
  waiting_seal: { background: '#FDECEC', color: '#B42318' },
  objection: { background: '#F3E8FF', color: '#6B21A8' },
  advance_notice: { background: '#E8F0FF', color: '#0B4FB3' },
  residence_right: { background: '#E6F6F4', color: '#0F6B5C' },
}

const FALLBACK = { background: '#EEF0F4', color: '#3D4452' }

export function restrictionColors(code: string): { background: string; color: string } {
  return (RESTRICTION_COLORS as Record<string, { background: string; color: string }>)[code] ?? FALLBACK
}
