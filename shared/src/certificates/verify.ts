/**
 * The offline half of certificate verification, shared by the BFF and the framework-free verify
 * page: decode → find the key → check the signature → check a live code's expiry. Result is a
 * value, never an exception. The online half (現势/注销/换发) is the BFF's status lookup.
 */
import { sm2Verify } from './sm2'
import { canonicalBytes, decodeToken, KEY_ID, type CertificateToken, type TokenKind } from './token'

/** One published verification key. Keys rotate with overlap: old keys stay listed after `signUntil`. */
export interface TrustedKey {
  kid: string
  alg: 'SM2-SM3'
  /** uncompressed point 04‖x‖y, hex (130 characters) */
  publicKey: string
  /** SM2 distinguishing ID the key signs with (UTF-8); '' — see sm2.ts */
  sm2Id: string
  /** ISO time from which the key signs */
  validFrom: string
  /** ISO time after which it no longer signs new codes (still verifies old ones); null = active */
  signUntil: string | null
}
export interface TrustList {
  version: 1
  issuer: string
  keys: TrustedKey[]
}

export const VERIFICATION_STATUSES = ['valid', 'cancelled', 'superseded', 'expired', 'bad_signature', 'unknown_key', 'malformed'] as const
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number]

/** Headline a verifier sees for each outcome. */
export const STATUS_TEXT: Record<VerificationStatus, { title: string; hint: string; good: boolean }> = {
  valid: { title: '有效', hint: '证照真实，当前为现势状态', good: true },
  cancelled: { title: '已注销', hint: '该证照已注销，不再具有效力', good: false },
  superseded: { title: '已换发', hint: '该证照已被新证照取代（转移、变更或换证），请索取最新证照', good: false },
  expired: { title: '亮证码已过期', hint: '亮证二维码仅 3 分钟有效，请权利人重新出示', good: false },
  bad_signature: { title: '签名无效', hint: '二维码内容被篡改或伪造', good: false },
  unknown_key: { title: '签发密钥未知', hint: '该二维码不是由不动产登记机构签发', good: false },
  malformed: { title: '无法识别', hint: '这不是有效的不动产电子证照核验码', good: false },
}

export type OfflineResult =
  | { status: 'malformed'; reason: string }
  | { status: 'unknown_key' | 'bad_signature' | 'expired'; token: CertificateToken }
  | { status: 'signature_ok'; token: CertificateToken }

/** A 亮证 code lives this long from its signing (the BFF signs with exactly this lifetime). */
export const LIVE_CODE_SECONDS = 180
/** A 查询结果证明 is valid this long from its issue (30 days); its code expires with it. */
export const PROOF_VALID_DAYS = 30
export const PROOF_VALID_SECONDS = PROOF_VALID_DAYS * 86_400

/**
 * What a verifier reads for a 查询结果证明's code where it differs from a certificate's: a proof is
 * 已过期 after its validity and 已被新证明取代 once a newer one was issued for the same person and purpose.
 */
export const PROOF_STATUS_TEXT: Partial<Record<VerificationStatus, { title: string; hint: string; good: boolean }>> = {
  valid: { title: '有效', hint: '查询结果证明真实，且在有效期内', good: true },
  expired: { title: '已过期', hint: `查询结果证明自出具之日起 ${PROOF_VALID_DAYS} 日内有效，已超过有效期，请申请人重新开具`, good: false },
  superseded: { title: '已被新证明取代', hint: '申请人已就同一用途开具了新的查询结果证明，此份不再有效，请索取最新证明', good: false },
  malformed: { title: '无法识别', hint: '登记机构没有出具过该编号的查询结果证明', good: false },
}

/** Headline for an outcome of a code of `kind` (proofs word 已过期 / 已被新证明取代 their own way). */
export const statusText = (status: VerificationStatus, kind?: TokenKind) => (kind === 'P' && PROOF_STATUS_TEXT[status]) || STATUS_TEXT[status]
/** Clock difference tolerated between the signer and whoever verifies. */
export const CLOCK_SKEW_SECONDS = 30

export type SignatureCheck = (key: TrustedKey, message: Uint8Array, signature: Uint8Array) => boolean

const hexBytes = (hex: string) => {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) return new Uint8Array(0)
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** Pure-JS check (browser). The BFF passes Node's OpenSSL instead; both must agree (tests). */
export const jsSignatureCheck: SignatureCheck = (key, message, signature) =>
  key.alg === 'SM2-SM3' && sm2Verify(hexBytes(key.publicKey), message, signature, new TextEncoder().encode(key.sm2Id))

/** Validates the shape of a fetched trust list; returns null if it is unusable. */
export function parseTrustList(x: unknown): TrustList | null {
  const t = x as TrustList
  if (!t || t.version !== 1 || !Array.isArray(t.keys)) return null
  const keys = t.keys.filter(
    (k) => k && KEY_ID.test(k.kid) && k.alg === 'SM2-SM3' && /^04[0-9a-f]{128}$/i.test(k.publicKey) && typeof k.sm2Id === 'string',
  )
  return keys.length ? { version: 1, issuer: String(t.issuer ?? ''), keys } : null
}

export function verifyOffline(input: unknown, trust: TrustList, nowMs: number, check: SignatureCheck = jsSignatureCheck): OfflineResult {
  const decoded = decodeToken(input)
  if (!decoded.ok) return { status: 'malformed', reason: decoded.reason }
  const token = decoded.token
  const key = trust.keys.find((k) => k.kid === token.keyId)
  if (!key) return { status: 'unknown_key', token }
  if (!check(key, canonicalBytes(token), token.signature)) return { status: 'bad_signature', token }
  if (token.kind !== 'C') {
    // Key and code policy: a genuine signature is not enough. A 亮证 code is signed LIVE_CODE_SECONDS
    // before it expires (a proof's code PROOF_VALID_SECONDS: when the proof is issued), so its expiry
    // tells when it was signed: never after the key stopped signing (a retired key that signs again
    // is a leaked key), never before it started, and never a lifetime longer than such a code has
    // (a code valid for years is not one we issue).
    const lifetime = token.kind === 'P' ? PROOF_VALID_SECONDS : LIVE_CODE_SECONDS
    const expiresMs = token.expiresAt! * 1000
    const signedMs = expiresMs - lifetime * 1000
    const skewMs = CLOCK_SKEW_SECONDS * 1000
    if (expiresMs > nowMs + (lifetime + CLOCK_SKEW_SECONDS) * 1000) return { status: 'bad_signature', token }
    if (key.signUntil !== null && signedMs > Date.parse(key.signUntil) + skewMs) return { status: 'bad_signature', token }
    if (signedMs < Date.parse(key.validFrom) - skewMs) return { status: 'bad_signature', token }
    if (expiresMs <= nowMs) return { status: 'expired', token }
  }
  return { status: 'signature_ok', token }
}
