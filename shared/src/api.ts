/**
 * The BFF's public API shapes (zod 4). The BFF validates and documents with these (OpenAPI is
 * generated from them); the app imports only the inferred *types* (`import type`), so no schema
 * library lands in the client bundles.
 */
import { z } from 'zod'
import { CO_OWNERSHIP, HOLDER_KINDS, ID_TYPES, RESTRICTION_TYPES, RIGHT_NATURES, RIGHT_TYPES, STRUCTURES, USES } from './dict'
import { ERROR_CODES, type ErrorCode } from './errors'
import { parseUnitCode } from './ids/unitCode'

const codeOf = <T extends string>(codes: readonly T[]) => z.enum(codes as [T, ...T[]])

export const ErrorBodySchema = z
  .object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Error' })

/** 不动产单元代码 as a path parameter: 28 characters, upper-case letters and digits. */
/**
 * A 不动产单元号 at the API edge: the whole structure is checked (parseUnitCode: division, 宗地/定着物
 * codes, 宗地号 ≠ 00000 …) before anything reaches the registry or spends a rate-limit unit; the
 * grouped display form (6-6-7-9, spaces) is accepted and passed on canonical.
 */
export const UnitCodeParam = z
  .string()
  .max(64, '不动产单元号格式不正确（应为28位）')
  .transform((s, ctx) => {
    const r = parseUnitCode(s)
    if (r.ok) return r.value.code
    ctx.addIssue({ code: 'custom', message: r.error })
    return z.NEVER
  })
  .meta({ description: '不动产单元号（28 位；可带空格分组）', example: '510107003012GB00218F00020123' })

export const Labelled = <T extends string>(codes: readonly T[]) => z.object({ code: codeOf(codes), label: z.string() })

export const RestrictionBadgeSchema = Labelled(RESTRICTION_TYPES.codes)

export const PropertySummarySchema = z
  .object({
    unitCode: z.string().meta({ description: '不动产单元号（28位）' }),
    unitCodeDisplay: z.string().meta({ description: '分组显示的不动产单元号 6-6-7-9' }),
    certificateNo: z.string().meta({ description: '不动产权证书号（规范写法）' }),
    location: z.string().meta({ description: '坐落' }),
    use: Labelled(USES.codes),
    area: z.number().meta({ description: '建筑面积（平方米）' }),
    rightType: Labelled(RIGHT_TYPES.codes),
    coOwnership: Labelled(CO_OWNERSHIP.codes),
    restrictions: z.array(RestrictionBadgeSchema).meta({ description: '现势限制（徽标）' }),
  })
  .meta({ id: 'PropertySummary' })

export const PropertyListSchema = z
  .object({
    items: z.array(PropertySummarySchema),
    fetchedAt: z.string().meta({ description: '查询时间（ISO 8601）' }),
  })
  .meta({ id: 'PropertyList' })

export const HolderViewSchema = z
  .object({
    name: z.string().meta({ description: '姓名/名称（已脱敏）' }),
    kind: Labelled(HOLDER_KINDS.codes),
    idType: Labelled(ID_TYPES.codes),
    idNumber: z.string().meta({ description: '证件号（已脱敏）' }),
    share: z.string().nullable().meta({ description: '份额，如 1/2；共同共有为 null' }),
    isSelf: z.boolean(),
  })
  .meta({ id: 'Holder' })

export const RestrictionViewSchema = z
  .object({
    type: Labelled(RESTRICTION_TYPES.codes),
    registeredAt: z.string().meta({ description: '登记/登簿日期 YYYY-MM-DD' }),
    authority: z.string().meta({ description: '抵押权人、查封机关、异议申请人、预告权利人等（个人姓名已脱敏）' }),
    authorityLabel: z.string().meta({ description: 'authority 的称谓：抵押权人 / 查封机关 / 异议申请人 / 预告权利人 / 居住权人' }),
    expired: z.boolean().meta({ description: '已到期失效（异议逾期未起诉、查封期限届满）：仍列出，但不再是现势限制' }),
    documentNo: z.string().meta({ description: '文号或不动产登记证明号' }),
    periodFrom: z.string().nullable(),
    periodTo: z.string().nullable(),
    amount: z.number().nullable().meta({ description: '被担保主债权数额（万元），抵押时有' }),
    note: z.string().nullable(),
  })
  .meta({ id: 'Restriction' })

