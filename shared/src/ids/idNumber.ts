/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code + 8-digit birth date + 3-digit sequence
 * (odd = male, even = female) + check character (ISO 7064 MOD 11-2: weights below, sum mod 11
 * indexes "10X98765432").
 */
import { beijingYmd, isCalendarDate, PROVINCE_CODES, SPACES, toHalfWidth } from './normalize'
import { fail, ok, type ParseResult } from './result'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

export interface IdNumberInfo {
  /** Canonical 18 characters, check character upper-case. */
  idNumber: string
  /** Address code (positions 1–6). */
  division: string
  /** 'YYYY-MM-DD' */
  birthDate: string
  gender: 'male' | 'female'
}

/** Check character for the first 17 digits. Throws RangeError unless given exactly 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar: expected 17 digits')
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0)
  return CHECK_CHARS.charAt(sum % 11)
}

export function validateIdNumber(input: string): ParseResult<IdNumberInfo> {
  const s = toHalfWidth(String(input ?? '')).replace(SPACES, '').toUpperCase()
  if (s.length === 0) return fail('请输入身份证号')
  if (s.length !== 18) {
    return fail(s.length === 15 ? '身份证号长度不正确：应为18位（15位旧号码已停用）' : `身份证号长度不正确：应为18位，当前为${s.length}位`)
  }
  if (!/^\d{17}[\dX]$/.test(s)) return fail('身份证号含非法字符：前17位应为数字，最后一位为数字或X')
  if (!PROVINCE_CODES.has(s.slice(0, 2))) return fail('身份证号地区码无效')
  const ymd = s.slice(6, 14)
  if (!isCalendarDate(ymd) || ymd < '19000101' || ymd > beijingYmd()) return fail('身份证号中的出生日期无效')
  if (idNumberCheckChar(s.slice(0, 17)) !== s.charAt(17)) return fail('身份证号校验位不正确，请核对号码')
  return ok({
    idNumber: s,
    division: s.slice(0, 6),
    birthDate: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
    gender: Number(s.charAt(16)) % 2 === 1 ? 'male' : 'female',
  })
}

export function isValidIdNumber(s: string): boolean {
  return validateIdNumber(s).ok
}

/**
 * A valid 18-character number for synthetic data. `sequence3` is 0–999 (its parity is the
 * gender: odd = male). Throws RangeError on an impossible division, date or sequence.
 */
export function makeIdNumber(division6: string, birthYmd: string, sequence3: number): string {
  if (!/^\d{6}$/.test(division6) || !PROVINCE_CODES.has(division6.slice(0, 2))) {
    throw new RangeError(`makeIdNumber: bad division ${division6}`)
  }
  if (!isCalendarDate(birthYmd) || birthYmd < '19000101' || birthYmd > beijingYmd()) {
    throw new RangeError(`makeIdNumber: bad birth date ${birthYmd}`)
  }
  if (!Number.isInteger(sequence3) || sequence3 < 0 || sequence3 > 999) {
    throw new RangeError(`makeIdNumber: sequence must be 0–999, got ${sequence3}`)
  }
  const first17 = division6 + birthYmd + String(sequence3).padStart(3, '0')
  return first17 + idNumberCheckChar(first17)
}
