/**
 * Identifier generators and validators used by the simulator's seed.
 * Kept local so the simulator has no dependency on work in progress elsewhere; the tests check
 * every generated value against these validators and, where present, the shared ones.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** 居民身份证号 (GB 11643): division6 + YYYYMMDD + 3-digit sequence + check character. */
export function makeIdNumber(division6: string, birth: string, seq: number): string {
  const first17 = `${division6}${birth}${String(seq).padStart(3, '0')}`
  if (!/^\d{17}$/.test(first17)) throw new Error('bad id number parts')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!
  return first17 + ID_CHECK[sum % 11]
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return false
  if (y < 1900) return false
  return makeIdNumber(id.slice(0, 6), id.slice(6, 14), Number(id.slice(14, 17))) === id
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** 统一社会信用代码 (GB 32100): appends the check character to the first 17 characters. */
export function makeUscc(first17: string): string {
  if (first17.length !== 17) throw new Error('bad uscc parts')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!)
    if (v < 0) throw new Error('bad uscc character')
    sum += v * USCC_WEIGHTS[i]!
  }
  return first17 + USCC_ALPHABET[(31 - (sum % 31)) % 31]
}

export function isValidUscc(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code) && makeUscc(code.slice(0, 17)) === code
}

/** 组织机构代码 (GB 11714) body of 8 digits → 9 characters with its own check character. */
export function makeOrgCode(body8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) sum += Number(body8[i]) * w[i]!
  const c = 11 - (sum % 11)
  return body8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c))
}

/** Enterprise USCC: 9 (市场监管) 1 (企业) + division + organization code. */
export function makeEnterpriseUscc(division6: string, body8: string): string {
  return makeUscc(`91${division6}${makeOrgCode(body8)}`)
}

/** 不动产单元号 (GB/T 37346): 28 characters. */
export function makeUnitCode(p: {
  division: string
  zone: string // 地籍区, 3 digits
  subzone: string // 地籍子区, 3 digits
  parcelKind?: string // 宗地特征码, default GB (国有建设用地使用权·地表)
  parcelSeq: number // 宗地顺序号 1..99999
  fixture?: string // 定着物特征码, default F (房屋)
  building: number // 幢 1..9999
  room: number // 户 1..9999
}): string {
  const code =
    p.division +
    p.zone +
    p.subzone +
    (p.parcelKind ?? 'GB') +
    String(p.parcelSeq).padStart(5, '0') +
    (p.fixture ?? 'F') +
    String(p.building).padStart(4, '0') +
    String(p.room).padStart(4, '0')
  if (!isValidUnitCode(code)) throw new Error('bad unit code parts')
  return code
}

export function isValidUnitCode(code: string): boolean {
  if (!/^\d{12}[GJZ][ABSXCDEFHGWY]\d{5}[FLQW][0-9A-Z]{8}$/.test(code)) return false
  if (code.slice(14, 19) === '00000') return false
  return true
}

const CERT_RE = /^川[(（](\d{4})[)）](.+?[市州])不动产(权|证明)第(\d{7})号$/

/** 证书号 / 登记证明号, canonical form 川(2023)成都市不动产权第0012345号. */
export function formatCertificateNo(p: { year: number; city: string; kind: 'right' | 'proof'; serial: number }): string {
  return `川(${p.year})${p.city}不动产${p.kind === 'right' ? '权' : '证明'}第${String(p.serial).padStart(7, '0')}号`
}

export function isValidCertificateNo(no: string): boolean {
  return CERT_RE.test(no)
}