export const PropertyDetailSchema = PropertySummarySchema.extend({
  segments: z.object({
    division: z.string().meta({ description: '县级行政区划代码' }),
    divisionName: z.string(),
    cadastralArea: z.string().meta({ description: '地籍区' }),
    cadastralSubArea: z.string().meta({ description: '地籍子区' }),
    parcelKind: z.string().meta({ description: '宗地特征码含义' }),
    parcelNo: z.string(),
    fixtureKind: z.string().meta({ description: '定着物特征码含义' }),
    fixtureNo: z.string(),
  }),
  natural: z.object({
    exclusiveArea: z.number().nullable().meta({ description: '专有建筑面积' }),
    sharedArea: z.number().nullable().meta({ description: '分摊建筑面积' }),
    landArea: z.number().nullable().meta({ description: '宗地面积/共有宗地面积' }),
    structure: Labelled(STRUCTURES.codes),
    floor: z.string().meta({ description: '所在层/总层数' }),
    completedYear: z.number().nullable(),
    landUseFrom: z.string().nullable(),
    landUseTo: z.string().nullable(),
  }),
  right: z.object({
    nature: Labelled(RIGHT_NATURES.codes),
    registeredAt: z.string().meta({ description: '登簿日期' }),
    authority: z.string().meta({ description: '登记机构' }),
    otherNotes: z.string().nullable().meta({ description: '权利其他状况' }),
    remarks: z.string().nullable().meta({ description: '附记' }),
  }),
  holders: z.array(HolderViewSchema),
  restrictionsDetail: z.array(RestrictionViewSchema),
  fetchedAt: z.string(),
}).meta({ id: 'PropertyDetail' })

export const MeSchema = z
  .object({
    name: z.string().meta({ description: '姓名/名称（已脱敏）' }),
    kind: Labelled(HOLDER_KINDS.codes),
    idNumber: z.string().meta({ description: '证件号（已脱敏）' }),
    channel: z.enum(['h5', 'weapp']),
    expiresAt: z.string(),
  })
  .meta({ id: 'Me' })

export const ContainerLoginBodySchema = z.object({
  code: z.string().min(8, '登录凭证格式不正确').max(128, '登录凭证格式不正确'),
})

export const ContainerLoginResultSchema = z
  .object({
    token: z.string().meta({ description: '会话令牌，作为 Authorization: Bearer 使用' }),
    expiresAt: z.string(),
    me: MeSchema,
  })
  .meta({ id: 'ContainerLoginResult' })

export const DemoCitizenSchema = z
  .object({
    citizenId: z.string(),
    label: z.string().meta({ description: '演示身份说明（已脱敏）' }),
  })
  .meta({ id: 'DemoCitizen' })

export const DevContainerCodeBodySchema = z.object({ citizenId: z.string().min(1).max(64) })

export const OkSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' })

export type PropertySummary = z.infer<typeof PropertySummarySchema>
export type PropertyList = z.infer<typeof PropertyListSchema>
export type PropertyDetail = z.infer<typeof PropertyDetailSchema>
export type HolderView = z.infer<typeof HolderViewSchema>
export type RestrictionView = z.infer<typeof RestrictionViewSchema>
export type Me = z.infer<typeof MeSchema>
export type ContainerLoginResult = z.infer<typeof ContainerLoginResultSchema>
export type DemoCitizen = z.infer<typeof DemoCitizenSchema>
