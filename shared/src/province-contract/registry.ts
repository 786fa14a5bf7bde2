/**
 * 不动产登记信息 (the registry): a holder's units, a unit's detail, and look-ups without a holder
 * filter (address, certificate number). Never searchable by person.
 *
 * Field names follow the 不动产登记数据库标准 abbreviations the provincial systems use
 * (bdcdyh = 不动产单元号, zl = 坐落, qlr = 权利人 …). The BFF maps them to its own model in
 * bff/src/upstream; nothing else in the BFF touches these names.
 */
import { z } from 'zod'
import { CO_OWNERSHIP, HOLDER_KINDS, ID_TYPES, RESTRICTION_TYPES, RIGHT_NATURES, RIGHT_TYPES, STRUCTURES, USES } from '../dict'
import { HolderRef, oneOf, ymd } from './common'

export const UpstreamHolder = z.object({
  qlrmc: z.string(), // 权利人名称
  qlrlx: oneOf(HOLDER_KINDS.codes), // 权利人类型
  zjzl: oneOf(ID_TYPES.codes), // 证件种类
  zjh: z.string(), // 证件号
  qlbl: z.string().nullable(), // 权利比例 (按份共有), e.g. "1/2"
})

export const UpstreamRestriction = z.object({
  xzlx: oneOf(RESTRICTION_TYPES.codes), // 限制类型
  djsj: ymd, // 登记时间
  jg: z.string(), // 机构：查封机关 / 抵押权人 / 异议申请人 …
  jglx: oneOf(HOLDER_KINDS.codes), // jg 是个人还是单位 (异议申请人、预告权利人多为个人)
  sfdq: z.boolean(), // 是否已到期失效 (异议十五日未起诉、查封期限届满)：仍列出，但不再算作现势限制
  wh: z.string(), // 文号或不动产登记证明号
  qx_q: ymd.nullable(), // 期限起
  qx_z: ymd.nullable(), // 期限止
  bdbzzqse: z.number().nullable(), // 被担保主债权数额（万元）
  bz: z.string().nullable(), // 备注
})

export const UpstreamUnitSummary = z.object({
  bdcdyh: z.string().length(28), // 不动产单元号
  bdcqzh: z.string(), // 不动产权证书号
  zl: z.string(), // 坐落
  yt: oneOf(USES.codes), // 用途
  jzmj: z.number(), // 建筑面积
  qllx: oneOf(RIGHT_TYPES.codes), // 权利类型
  gyfs: oneOf(CO_OWNERSHIP.codes), // 共有方式
  xzlx: z.array(oneOf(RESTRICTION_TYPES.codes)), // 现势限制类型
})

export const UpstreamUnitDetail = UpstreamUnitSummary.extend({
  qxdm: z.string().length(6), // 区县代码
  qxmc: z.string(), // 区县名称
  zyjzmj: z.number().nullable(), // 专有建筑面积
  ftjzmj: z.number().nullable(), // 分摊建筑面积
  zdmj: z.number().nullable(), // 宗地面积
  fwjg: oneOf(STRUCTURES.codes), // 房屋结构
  szc: z.number().int(), // 所在层
  zcs: z.number().int(), // 总层数
  jgnf: z.number().int().nullable(), // 竣工年份
  qlxz: oneOf(RIGHT_NATURES.codes), // 权利性质
  djsj: ymd, // 登簿时间
  djjg: z.string(), // 登记机构
  syqx_q: ymd.nullable(), // 土地使用期限起
  syqx_z: ymd.nullable(), // 土地使用期限止
  qlqtzk: z.string().nullable(), // 权利其他状况
  fj: z.string().nullable(), // 附记
  qlr: z.array(UpstreamHolder).min(1),
  xz: z.array(UpstreamRestriction),
})

/** POST /registry/holdings {holder} → {holdings} (current rights only) */
export const HoldingsRequest = z.object({ holder: HolderRef })
export const HoldingsResponse = z.object({ holdings: z.array(UpstreamUnitSummary) })

/** POST /registry/units/detail {unitCode, holder} → UpstreamUnitDetail, or 404 when the unit does
 *  not exist or the holder holds no current right in it (the two are indistinguishable on purpose). */
export const UnitDetailRequest = z.object({ unitCode: z.string().length(28), holder: HolderRef })

/** POST /registry/units/lookup {unitCode} → UpstreamUnitDetail of the current right, without a
 *  holder filter (for delegated views and the restriction query: the BFF filters and masks), or 404. */
export const UnitLookupRequest = z.object({ unitCode: z.string().length(28) })

/** POST /registry/search/address {query, limit} → candidate units whose 坐落 contains the query
 *  from a word boundary on (partial input tolerated). Never returns holders. */
export const AddressSearchRequest = z.object({ query: z.string().min(2).max(80), limit: z.number().int().min(1).max(50) })
export const AddressSearchResponse = z.object({
  candidates: z.array(z.object({ bdcdyh: z.string().length(28), zl: z.string() })),
  truncated: z.boolean(),
})

/** POST /registry/search/certificate {certificateNo} (canonical spelling) → the units of the
 *  current right carrying that certificate number (usually one). */
export const CertificateSearchRequest = z.object({ certificateNo: z.string().min(8).max(60) })
export const CertificateSearchResponse = z.object({ units: z.array(z.object({ bdcdyh: z.string().length(28) })) })

export type UpstreamUnitSummary = z.infer<typeof UpstreamUnitSummary>
export type UpstreamUnitDetail = z.infer<typeof UpstreamUnitDetail>
export type UpstreamHolder = z.infer<typeof UpstreamHolder>
export type UpstreamRestriction = z.infer<typeof UpstreamRestriction>
export type AddressSearchResponse = z.infer<typeof AddressSearchResponse>
