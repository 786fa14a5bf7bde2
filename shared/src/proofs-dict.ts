/** 查询结果证明的用途 (zod-free: the app imports it). */
export const PROOF_PURPOSE_CODES = ['school', 'hukou', 'loan', 'housing_fund', 'other'] as const
export type ProofPurpose = (typeof PROOF_PURPOSE_CODES)[number]
export const PROOF_PURPOSE_LABELS: Record<ProofPurpose, string> = {
  school: '子女入学',
  hukou: '落户',
  loan: '贷款',
  housing_fund: '公积金',
  other: '其他',
}
