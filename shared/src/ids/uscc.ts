/**
 * 统一社会信用代码 (GB 32100-2015), 18 characters over the 31-character alphabet below (no I, O,
 * S, V, Z): 登记管理部门码 + 机构类别码 + 6-digit 登记管理机关行政区划码 + 9-character 主体标识码 +
 * check character. check = (31 − Σ value·weight mod 31) mod 31.
 */
import { SPACES, toHalfWidth } from './normalize'
import { fail, ok, type ParseResult } from './result'

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** Check character for the first 17 characters. Throws RangeError on anything else. */
export function usccCheckChar(first17: string): string {
  const s = String(first17 ?? '').toUpperCase()
  if (s.length !== 17) throw new RangeError('usccCheckChar: expected 17 characters')
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(s.charAt(i))
    if (v < 0) throw new RangeError(`usccCheckChar: character "${s.charAt(i)}" is not allowed`)
    sum += v * (WEIGHTS[i] ?? 0)
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31)
}

/** Validate and canonicalise (upper case, no spaces). */
export function validateUscc(input: string): ParseResult<string> {
  const s = toHalfWidth(String(input ?? '')).replace(SPACES, '').toUpperCase()
  if (s.length === 0) return fail('请输入统一社会信用代码')
  if (s.length !== 18) return fail(`统一社会信用代码长度不正确：应为18位，当前为${s.length}位`)
  for (const ch of s) {
    if (!USCC_ALPHABET.includes(ch)) {
      return fail(`统一社会信用代码含非法字符“${ch}”（不使用I、O、S、V、Z）`)
    }
  }
  if (!/^\d{6}$/.test(s.slice(2, 8))) return fail('统一社会信用代码第3–8位应为行政区划代码（6位数字）')
  if (usccCheckChar(s.slice(0, 17)) !== s.charAt(17)) return fail('统一社会信用代码校验位不正确，请核对')
  return ok(s)
}

export function isValidUscc(s: string): boolean {
  return validateUscc(s).ok
}

/** Append the check character to 17 characters (synthetic data). Throws RangeError on bad input. */
export function makeUscc(first17: string): string {
  const s = String(first17 ?? '').toUpperCase()
  const code = s + usccCheckChar(s)
  const r = validateUscc(code)
  if (!r.ok) throw new RangeError(`makeUscc: ${r.error}`)
  return code
}
