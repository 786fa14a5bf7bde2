/**
 * Delegated query (授权他人查询) and the restriction query (利害关系人式限制查询): API shapes.
 * The BFF validates and documents with these; the app imports the inferred types only.
 *
 * Scopes, each including the one before:
 * - 'status'      自然状况 + 限制情况
 * - 'rights'      + 权利（证号、权利类型、共有情况、权利人（脱敏））
 * - 'certificate' + 电子证照（the face of the unit's current 不动产权证书, masked）
 */
import { z } from 'zod'
import { CO_OWNERSHIP, HOLDER_KINDS, RESTRICTION_TYPES, RIGHT_NATURES, RIGHT_TYPES, STRUCTURES, USES } from './dict'
import { validateIdNumber } from './ids/idNumber'
import { Labelled, UnitCodeParam } from './api'

export * from './delegation-labels'
import { GRANT_MAX_HOURS, GRANT_MAX_UNITS, GRANT_MAX_USES, GRANT_MIN_HOURS, GRANT_SCOPES, GRANT_STATES } from './delegation-labels'

export const CreateGrantBodySchema = z.object({
  /** At least one unit, except for the 'proof' scope (which covers the whole holdings and takes none). */
  unitCodes: z.array(UnitCodeParam).max(GRANT_MAX_UNITS, `一次最多授权${GRANT_MAX_UNITS}处不动产`),
  delegateName: z
    .string()
    .trim()
    .min(2, '请输入被授权人姓名')
    .max(30, '姓名过长')
    .regex(/^[\u4e00-\u9fff·•A-Za-z ]+$/, '姓名只能包含汉字、字母和间隔号'),
  delegateIdNumber: z.string().superRefine((v, ctx) => {
    const r = validateIdNumber(v)
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error })
  }),
  scope: z.enum(GRANT_SCOPES, { message: '请选择授权查询的范围' }),
  validHours: z
    .number({ message: '请选择有效期' })
    .int('有效期须为整小时')
    .min(GRANT_MIN_HOURS, '有效期至少1小时')
    .max(GRANT_MAX_HOURS, '有效期最长30天'),
  maxUses: z.number().int('次数须为整数').min(1, '可查询次数至少1次').max(GRANT_MAX_USES, `可查询次数最多${GRANT_MAX_USES}次`).nullable().optional(),
}).superRefine((b, ctx) => {
  if (b.scope !== 'proof' && b.unitCodes.length === 0) ctx.addIssue({ code: 'custom', path: ['unitCodes'], message: '请至少选择一处不动产' })
})

export const GrantStateSchema = z.enum(GRANT_STATES)

export const GrantSummarySchema = z
  .object({
    id: z.string(),
    delegateName: z.string().meta({ description: '被授权人姓名（已脱敏）' }),
    delegateIdNumber: z.string().meta({ description: '被授权人身份证号（已脱敏）' }),
    scope: z.enum(GRANT_SCOPES),
    units: z.array(z.object({ unitCode: z.string(), location: z.string() })),
    createdAt: z.string(),
    expiresAt: z.string(),
    maxUses: z.number().nullable(),
    uses: z.number(),
    revokedAt: z.string().nullable(),
    state: GrantStateSchema,
    refusedAttempts: z.number().meta({ description: '被拒绝的访问次数（非本人、已过期等）' }),
  })
  .meta({ id: 'GrantSummary' })

export const GrantAccessSchema = z
  .object({
    at: z.string(),
    who: z.string().meta({ description: '访问者（已脱敏的姓名与身份证号）' }),
    outcome: z.enum(['ok', 'wrong_person', 'expired', 'revoked', 'used_up']),
    seen: z.string().meta({ description: '看到的内容；被拒绝时为空' }),
  })
  .meta({ id: 'GrantAccess' })

export const GrantDetailSchema = GrantSummarySchema.extend({ accesses: z.array(GrantAccessSchema) }).meta({ id: 'GrantDetail' })
export const GrantListSchema = z.object({ items: z.array(GrantSummarySchema) }).meta({ id: 'GrantList' })

export const CreatedGrantSchema = z
  .object({
    grant: GrantSummarySchema,
    token: z.string().meta({ description: '分享令牌：只在创建时返回一次，服务器只保存其摘要' }),
    link: z.string().meta({ description: 'H5 分享链接' }),
    miniProgramPath: z.string(),
    qrSvg: z.string().meta({ description: '分享链接的二维码（SVG）' }),
  })
  .meta({ id: 'CreatedGrant' })

export const DelegateOpenBodySchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, '授权链接格式不正确'),
})

