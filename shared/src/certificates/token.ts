/**
 * The certificate QR token: what the printed QR (and the 亮证 screen) carries after `/v/`.
 *
 *   printed: /v/1C/{license}/{kid}/{sig}
 *   live:    /v/1L/{license}/{kid}/{exp}/{sig}
 *   proof:   /v/1P/{proofNo}/{kid}/{exp}/{sig}   (不动产登记资料查询结果证明; exp = the end of its validity)
 *
 * `license` is the 电子证照标识 without its constant prefix `1.2.156.3005.2.`; `kid` the signing key
 * id; `exp` the expiry in Unix seconds; `sig` the 64-byte SM2 r‖s signature, base64url, no padding.
 *
 * The signature covers CANONICAL BYTES, never JSON text: ASCII lines, fixed order, each field
 * already validated against a strict pattern (no separator can occur inside a field):
 *   "BDCV\n1\nC\n{full license id}\n{kid}\n"            (printed)
 *   "BDCV\n1\nL\n{full license id}\n{kid}\n{exp}\n"     (live)
 *   "BDCV\n1\nP\n{proof number}\n{kid}\n{exp}\n"        (查询结果证明)
 * Only one string parses to a given token (upper-case license, canonical base64url), so a token
 * cannot be re-spelt to dodge a log or a cache.
 */
import { LICENSE_ID_PREFIX, parseLicenseId } from '../ids/licenseId'

export type TokenKind = 'C' | 'L' | 'P'
export interface CertificateToken {
  version: 1
  kind: TokenKind
  /** full 电子证照标识 (C, L); '' for a proof (P) */
  licenseId: string
  /** 查询结果证明编号 (P only) */
  proofNo?: string
  keyId: string
  /** Unix seconds; live codes and proofs only */
  expiresAt?: number
  signature: Uint8Array
}

export const KEY_ID = /^[a-z0-9]{2,16}$/
const EXP = /^[1-9]\d{9}$/
/** 查询结果证明编号: 6-digit issuing division + Beijing date YYYYMMDD + 6-digit serial. */
export const PROOF_NO = /^\d{6}20\d{6}\d{6}$/
const SIG = /^[A-Za-z0-9_-]{86}$/
/** Longest token we even look at: anything longer is malformed before any parsing. */
export const MAX_TOKEN_LENGTH = 200

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

export function toBase64Url(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2
    for (let j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63]
  }
  return out
}

/** Value of each base64url character by char code (−1: not in the alphabet). */
const B64_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i

/** Strict: returns null unless `s` is the canonical encoding of some byte string. */
export function fromBase64Url(s: string): Uint8Array | null {
  if (s.length % 4 === 1) return null
  const out = new Uint8Array(Math.floor((s.length * 3) / 4))
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const v = c < 128 ? B64_VALUE[c]! : -1
    if (v < 0) return null
    acc = ((acc << 6) | v) & 0xffffff // only the low bits are ever read
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  if (acc & ((1 << bits) - 1)) return null // non-zero padding bits: not canonical
  return out
}

const ascii = (s: string) => {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

/** The exact bytes a token's signature covers. */
export function canonicalBytes(t: Pick<CertificateToken, 'kind' | 'licenseId' | 'proofNo' | 'keyId' | 'expiresAt'>): Uint8Array {
  const lines = ['BDCV', '1', t.kind, t.kind === 'P' ? t.proofNo! : t.licenseId, t.keyId]
  if (t.kind !== 'C') lines.push(String(t.expiresAt))
  return ascii(lines.join('\n') + '\n')
}

/** Token text (the part after `/v/`). */
export function encodeToken(t: Omit<CertificateToken, 'version'>): string {
  const parts = ['1' + t.kind, t.kind === 'P' ? t.proofNo! : t.licenseId.slice(LICENSE_ID_PREFIX.length), t.keyId]
  if (t.kind !== 'C') parts.push(String(t.expiresAt))
  parts.push(toBase64Url(t.signature))
  return parts.join('/')
}

export type DecodeResult = { ok: true; token: CertificateToken } | { ok: false; reason: string }

/**
 * Accepts the token itself, `/v/<token>`, or a whole URL ending in `/v/<token>`.
 * Every field is validated; the first problem found is the reason (Chinese, for display).
 */
export function decodeToken(input: unknown): DecodeResult {
  const bad = (reason: string): DecodeResult => ({ ok: false, reason })
  if (typeof input !== 'string') return bad('核验码不是文本')
  const raw = input.trim()
  if (!raw) return bad('核验码为空')
  if (raw.length > MAX_TOKEN_LENGTH + 120) return bad('核验码过长')
  const at = raw.lastIndexOf('/v/')
  const text = at >= 0 ? raw.slice(at + 3) : raw.replace(/^\/+/, '')
  if (text.length > MAX_TOKEN_LENGTH) return bad('核验码过长')
  if (!/^[0-9A-Za-z._/-]+$/.test(text)) return bad('核验码含有非法字符')
  const parts = text.split('/')
  const head = parts[0]
  if (head !== '1C' && head !== '1L' && head !== '1P') return bad('核验码版本或类型无法识别')
  const kind = head[1] as TokenKind
  const expected = kind === 'C' ? 4 : 5
  if (parts.length !== expected) return bad('核验码结构不完整')
  let licenseId = ''
  let proofNo: string | undefined
  if (kind === 'P') {
    if (!PROOF_NO.test(parts[1]!)) return bad('核验码中的证明编号无效')
    proofNo = parts[1]!
  } else {
    const license = parseLicenseId(LICENSE_ID_PREFIX + parts[1])
    if (!license.ok || license.value.id !== LICENSE_ID_PREFIX + parts[1]) return bad('核验码中的电子证照标识无效')
    if (license.value.kind === 'unknown') return bad('核验码中的证照类型不是不动产证照')
    licenseId = license.value.id
  }
  const keyId = parts[2]!
  if (!KEY_ID.test(keyId)) return bad('核验码中的密钥编号无效')
  let expiresAt: number | undefined
  if (kind !== 'C') {
    if (!EXP.test(parts[3]!)) return bad('核验码中的有效期无效')
    expiresAt = Number(parts[3])
  }
  const sigText = parts[expected - 1]!
  const signature = SIG.test(sigText) ? fromBase64Url(sigText) : null
  if (!signature || signature.length !== 64) return bad('核验码中的签名格式无效')
  return { ok: true, token: { version: 1, kind, licenseId, ...(proofNo ? { proofNo } : {}), keyId, ...(expiresAt !== undefined ? { expiresAt } : {}), signature } }
}
