/**
 * Registry dictionaries (字典). Codes are ours and stable; labels are the wording on certificates
 * and in 不动产登记数据库标准. The app shows labels; APIs carry codes and labels together.
 */
function dict<const T extends Record<string, string>>(entries: T) {
  return {
    entries,
    codes: Object.keys(entries) as (keyof T & string)[],
    label: (code: string): string => (entries as Record<string, string>)[code] ?? code,
  }
}

/** 权利类型 */
export const RIGHT_TYPES = dict({
  state_land_building: '国有建设用地使用权/房屋所有权',
  state_land: '国有建设用地使用权',
  homestead_building: '宅基地使用权/房屋（构筑物）所有权',
  collective_land_building: '集体建设用地使用权/房屋（构筑物）所有权',
  land_contract: '土地承包经营权',
  forest: '林地使用权/森林、林木所有权',
  sea_area: '海域使用权',
})
export type RightTypeCode = (typeof RIGHT_TYPES.codes)[number]

/** 权利性质 */
export const RIGHT_NATURES = dict({
  transfer: '出让/市场化商品房',
  allocation: '划拨/房改房',
  affordable: '出让/经济适用住房',
  self_built: '划拨/自建房',
  collective: '集体土地/自建房',
})
export type RightNatureCode = (typeof RIGHT_NATURES.codes)[number]

/** 用途（土地用途/房屋用途） */
export const USES = dict({
  residential: '城镇住宅用地/住宅',
  commercial: '商服用地/商业服务',
  office: '商务金融用地/办公',
  industrial: '工业用地/工业',
  parking: '城镇住宅用地/车位',
  rural_homestead: '农村宅基地/住宅',
})
export type UseCode = (typeof USES.codes)[number]

/** 共有情况 */
export const CO_OWNERSHIP = dict({
  sole: '单独所有',
  joint: '共同共有',
  shares: '按份共有',
})
export type CoOwnershipCode = (typeof CO_OWNERSHIP.codes)[number]

/** 限制类型 (限制/负担): what the registry shows as 权利限制 on a unit. */
export const RESTRICTION_TYPES = dict({
  mortgage: '抵押',
  seal: '查封',
  waiting_seal: '轮候查封',
  objection: '异议',
  advance_notice: '预告',
  residence_right: '居住权',
})
export type RestrictionTypeCode = (typeof RESTRICTION_TYPES.codes)[number]

/** 房屋结构 */
export const STRUCTURES = dict({
  steel_concrete: '钢混结构',
  brick_concrete: '砖混结构',
  steel: '钢结构',
  brick_wood: '砖木结构',
  other: '其他结构',
})
export type StructureCode = (typeof STRUCTURES.codes)[number]

/** 权利人类型 */
export const HOLDER_KINDS = dict({
  person: '个人',
  organization: '企业法人',
})
export type HolderKindCode = (typeof HOLDER_KINDS.codes)[number]

/** 证件类型 (GB/T 36904 holder id type codes) */
export const ID_TYPES = dict({
  '111': '居民身份证',
  '001': '统一社会信用代码',
  '414': '护照',
  '516': '港澳居民来往内地通行证',
  '511': '台湾居民来往大陆通行证',
  '999': '其他',
})
export type IdTypeCode = (typeof ID_TYPES.codes)[number]
