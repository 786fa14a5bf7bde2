/**
 * 电子证照标识 (GB/T 36902):
 *   1.2.156.3005.2.{证照类型代码}.{颁发机构代码}.{流水号 9 位}.{版本号 3 位}.{校验位}
 * The check character is ISO/IEC 7064 MOD 37,36 (hybrid system, alphabet 0-9A-Z) computed over
 * everything after `1.2.156.3005.2.` with the dots removed.
 *
 * Verified sample: 1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9
 */
import { SPACES, toHalfWidth } from './normalize'
import { fail, ok, type ParseResult } from './result'

export const LICENSE_ID_PREFIX = '1.2.156.3005.2.'

/** 证照类型代码: 自然资源部's USCC 11100000MB03271699 + 3-digit type number. */
export const LICENSE_TYPE_CODES = {
  right_certificate: '11100000MB03271699001', // 不动产权证书
  registration_proof: '11100000MB03271699022', // 不动产登记证明
} as const

export type LicenseKind = keyof typeof LICENSE_TYPE_CODES | 'unknown'

export interface LicenseIdParts {
  /** Canonical identifier (upper case, no spaces). */
  id: string
  typeCode: string
  kind: LicenseKind
  issuerCode: string
  /** 9 digits, zero-padded as printed, e.g. '000000016'. */
  serial: string
  /** e.g. 1 for '001'. */
  version: number
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const M = 36

/**
 * ISO/IEC 7064 MOD 37,36 check character of `s` (characters 0-9A-Z, case-insensitive).
 * Hybrid system: P₀ = M; for each character Sⱼ = (Pⱼ₋₁ + a) mod M (0 → M), Pⱼ = 2·Sⱼ mod (M+1);
 * the check character c makes (P + c) mod M = 1. Throws RangeError on other characters.
 */
export function mod3736CheckChar(s: string): string {
  let p = M
  const text = String(s ?? '').toUpperCase()
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // ALPHABET is 0-9A-Z: digits are 0–9, letters 10–35
    const a = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1
    if (a < 0) throw new RangeError(`mod3736CheckChar: character "${text[i]}" is not in 0-9A-Z`)
    let sum = (p + a) % M
    if (sum === 0) sum = M
    p = (sum * 2) % (M + 1)
  }
  return ALPHABET.charAt((M + 1 - p) % M)
}

const TYPE_CODE = /^[0-9A-Z]{18}\d{3}$/
const ISSUER_CODE = /^[0-9A-Z]{6,18}$/

function kindOf(typeCode: string): LicenseKind {
  if (typeCode === LICENSE_TYPE_CODES.right_certificate) return 'right_certificate'
  if (typeCode === LICENSE_TYPE_CODES.registration_proof) return 'registration_proof'
  return 'unknown'
}

export interface BuildLicenseIdInput {
  typeCode: string
  /** 颁发机构代码, e.g. the issuing registry's 6-digit division code '510107' or its USCC. */
  issuerCode: string
  /** 1–999999999; zero-padded to 9 digits. */
  serial: number | string
  /** 1–999; zero-padded to 3 digits. Default 1. */
  version?: number
}

/** Build an identifier with its check character. Throws RangeError on invalid parts. */
export function buildLicenseId(input: BuildLicenseIdInput): string {
  const typeCode = String(input.typeCode ?? '').toUpperCase()
  const issuerCode = String(input.issuerCode ?? '').toUpperCase()
  if (!TYPE_CODE.test(typeCode)) throw new RangeError(`buildLicenseId: bad typeCode ${input.typeCode}`)
  if (!ISSUER_CODE.test(issuerCode)) throw new RangeError(`buildLicenseId: bad issuerCode ${input.issuerCode}`)
  const serialText = typeof input.serial === 'number' ? (Number.isInteger(input.serial) ? String(input.serial) : '') : input.serial
  if (!/^\d{1,9}$/.test(serialText) || Number(serialText) === 0) {
    throw new RangeError(`buildLicenseId: serial must be 1–999999999, got ${String(input.serial)}`)
  }
  const version = input.version ?? 1
  if (!Number.isInteger(version) || version < 1 || version > 999) {
    throw new RangeError(`buildLicenseId: version must be 1–999, got ${version}`)
  }
  const body = [typeCode, issuerCode, serialText.padStart(9, '0'), String(version).padStart(3, '0')]
  return `${LICENSE_ID_PREFIX}${body.join('.')}.${mod3736CheckChar(body.join(''))}`
}

export function parseLicenseId(input: string): ParseResult<LicenseIdParts> {
  const id = toHalfWidth(String(input ?? '')).replace(SPACES, '').toUpperCase()
  if (id.length === 0) return fail('请输入电子证照标识')
  if (!id.startsWith(LICENSE_ID_PREFIX)) return fail('电子证照标识应以“1.2.156.3005.2.”开头')
  const segments = id.slice(LICENSE_ID_PREFIX.length).split('.')
  if (segments.length !== 5) return fail('电子证照标识格式不正确：应为 类型代码.颁发机构代码.流水号.版本号.校验位')
  const [typeCode = '', issuerCode = '', serial = '', versionText = '', check = ''] = segments
  if (!TYPE_CODE.test(typeCode)) return fail('电子证照标识中的证照类型代码无效')
  if (!ISSUER_CODE.test(issuerCode)) return fail('电子证照标识中的颁发机构代码无效')
  if (!/^\d{9}$/.test(serial)) return fail('电子证照标识中的流水号应为9位数字')
  if (!/^\d{3}$/.test(versionText) || versionText === '000') return fail('电子证照标识中的版本号应为3位数字')
  if (!/^[0-9A-Z]$/.test(check)) return fail('电子证照标识的校验位应为1位数字或字母')
  if (mod3736CheckChar(typeCode + issuerCode + serial + versionText) !== check) {
    return fail('电子证照标识校验位不正确')
  }
  return ok({ id, typeCode, kind: kindOf(typeCode), issuerCode, serial, version: Number(versionText) })
}

export function isValidLicenseId(input: string): boolean {
  return parseLicenseId(input).ok
}
