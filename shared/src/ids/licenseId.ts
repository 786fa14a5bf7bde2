/**
 * 电子证照标识 (GB/T 36904 电子证照 标识规范; the other parts of the series are GB/T 36901–36905):
 *   1.2.156.3005.2.{证照类型代码}.{颁发机构代码}.{流水号}.{版本号 3 位}.{校验位}
 * - 证照类型代码: the 统一社会信用代码 of the body that defines the license type (18, with its own
 *   check) + a 3-digit type number;
 * - 颁发机构代码: the issuing authority's 统一社会信用代码 (18, checked) or its 6-digit 行政区划代码;
 * - 流水号: digits, of a length each authority chooses (7, 9, 10, 11 and 20 are all in use);
 * - 校验位: ISO/IEC 7064 MOD 37,36 (hybrid system, alphabet 0-9A-Z) over everything after
 *   `1.2.156.3005.2.` with the dots removed.
 * One parser for path parameters, bodies and QR codes; a wrong check character is its own message.
 *
 * Published identifiers that verify (test vectors in licenseId.test.ts):
 *   1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9  (不动产登记证明, 合肥)
 *   1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3 (20-digit serial)
 */
import { PROVINCE_CODES, SPACES, toHalfWidth } from './normalize'
import { fail, ok, type ParseResult } from './result'
import { isValidUscc } from './uscc'
import { SICHUAN_CITIES, findDivision } from '../divisions'

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
  /** Digits as issued, leading zeros kept, e.g. '000000016' (length is the authority's choice). */
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
/** Longest accepted identifier: prefix 15 + type 21 + issuer 18 + serial 32 + version 3 + check 1 + dots 4. */
export const LICENSE_ID_MAX_LENGTH = 94
const SERIAL = /^\d{1,32}$/

/**
 * A 6-digit 行政区划代码 as an issuer: in Sichuan, a county-level unit of the division list or a
 * prefecture (the list's 4-digit prefixes + 00); elsewhere (the list holds Sichuan only) a code
 * under a real province, not the province itself.
 */
function knownDivision(code: string): boolean {
  if (!/^\d{6}$/.test(code) || !PROVINCE_CODES.has(code.slice(0, 2)) || code.slice(2) === '0000') return false
  if (code.startsWith('51')) return findDivision(code) !== undefined || (code.endsWith('00') && code.slice(0, 4) in SICHUAN_CITIES)
  return true
}

const validIssuer = (code: string) => (code.length === 18 ? isValidUscc(code) : knownDivision(code))

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
  if (id.length > LICENSE_ID_MAX_LENGTH) return fail('电子证照标识过长')
  if (!id.startsWith(LICENSE_ID_PREFIX)) return fail('电子证照标识应以“1.2.156.3005.2.”开头')
  const segments = id.slice(LICENSE_ID_PREFIX.length).split('.')
  if (segments.length !== 5) return fail('电子证照标识格式不正确：应为 类型代码.颁发机构代码.流水号.版本号.校验位')
  const [typeCode = '', issuerCode = '', serial = '', versionText = '', check = ''] = segments
  if (!TYPE_CODE.test(typeCode) || !isValidUscc(typeCode.slice(0, 18))) return fail('电子证照标识中的证照类型代码无效')
  if (!validIssuer(issuerCode)) return fail('电子证照标识中的颁发机构代码无效（应为统一社会信用代码或行政区划代码）')
  if (!SERIAL.test(serial)) return fail('电子证照标识中的流水号应为数字')
  if (!/^\d{3}$/.test(versionText) || versionText === '000') return fail('电子证照标识中的版本号应为3位数字')
  if (!/^[0-9A-Z]$/.test(check)) return fail('电子证照标识的校验位应为1位数字或字母')
  if (mod3736CheckChar(typeCode + issuerCode + serial + versionText) !== check) return fail('电子证照标识校验位错误')
  return ok({ id, typeCode, kind: kindOf(typeCode), issuerCode, serial, version: Number(versionText) })
}

export function isValidLicenseId(input: string): boolean {
  return parseLicenseId(input).ok
}
