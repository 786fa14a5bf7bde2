/**
 * API shapes of the certificates feature (zod, server side; the app imports types only, the
 * verify page none of this).
 */
import { z } from 'zod'
import { VERIFICATION_STATUSES } from './verify'
import { LICENSE_ID_MAX_LENGTH, parseLicenseId } from '../ids/licenseId'

/** 电子证照标识 at the API edge: GB/T 36904 structure and MOD 37,36 check (parseLicenseId), 400 before any work. */
export const LicenseIdParam = z
  .string()
  .max(LICENSE_ID_MAX_LENGTH + 16, '电子证照标识过长')
  .transform((s, ctx) => {
    const r = parseLicenseId(s)
    if (r.ok) return r.value.id
    ctx.addIssue({ code: 'custom', message: r.error })
    return z.NEVER
  })
  .meta({ description: '电子证照标识（GB/T 36904）', example: '1.2.156.3005.2.11100000MB03271699001.510100.000000001.001.U' })

const FaceRow = z.object({ label: z.string(), value: z.string() })

export const CertificateSummarySchema = z
  .object({
    licenseId: z.string().meta({ description: '电子证照标识（GB/T 36904）' }),
    kind: z.enum(['right_certificate', 'registration_proof']),
    kindLabel: z.string().meta({ description: '不动产权证书 / 不动产登记证明' }),
    certificateNo: z.string().meta({ description: '证号' }),
    unitCode: z.string(),
    unitCodeDisplay: z.string(),
    location: z.string().meta({ description: '坐落' }),
    status: z.enum(['current', 'cancelled', 'superseded']),
    statusLabel: z.string().meta({ description: '现势 / 注销 / 已换发' }),
    cancelledAt: z.string().nullable(),
    issuer: z.string().meta({ description: '登记机构' }),
    issuedOn: z.string().meta({ description: '登簿日期' }),
  })
  .meta({ id: 'CertificateSummary' })

export const CertificateListSchema = z
  .object({ items: z.array(CertificateSummarySchema), fetchedAt: z.string() })
  .meta({ id: 'CertificateList' })

export const CertificateDetailSchema = CertificateSummarySchema.extend({
  face: z.array(FaceRow).meta({ description: '证照正本各栏（姓名、证件号已脱敏），按证面顺序' }),
}).meta({ id: 'CertificateDetail' })

export const LiveCodeSchema = z
  .object({
    url: z.string().meta({ description: '二维码内容（核验地址）' }),
    expiresAt: z.string(),
    validSeconds: z.number().int(),
  })
  .meta({ id: 'LiveCode' })

export const VerifyBodySchema = z
  .object({ code: z.string().min(1, '请提供核验码').max(400, '核验码过长') })
  .meta({ id: 'VerifyRequest' })

export const VerificationSchema = z
  .object({
    status: z.enum(VERIFICATION_STATUSES).meta({ description: 'valid 有效 | cancelled 已注销 | superseded 已换发 | expired 亮证码过期 | bad_signature 签名无效 | unknown_key 密钥未知 | malformed 无法识别' }),
    title: z.string(),
    hint: z.string(),
    reason: z.string().optional().meta({ description: '无法识别时的具体原因' }),
    codeKind: z.enum(['printed', 'live', 'proof']).optional().meta({ description: 'printed 打印证照码 | live 亮证码 | proof 查询结果证明' }),
    expiresAt: z.string().optional().meta({ description: '亮证码的过期时间（ISO 8601）；过期时即「过期时间」' }),
    cancelledAt: z.string().optional().meta({ description: '注销时间（ISO 8601），仅在已注销、已换发时提供' }),
    contact: z
      .object({ office: z.string().meta({ description: '登记机构' }), phone: z.string().meta({ description: '联系电话' }) })
      .optional()
      .meta({ description: '核验不通过时：请勿受理，并联系的登记机构及其电话（按证照标识中的颁发机构代码，取自电子证照库的登记机构名录）' }),
    checkedAt: z.string().meta({ description: '核验时间（服务器时间，ISO 8601）' }),
    certificate: z
      .object({
        kindLabel: z.string(),
        certificateNo: z.string(),
        unitCodeDisplay: z.string(),
        location: z.string().meta({ description: '坐落（脱敏至区县）' }),
        holders: z.array(z.string()).meta({ description: '权利人（已脱敏）' }),
        issuer: z.string(),
        issuedOn: z.string(),
      })
      .optional()
      .meta({ description: '仅在签名有效且未过期时提供' }),
    proof: z
      .object({
        proofNo: z.string().meta({ description: '证明编号' }),
        holder: z.string().meta({ description: '权利人（已脱敏）' }),
        unitCount: z.number().int().meta({ description: '证明载明的不动产数量（0 即名下无不动产）' }),
        purposeLabel: z.string(),
        issuedAt: z.string().meta({ description: '出具时间（ISO 8601；显示为北京时间）' }),
        validUntil: z.string(),
        issuer: z.string(),
      })
      .optional()
      .meta({ description: '查询结果证明的脱敏信息：签名有效、登记机构出具过该证明时提供（含已过期、已被取代）' }),
  })
  .meta({ id: 'Verification' })

/** Largest file the verify page accepts (a certificate from the library is ≈ 100 KB). */
export const VERIFY_FILE_MAX_BYTES = 2 * 1024 * 1024

export const FileVerificationSchema = z
  .object({
    original: z.boolean().meta({ description: '是否为登记机构（电子证照库）出具的原始文件、未被修改（按 SHA-256 查询电子证照库）' }),
    title: z.string(),
    hint: z.string(),
    sha256: z.string().meta({ description: '所上传文件的 SHA-256（十六进制）' }),
    checkedAt: z.string().meta({ description: '核验时间（服务器时间，ISO 8601）' }),
    issuedAt: z.string().optional().meta({ description: '电子证照库出具该文件的时间' }),
    certificate: VerificationSchema.shape.certificate.unwrap()
      .extend({
        status: z.enum(['current', 'cancelled', 'superseded']),
        statusLabel: z.string(),
        cancelledAt: z.string().nullable(),
      })
      .optional()
      .meta({ description: '原始文件时提供：证照的当前状态与脱敏证面' }),
  })
  .meta({ id: 'FileVerification' })
export type FileVerification = z.infer<typeof FileVerificationSchema>

export const TrustListSchema = z
  .object({
    version: z.literal(1),
    issuer: z.string(),
    keys: z.array(
      z.object({
        kid: z.string(),
        alg: z.literal('SM2-SM3'),
        publicKey: z.string().meta({ description: 'SM2 公钥（04‖x‖y，十六进制）' }),
        sm2Id: z.string().meta({ description: 'SM2 签名者标识（空串，见文档）' }),
        validFrom: z.string(),
        signUntil: z.string().nullable(),
      }),
    ),
    documentSigning: z
      .object({
        certificates: z.array(z.string()).meta({ description: 'X.509 根证书（PEM）：电子证照库出具的证照文件（PDF 内嵌签名）的签名证书由它签发' }),
      })
      .optional()
      .meta({ description: '电子证照文件签名的信任锚（电子证照库暂不可达时缺省）' }),
  })
  .meta({ id: 'TrustList' })

export type CertificateSummary = z.infer<typeof CertificateSummarySchema>
export type CertificateList = z.infer<typeof CertificateListSchema>
export type CertificateDetail = z.infer<typeof CertificateDetailSchema>
export type LiveCode = z.infer<typeof LiveCodeSchema>
export type Verification = z.infer<typeof VerificationSchema>
