/**
 * Institution channel (banks, 公积金 centres): consent purposes, bounds and labels, zod-free so the
 * app can import them (the schemas are in ./institutions.ts).
 */
export const CONSENT_PURPOSES = ['mortgage_loan', 'housing_fund', 'credit_check'] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]
export const CONSENT_PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  mortgage_loan: '抵押贷款审批',
  housing_fund: '公积金贷款或提取',
  credit_check: '资信核实',
}

/** Consent validity: 1 to 90 days. */
export const CONSENT_MIN_DAYS = 1
export const CONSENT_MAX_DAYS = 90

export const CONSENT_STATES = ['active', 'expired', 'revoked'] as const
export type ConsentState = (typeof CONSENT_STATES)[number]
export const CONSENT_STATE_LABELS: Record<ConsentState, string> = { active: '生效中', expired: '已过期', revoked: '已撤销' }

/** Request signing (HMAC-SM3): headers, and how far a timestamp may be from the server's clock. */
export const INSTITUTION_HEADERS = {
  client: 'X-Bdc-Client',
  timestamp: 'X-Bdc-Timestamp',
  nonce: 'X-Bdc-Nonce',
  signature: 'X-Bdc-Signature',
} as const
export const INSTITUTION_MAX_SKEW_SECONDS = 300