const Restriction = z.object({
  type: Labelled(RESTRICTION_TYPES.codes),
  registeredAt: z.string(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
})

/** 'status' scope: natural status and restrictions. */
export const DelegatedStatusUnitSchema = z.object({
  unitCode: z.string(),
  unitCodeDisplay: z.string(),
  location: z.string(),
  use: Labelled(USES.codes),
  area: z.number(),
  natural: z.object({
    exclusiveArea: z.number().nullable(),
    sharedArea: z.number().nullable(),
    structure: Labelled(STRUCTURES.codes),
    floor: z.string(),
    completedYear: z.number().nullable(),
  }),
  restrictions: z.array(Restriction),
})
/** 'rights' scope adds the right and its (masked) holders. */
export const DelegatedRightsUnitSchema = DelegatedStatusUnitSchema.extend({
  right: z.object({
    certificateNo: z.string(),
    rightType: Labelled(RIGHT_TYPES.codes),
    nature: Labelled(RIGHT_NATURES.codes),
    coOwnership: Labelled(CO_OWNERSHIP.codes),
    registeredAt: z.string(),
    landUseTo: z.string().nullable(),
  }),
  holders: z.array(z.object({ name: z.string(), kind: Labelled(HOLDER_KINDS.codes), share: z.string().nullable() })),
})
/** 'certificate' scope adds the unit's current 不动产权证书 face (names and ID numbers masked). */
export const DelegatedCertificateUnitSchema = DelegatedRightsUnitSchema.extend({
  certificate: z.object({
    available: z.boolean(),
    /** Why there is no certificate to show, or '' when there is one. */
    note: z.string(),
    certificateNo: z.string().nullable(),
    kindLabel: z.string().nullable(),
    statusLabel: z.string().nullable(),
    face: z.array(z.object({ label: z.string(), value: z.string() })),
  }),
})

export const DelegatedViewSchema = z
  .object({
    scope: z.enum(GRANT_SCOPES),
    grantedBy: z.string().meta({ description: '授权人（已脱敏）' }),
    expiresAt: z.string(),
    usesLeft: z.number().nullable(),
    banner: z.string(),
    units: z.array(z.union([DelegatedCertificateUnitSchema, DelegatedRightsUnitSchema, DelegatedStatusUnitSchema])),
    fetchedAt: z.string(),
  })
  .meta({ id: 'DelegatedView' })

// ---------------------------------------------------------------- restriction query

export const AddressSearchBodySchema = z.object({
  address: z.string().trim().min(4, '请至少输入4个字的地址').max(80, '地址过长'),
})
export const AddressCandidateSchema = z.object({ unitCode: z.string(), unitCodeDisplay: z.string(), location: z.string() })
export const AddressCandidatesSchema = z
  .object({ items: z.array(AddressCandidateSchema), truncated: z.boolean(), queriedAt: z.string() })
  .meta({ id: 'AddressCandidates' })

/** By unit code or by certificate number, exactly one; each field's own reason when it is malformed. */
export const RestrictionQueryBodySchema = z
  .object({
    unitCode: UnitCodeParam.optional(),
    certificateNo: z.string().trim().min(8, '请输入证书号').max(60, '证书号过长').optional(),
  })
  .strict()
  .refine((b) => (b.unitCode === undefined) !== (b.certificateNo === undefined), { message: '请提供不动产单元号或证书号其中之一' })
  .transform((b): { unitCode: string } | { certificateNo: string } => (b.unitCode !== undefined ? { unitCode: b.unitCode } : { certificateNo: b.certificateNo! }))

export const RestrictionQueryResultSchema = z
  .object({
    unitCode: z.string(),
    unitCodeDisplay: z.string(),
    location: z.string(),
    natural: z.object({ use: Labelled(USES.codes), area: z.number(), structure: Labelled(STRUCTURES.codes), floor: z.string() }),
    coOwned: z.boolean(),
    mortgage: z.boolean(),
    advanceNotice: z.boolean(),
    objection: z.boolean(),
    sealed: z.boolean(),
    otherRestriction: z.boolean(),
    queriedAt: z.string().meta({ description: '查询时间（ISO 8601）' }),
  })
  .meta({ id: 'RestrictionQueryResult' })

export type CreateGrantBody = z.infer<typeof CreateGrantBodySchema>
export type GrantSummary = z.infer<typeof GrantSummarySchema>
export type GrantDetail = z.infer<typeof GrantDetailSchema>
export type GrantAccess = z.infer<typeof GrantAccessSchema>
export type CreatedGrant = z.infer<typeof CreatedGrantSchema>
export type DelegatedView = z.infer<typeof DelegatedViewSchema>
export type DelegatedStatusUnit = z.infer<typeof DelegatedStatusUnitSchema>
export type DelegatedRightsUnit = z.infer<typeof DelegatedRightsUnitSchema>
export type DelegatedCertificateUnit = z.infer<typeof DelegatedCertificateUnitSchema>
export type AddressCandidates = z.infer<typeof AddressCandidatesSchema>
export type RestrictionQueryResult = z.infer<typeof RestrictionQueryResultSchema>
