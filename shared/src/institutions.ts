/**
 * Institution channel: the citizen's consents (API shapes of /api/institutions and
 * /api/institution-consents) and the signed institutional API (/inst/v1). The BFF validates and
 * documents with these; the app imports the inferred types only.
 */
import { z } from 'zod'
import { LicenseIdParam, VerificationSchema } from './certificates/api'
import { validateIdNumber } from './ids/idNumber'
import { validateUscc } from './ids/uscc'
import { CONSENT_MAX_DAYS, CONSENT_MIN_DAYS, CONSENT_PURPOSES, CONSENT_STATES } from './institution-labels'

export * from './institution-labels'

export const InstitutionSchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ description: '机构名称' }),
    code: z.string().meta({ description: '统一社会信用代码' }),
  })
  .meta({ id: 'Institution' })
export const InstitutionListSchema = z.object({ items: z.array(InstitutionSchema) }).meta({ id: 'InstitutionList' })

export const CreateConsentBodySchema = z.object({
  institutionId: z.uuid({ message: '请选择机构' }),
  licenseId: LicenseIdParam,
  purpose: z.enum(CONSENT_PURPOSES, { message: '请选择用途' }),
  validDays: z
    .number({ message: '请选择有效期' })
    .int('有效期须为整天')
    .min(CONSENT_MIN_DAYS, `有效期至少${CONSENT_MIN_DAYS}天`)
    .max(CONSENT_MAX_DAYS, `有效期最长${CONSENT_MAX_DAYS}天`),
})

export const ConsentSchema = z
  .object({
    id: z.string(),
    institution: InstitutionSchema,
    purpose: z.enum(CONSENT_PURPOSES),
    purposeLabel: z.string(),
    licenseId: z.string(),
    certificateNo: z.string().meta({ description: '证号' }),
    location: z.string().meta({ description: '坐落' }),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    state: z.enum(CONSENT_STATES),
    calls: z.number().int().meta({ description: '该机构凭此授权核验的次数' }),
  })
  .meta({ id: 'InstitutionConsent' })
export const ConsentListSchema = z.object({ items: z.array(ConsentSchema) }).meta({ id: 'InstitutionConsentList' })

/** A holder's ID number: 居民身份证号 (check digit) or 统一社会信用代码 (check character). */
const HolderIdNumber = z
  .string()
  .max(40, '证件号过长')
  .transform((v, ctx) => {
    const id = validateIdNumber(v)
    if (id.ok) return id.value.idNumber
    const uscc = validateUscc(v)
    if (uscc.ok) return uscc.value
    ctx.addIssue({ code: 'custom', message: `证件号不正确：${id.error}` })
    return z.NEVER
  })
  .meta({ description: '要核对的证件号（居民身份证号或统一社会信用代码）；只在请求体中，不在地址中', example: '510104198507150017' })

export const HolderCheckBodySchema = z
  .object({
    code: z.string().min(1, '请提供证书二维码内容').max(2048, '二维码内容过长').meta({ description: '证书上的二维码内容（或亮证码）' }),
    idNumber: HolderIdNumber,
  })
  .meta({ id: 'HolderCheckRequest' })

export const HolderCheckSchema = z
  .object({
    verification: VerificationSchema.meta({ description: '公开核验结果（与 /v/ 核验页相同，已脱敏）' }),
    consented: z.boolean().meta({ description: '权利人是否授权本机构（在有效期内、未撤销）' }),
    consent: z
      .object({ purpose: z.enum(CONSENT_PURPOSES), purposeLabel: z.string(), expiresAt: z.string() })
      .nullable()
      .meta({ description: '所依据的授权；无授权时为 null' }),
    holder: z.boolean().nullable().meta({ description: '该证件号是否为此证书的权利人；无授权时为 null' }),
    restrictions: z
      .object({
        mortgage: z.boolean().meta({ description: '抵押' }),
        sealed: z.boolean().meta({ description: '查封（含预查封、轮候查封）' }),
        objection: z.boolean().meta({ description: '异议登记' }),
        advanceNotice: z.boolean().meta({ description: '预告登记' }),
      })
      .nullable()
      .meta({ description: '限制情况；无授权时为 null' }),
    answeredAt: z.string().meta({ description: '答复时间（ISO 8601）' }),
  })
  .meta({ id: 'HolderCheck' })

export type Institution = z.infer<typeof InstitutionSchema>
export type InstitutionList = z.infer<typeof InstitutionListSchema>
export type CreateConsentBody = z.infer<typeof CreateConsentBodySchema>
export type Consent = z.infer<typeof ConsentSchema>
export type ConsentList = z.infer<typeof ConsentListSchema>
export type HolderCheck = z.infer<typeof HolderCheckSchema>
