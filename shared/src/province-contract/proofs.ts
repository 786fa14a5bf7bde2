/**
 * 不动产登记资料查询结果证明 (有无房证明) — the registry's contract. The registry states what it
 * holds in a person's (or an organisation's) name at the moment of issue, or that it holds nothing,
 * for one purpose; the proof is valid PROOF_VALID_DAYS days and is replaced (superseded) by the next
 * one issued for the same holder and purpose. The registry also renders the signed file.
 *
 * Who the proof is about travels as a HolderRef in the body, never in a URL. The QR printed on the
 * file is the verification code the BFF signs (the same SM2 scheme and trust list as certificate
 * codes, kind P): the registry prints what it is given and never needs the signing key.
 */
import { z } from 'zod'
import { HOLDER_KINDS, ID_TYPES, RESTRICTION_TYPES, RIGHT_TYPES, USES } from '../dict'
import { PROOF_PURPOSE_CODES } from '../proofs-dict'
import { HolderRef, oneOf } from './common'

export const ProofNoSchema = z.string().regex(/^\d{6}20\d{6}\d{6}$/)
export const ProofPurposeSchema = z.enum(PROOF_PURPOSE_CODES)
export type ProofPurpose = z.infer<typeof ProofPurposeSchema>

/** One unit the registry holds in the holder's name at issue (current rights only). */
export const UpstreamProofUnit = z.object({
  bdcdyh: z.string().length(28), // 不动产单元号
  bdcqzh: z.string(), // 不动产权证书号
  zl: z.string(), // 坐落
  yt: oneOf(USES.codes), // 用途
  jzmj: z.number(), // 建筑面积
  qllx: oneOf(RIGHT_TYPES.codes), // 权利类型
  xzlx: z.array(oneOf(RESTRICTION_TYPES.codes)), // 现势限制（抵押、查封…）at issue
})

export const UpstreamProof = z.object({
  proofNo: ProofNoSchema, // 证明编号
  purpose: ProofPurposeSchema,
  /** ISO instants, whole seconds; validUntil = issuedAt + 30 days */
  issuedAt: z.string(),
  validUntil: z.string(),
  status: z.enum(['current', 'superseded']),
  supersededBy: ProofNoSchema.nullable(),
  qlr: z.object({ qlrmc: z.string(), qlrlx: oneOf(HOLDER_KINDS.codes), zjzl: oneOf(ID_TYPES.codes), zjh: z.string() }),
  djjg: z.string(), // 出具机构
  units: z.array(UpstreamProofUnit),
})
export type UpstreamProof = z.infer<typeof UpstreamProof>
export type UpstreamProofUnit = z.infer<typeof UpstreamProofUnit>

/**
 * POST /proofs/issue {holder, purpose, requestId} → UpstreamProof. Idempotent on requestId (the
 * client's key for one request: the same key returns the same proof; the same key for another
 * holder or purpose is 409 CONFLICT). 404 NOT_FOUND when the identity service does not know the holder.
 */
export const ProofIssueRequest = z.object({ holder: HolderRef, purpose: ProofPurposeSchema, requestId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) })

/**
 * POST /proofs/file {proofNo, holder, qrUrl} → the file's bytes, as /licenses/file answers: one of
 * LICENSE_FILE_MEDIA_TYPES (the simulator: a PDF with an embedded signature under the
 * 「四川省不动产登记 CA」; production: OFD with an SM2 seal) and a file name in Content-Disposition;
 * the relay never looks inside. 404 when the proof does not exist or is not the holder's
 * (indistinguishable on purpose).
 */
export const ProofFileRequest = z.object({ proofNo: ProofNoSchema, holder: HolderRef, qrUrl: z.string().url().max(600) })

/** POST /proofs/status {proofNos} → the status face of each known proof (no ID number); unknown ones are absent. */
export const PROOF_STATUS_BATCH_MAX = 100
export const ProofStatusRequest = z.object({ proofNos: z.array(ProofNoSchema).min(1).max(PROOF_STATUS_BATCH_MAX) })
export const ProofStatusFace = UpstreamProof.omit({ qlr: true, units: true }).extend({
  qlr: z.object({ qlrmc: z.string(), qlrlx: oneOf(HOLDER_KINDS.codes) }),
  unitCount: z.number().int().min(0),
})
export type ProofStatusFace = z.infer<typeof ProofStatusFace>
export const ProofStatusResponse = z.object({ proofs: z.array(ProofStatusFace) })
