/**
 * Delegated query constants and labels, zod-free so the app can import them without a schema
 * library (the schemas are in ./delegations.ts).
 */
/**
 * 'status' ⊂ 'rights' ⊂ 'certificate' each show the chosen units. 'proof' stands apart: it shows no
 * unit, and lets the delegate ask the registry for a 不动产登记资料查询结果证明 in the owner's name
 * (each proof counts one use); it covers the owner's whole holdings, so it takes no units.
 */
export const GRANT_SCOPES = ['status', 'rights', 'certificate', 'proof'] as const
export type GrantScope = (typeof GRANT_SCOPES)[number]
export const GRANT_SCOPE_LABELS: Record<GrantScope, string> = {
  status: '自然状况和限制情况',
  rights: '自然状况、限制情况、权利和共有情况',
  certificate: '以上全部及电子证照',
  proof: '代为开具查询结果证明（有无房证明）',
}
/** Scopes that show units (the others take none). */
export const UNIT_SCOPES: readonly GrantScope[] = ['status', 'rights', 'certificate']

/** Validity bounds: 1 hour to 30 days. */
export const GRANT_MIN_HOURS = 1
export const GRANT_MAX_HOURS = 30 * 24
export const GRANT_MAX_UNITS = 10
export const GRANT_MAX_USES = 100

/** Restriction query limits per citizen (documented in the README). */
export const RESTRICTION_QUERY_LIMITS = { perMinute: 10, perDay: 100 } as const
export const ADDRESS_CANDIDATES_MAX = 10

export const GRANT_STATES = ['active', 'expired', 'revoked', 'used_up'] as const
export type GrantState = (typeof GRANT_STATES)[number]
export const GRANT_STATE_LABELS: Record<GrantState, string> = { active: '生效中', expired: '已过期', revoked: '已撤销', used_up: '次数已用完' }
