/**
 * The provincial HTTP contract (省级平台接口), as the BFF sees it. The simulator implements exactly
 * this; a real deployment points the BFF at the provincial endpoints by configuration only.
 *
 * Field names follow the 不动产登记数据库标准 abbreviations the provincial systems use
 * (bdcdyh = 不动产单元号, zl = 坐落, qlr = 权利人 …). The BFF maps them to its own model in one place
 * (features/properties/map.ts); nothing else touches these names.
 *
 * Client authentication: every call except the browser-facing /sso/authorize page carries
 * `Authorization: Basic base64(client_id:client_secret)`. Personal identifiers travel only in
 * JSON bodies, never in URLs.
 */
import { z } from 'zod'
import { CO_OWNERSHIP, HOLDER_KINDS, ID_TYPES, RESTRICTION_TYPES, RIGHT_NATURES, RIGHT_TYPES, STRUCTURES, USES } from '@bdc/shared/dict'

const oneOf = <T extends string>(codes: readonly T[]) => z.enum(codes as [T, ...T[]])
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

// ---------------------------------------------------------------- identity (天府通办统一身份认证)

/** GET  /sso/authorize?response_type=code&client_id&redirect_uri&state → HTML page (citizen logs in)
 *  POST /sso/authorize (form) → 302 to redirect_uri?code=…&state=… */
export const AUTHORIZE_PATH = '/sso/authorize'

/** POST /sso/token */
export const TokenRequest = z.object({
  grant_type: z.enum(['authorization_code', 'container_code']),
  code: z.string().min(1).max(256),
  redirect_uri: z.string().optional(),
})
export const TokenResponse = z.object({
  access_token: z.string().min(16),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
})

/** GET /sso/userinfo with `Authorization: Bearer <access_token>` (not client Basic auth) */
export const UserInfo = z.object({
  sub: z.string().min(1),
  name: z.string().min(1),
  kind: oneOf(HOLDER_KINDS.codes),
  idType: oneOf(ID_TYPES.codes),
  idNumber: z.string().min(6),
  phone: z.string().nullable(),
})

/** POST /sso/container/code {citizenId} → {code}. Stands in for the 天府通办 container JSAPI that
 *  hands a mini-program a one-time login code; only a simulator offers it. */
export const ContainerCodeRequest = z.object({ citizenId: z.string().min(1).max(64) })
export const ContainerCodeResponse = z.object({ code: z.string().min(8) })

/** GET /sso/demo-citizens → the simulator's demo accounts (labels are masked). Simulator only. */
export const DemoCitizens = z.object({
  citizens: z.array(z.object({ citizenId: z.string(), label: z.string() })),
})

// ---------------------------------------------------------------- registry (不动产登记信息)

export const HolderRef = z.object({ idType: oneOf(ID_TYPES.codes), idNumber: z.string().min(6).max(32) })

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

// ---------------------------------------------------------------- faces (身份认证人像服务)

/** POST /sso/reference-photo {sub} (client Basic auth) → the citizen's reference (ID card) photo,
 *  or 404 NOT_FOUND when none is held (organisations, unknown subjects). */
export const ReferencePhotoRequest = z.object({ sub: z.string().min(1).max(64) })
export const ReferencePhotoResponse = z.object({
  mime: z.literal('image/jpeg'),
  /** base64 JPEG, ID-card sized (about 102×126) */
  image: z.string().min(100).max(200_000),
})

/** POST /face/verify {sub, nonce, image} (client Basic auth) → the certified face service's
 *  decision on one frontal face image (base64 JPEG ≤ 40 KB) against the citizen's reference. */
export const CertifiedVerifyRequest = z.object({
  sub: z.string().min(1).max(64),
  nonce: z.string().min(8).max(128),
  image: z.string().min(100).max(40_000),
})
export const CertifiedVerifyResponse = z.object({
  decision: z.enum(['pass', 'fail']),
  score: z.number(),
  /** the provider's reference for its decision (凭证号) */
  ticket: z.string().min(1),
})

/** Upstream error body: {code, message}; codes: UNAUTHORIZED, NOT_FOUND, BAD_REQUEST, INVALID_GRANT. */
export const UpstreamError = z.object({ code: z.string(), message: z.string() })

/** GET /health → {ok: true} */
export const Health = z.object({ ok: z.literal(true) })

export type UserInfo = z.infer<typeof UserInfo>
export type HolderRef = z.infer<typeof HolderRef>
export type UpstreamUnitSummary = z.infer<typeof UpstreamUnitSummary>
export type UpstreamUnitDetail = z.infer<typeof UpstreamUnitDetail>
export type UpstreamHolder = z.infer<typeof UpstreamHolder>
export type UpstreamRestriction = z.infer<typeof UpstreamRestriction>
export type AddressSearchResponse = z.infer<typeof AddressSearchResponse>
