/**
 * 我的证明 — 不动产登记资料查询结果证明 (有无房证明): API shapes. The BFF validates and documents
 * with these; the app imports the inferred types only.
 */
import { z } from 'zod'
import { PROOF_PURPOSE_CODES } from './proofs-dict'

export * from './proofs-dict'

const purpose = z.enum(PROOF_PURPOSE_CODES, { message: '请选择证明用途' })
/** The app's key for one tap of 申请: the same key again returns the same proof (a doubled tap). */
const requestId = z.uuid({ message: '申请编号格式不正确' })

export const ProofRequestBodySchema = z.object({ purpose, requestId }).meta({ id: 'ProofRequest' })
export const DelegateProofRequestBodySchema = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, '授权链接格式不正确'), purpose, requestId })
  .meta({ id: 'DelegateProofRequest' })

export const ProofNoParam = z
  .string()
  .regex(/^\d{6}20\d{6}\d{6}$/, '证明编号格式不正确')
  .meta({ description: '查询结果证明编号（20 位数字）', example: '51000020261203000123' })

export const ProofSummarySchema = z
  .object({
    proofNo: z.string().meta({ description: '证明编号' }),
    purpose: z.object({ code: z.enum(PROOF_PURPOSE_CODES), label: z.string() }),
    subject: z.string().meta({ description: '证明所涉权利人（已脱敏）' }),
    forSelf: z.boolean().meta({ description: '是否为本人（或本单位）开具；否则为经授权代为开具，或他人经您授权为您开具' }),
    requestedBy: z.string().meta({ description: '申请人（已脱敏）' }),
    unitCount: z.number().int().meta({ description: '证明载明的不动产数量（0 即名下无不动产）' }),
    issuedAt: z.string(),
    validUntil: z.string(),
    state: z.enum(['valid', 'expired', 'superseded']).meta({ description: 'valid 有效 | expired 已过期 | superseded 已被新证明取代' }),
    stateLabel: z.string(),
  })
  .meta({ id: 'ProofSummary' })

export const ProofListSchema = z.object({ items: z.array(ProofSummarySchema) }).meta({ id: 'ProofList' })

export type ProofSummary = z.infer<typeof ProofSummarySchema>
export type ProofList = z.infer<typeof ProofListSchema>
export type ProofRequestBody = z.infer<typeof ProofRequestBodySchema>
