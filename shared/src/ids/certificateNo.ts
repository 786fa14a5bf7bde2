/**
 * 不动产权证书号 / 不动产登记证明号:
 *   `川(2024)成都市不动产权第0012345号`  (证书)
 *   `川(2024)成都市不动产证明第0012345号` (登记证明)
 * {省简称}({年份}){市县名}不动产权|不动产证明第{顺序号}号.
 *
 * Real data mixes full-width （）, half-width () and 〔〕 brackets, spaces, short serials and a
 * missing 第/号: parse leniently, emit canonically (half-width brackets, 第…号, the serial exactly as
 * printed — padding it would make a number that is not on the paper).
 */
import { beijingYmd, toHalfWidth } from './normalize'
import { fail, ok, type ParseResult } from './result'

export type CertificateKind = 'right' | 'proof'

export interface CertificateNoParts {
  /** One-character province abbreviation, e.g. '川'. */
  province: string
  year: number
  /** Registering city or county as printed, e.g. '成都市', '双流区', '简阳市'. */
  city: string
  /** right = 不动产权证书, proof = 不动产登记证明. */
  kind: CertificateKind
  serial: number
  /** The 顺序号 as printed (leading zeros kept: some registries print 6 digits, most 7). */
  serialText?: string
}

/** Province abbreviations used on registry certificates (incl. the alternative forms). */
export const PROVINCE_ABBREVIATIONS: ReadonlySet<string> = new Set([
  '京', '津', '冀', '晋', '蒙', '辽', '吉', '黑', '沪', '苏', '浙', '皖', '闽', '赣', '鲁',
  '豫', '鄂', '湘', '粤', '桂', '琼', '渝', '川', '贵', '黔', '云', '滇', '藏', '陕', '秦',
  '甘', '陇', '青', '宁', '新',
])

const KIND_WORDS: Readonly<Record<CertificateKind, string>> = { right: '不动产权', proof: '不动产证明' }

/** First registry certificates were issued in 2015 (不动产登记暂行条例 took effect 2015-03-01). */
const FIRST_YEAR = 2015

const OPEN = '(（〔［[【〖'
const CLOSE = ')）〕］]】〗'

function currentYearInChina(): number {
  return Number(beijingYmd().slice(0, 4))
}

export function parseCertificateNo(input: string): ParseResult<CertificateNoParts> {
  // Half-width, no spaces, all bracket styles → ( )
  let s = toHalfWidth(String(input ?? '')).replace(/[\s\u00a0\u3000]+/g, '')
  if (s.length === 0) return fail('请输入不动产权证书号或登记证明号')
  for (const ch of OPEN) s = s.split(ch).join('(')
  for (const ch of CLOSE) s = s.split(ch).join(')')

  const m = /^(.)\((\d{4})\)(.*?)(不动产权|不动产证明)(?:证书|证)?第?(\d+)号?$/.exec(s)
  if (!m) {
    if (!/不动产(权|证明)/.test(s)) return fail('证号中应含“不动产权”或“不动产证明”字样')
    if (!/^.\(\d{4}\)/.test(s)) return fail('证号格式不正确，应形如“川(2024)成都市不动产权第0012345号”（年份写在括号内）')
    return fail('证号格式不正确，应形如“川(2024)成都市不动产权第0012345号”')
  }
  const [, province = '', yearText = '', city = '', kindWord = '', serialText = ''] = m
  if (!PROVINCE_ABBREVIATIONS.has(province)) return fail(`证号开头的省份简称“${province}”无效`)
  const year = Number(yearText)
  if (year < FIRST_YEAR || year > currentYearInChina()) return fail(`证号中的年份${yearText}无效`)
  if (!/^[\u4e00-\u9fff]{2,20}$/.test(city)) return fail('证号中缺少登记机构所在的市、县名称')
  if (serialText.length > 10) return fail('证号中的顺序号过长')
  const serial = Number(serialText)
  if (!Number.isSafeInteger(serial) || serial < 1) return fail('证号中的顺序号无效')
  return ok({ province, year, city, kind: kindWord === '不动产证明' ? 'proof' : 'right', serial, serialText })
}

/** Canonical form: half-width brackets, 第…号, the serial as printed (a number alone: zero-padded to 7 digits). */
export function formatCertificateNo(parts: CertificateNoParts): string {
  return `${parts.province}(${parts.year})${parts.city}${KIND_WORDS[parts.kind]}第${parts.serialText ?? String(parts.serial).padStart(7, '0')}号`
}

/** Canonical spelling of any accepted input, or null when it is not a certificate number. */
export function canonicalCertificateNo(input: string): string | null {
  const r = parseCertificateNo(input)
  return r.ok ? formatCertificateNo(r.value) : null
}

export function isValidCertificateNo(input: string): boolean {
  return parseCertificateNo(input).ok
}
