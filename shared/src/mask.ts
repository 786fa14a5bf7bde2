/**
 * Masking for display (DESIGN.md "Masking"): name keeps the first character, ID numbers keep the
 * first 6 and last 4, phones 3+4, addresses down to the district/county.
 *
 * Every function: never throws (empty or missing input gives ''), counts characters by code point
 * (rare name characters outside the BMP count as one), and is idempotent —
 * mask(mask(x)) === mask(x) — so a value masked upstream can safely be masked again.
 */

const STAR = '*'

function chars(s: unknown): string[] {
  return Array.from(typeof s === 'string' ? s.trim() : s == null ? '' : String(s).trim())
}

function stars(n: number): string {
  return n > 0 ? STAR.repeat(n) : ''
}

/**
 * Person: first character kept, then always `**` (`张三` → `张**`, `欧阳娜娜` → `欧**`), so the
 * mask does not reveal how long the name is; a one-character name becomes `*`.
 * Organization: long names (≥ 10 characters) keep the first 4 and last 4
 * (`四川蜀锦丝绸织造有限公司` → `四川蜀锦****有限公司`); shorter ones keep the first 2.
 */
export function maskName(name: string, kind: 'person' | 'organization' = 'person'): string {
  const c = chars(name)
  const n = c.length
  if (n === 0) return ''
  if (n === 1) return STAR
  if (kind === 'organization') {
    if (n >= 10) return c.slice(0, 4).join('') + stars(n - 8) + c.slice(n - 4).join('')
    if (n >= 3) return c.slice(0, 2).join('') + stars(n - 2)
  }
  return (c[0] ?? '') + stars(2)
}

export interface MaskIdOptions {
  keepStart?: number
  keepEnd?: number
}

function keepCount(v: number | undefined, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : dflt
}

/**
 * ID number, USCC or any code: keep `keepStart` leading and `keepEnd` trailing characters
 * (default 6 + 4: `510107********1234`). Inputs no longer than keepStart + keepEnd are fully
 * masked, so nothing short is ever shown whole.
 */
export function maskIdNumber(id: string, options: MaskIdOptions = {}): string {
  const c = chars(id)
  const n = c.length
  if (n === 0) return ''
  const start = keepCount(options.keepStart, 6)
  const end = keepCount(options.keepEnd, 4)
  if (n <= start + end) return stars(n)
  return c.slice(0, start).join('') + stars(n - start - end) + c.slice(n - end).join('')
}

/**
 * Phone: a mainland mobile keeps 3 + 4 (`13812345678` → `138****5678`, an optional +86 prefix is
 * kept); any other number of 8+ characters keeps its first 3 and last 4; shorter ones are fully
 * masked.
 */
export function maskPhone(phone: string): string {
  const c = chars(phone)
  if (c.length === 0) return ''
  const compact = c.join('').replace(/[\s-]/g, '')
  const m = /^(\+?86)?(1\d{2})[\d*]{4}(\d{4})$/.exec(compact)
  if (m) return `${m[1] ?? ''}${m[2]}****${m[3]}`
  const n = c.length
  if (n < 8) return stars(n)
  return c.slice(0, 3).join('') + stars(n - 7) + c.slice(n - 4).join('')
}

const MASKED_TAIL = '****'

// Province level: a municipality, or a name ending 省/自治区/特别行政区.
const PROVINCE_RE = /^(?:北京市|天津市|上海市|重庆市|[^\d\s*省市区县旗]{2,8}?(?:省|自治区|特别行政区))/
// Prefecture level: 市/自治州/州/地区/盟 (name may not contain district words or street words).
const CITY_RE = /^[^\d\s*省市区县旗路街道号巷弄]{1,12}?(?:市|自治州|州(?![市区县])|地区|盟)/
// County level: 区/县/市/旗 (incl. 自治县, 特区). The first character may be anything Chinese
// (市中区, 道孚县, 镇雄县); later ones may not be digits or street/estate words (…路, …街, …号,
// …镇, …小区, …社区, …园区), so `人民公园小区` is not taken for a district.
const COUNTY_RE = /^[\u4e00-\u9fff][^\d\s*省市区县旗路街道号巷弄镇村小社园校景片楼栋幢]{0,14}?(?:区|县|市|旗)/

/** The leading administrative part (province / city / county) of an address, or ''. */
function adminPrefix(address: string): { prefix: string; hasCounty: boolean } {
  let rest = address
  let prefix = ''
  const take = (re: RegExp): boolean => {
    const m = re.exec(rest)
    if (!m) return false
    prefix += m[0]
    rest = rest.slice(m[0].length)
    return true
  }
  take(PROVINCE_RE)
  take(CITY_RE)
  const hasCounty = take(COUNTY_RE)
  return { prefix, hasCounty }
}

/**
 * Address down to the district/county: `四川省成都市武侯区天府大道北段1号` → `四川省成都市武侯区****`.
 * Without a recognisable county the recognised province/city part is kept (`成都市人民南路1号`
 * → `成都市****`), and failing that the first 6 characters (fewer for very short text).
 * An address that is nothing but a district is returned as is (nothing to hide). A value that
 * already ends in `****` is returned unchanged.
 */
export function maskAddress(address: string): string {
  const t = chars(address).join('')
  if (t.length === 0) return ''
  if (t.endsWith(MASKED_TAIL)) return t
  const { prefix } = adminPrefix(t)
  if (prefix.length > 0) return prefix.length >= t.length ? t : prefix + MASKED_TAIL
  const c = Array.from(t)
  const keep = c.length > 6 ? 6 : Math.floor(c.length / 2)
  return c.slice(0, keep).join('') + MASKED_TAIL
}
