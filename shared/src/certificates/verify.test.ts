/**
 * The key and code policy of verifyOffline, at its boundaries. The signature itself is taken as
 * genuine here (the golden vectors in shared/fixtures/certificates check real SM2 signatures).
 */
import { describe, expect, it } from 'vitest'
import { buildLicenseId, LICENSE_TYPE_CODES } from '../ids/licenseId'
import { canonicalBytes, decodeToken, encodeToken } from './token'
import { CLOCK_SKEW_SECONDS, LIVE_CODE_SECONDS, PROOF_VALID_SECONDS, statusText, verifyOffline, type TrustList } from './verify'

const NOW = Date.parse('2026-11-27T01:00:00Z')
const nowSec = NOW / 1000
const licenseId = buildLicenseId({ typeCode: LICENSE_TYPE_CODES.right_certificate, issuerCode: '510100', serial: 7 })
const trust: TrustList = {
  version: 1,
  issuer: 'test',
  keys: [
    { kid: 'kold', alg: 'SM2-SM3', publicKey: '04' + '1'.repeat(128), sm2Id: '', validFrom: '2026-01-01T00:00:00Z', signUntil: '2026-06-30T00:00:00Z' },
    { kid: 'knew', alg: 'SM2-SM3', publicKey: '04' + '2'.repeat(128), sm2Id: '', validFrom: '2026-06-01T00:00:00Z', signUntil: null },
  ],
}
const genuine = () => true
const code = (keyId: string, kind: 'C' | 'L', expiresAt?: number) =>
  encodeToken({ kind, licenseId, keyId, ...(expiresAt !== undefined ? { expiresAt } : {}), signature: new Uint8Array(64).fill(1) })
const statusOf = (c: string, now = NOW) => verifyOffline(c, trust, now, genuine).status

describe('key and code policy', () => {
  it('a printed code of a retired key stays good (rotation keeps old paper valid)', () => {
    expect(statusOf(code('kold', 'C'))).toBe('signature_ok')
  })

  it('a 亮证 code signed by a retired key after it stopped signing is refused; one signed before it stopped is merely expired', () => {
    expect(statusOf(code('kold', 'L', nowSec + 120))).toBe('bad_signature')
    const signUntil = Date.parse('2026-06-30T00:00:00Z') / 1000
    expect(statusOf(code('kold', 'L', signUntil + LIVE_CODE_SECONDS - 60))).toBe('expired')
    expect(statusOf(code('kold', 'L', signUntil + LIVE_CODE_SECONDS + CLOCK_SKEW_SECONDS + 1))).toBe('bad_signature')
  })

  it('a 亮证 code living longer than a 亮证 code can is refused, with 30 s of clock skew allowed', () => {
    expect(statusOf(code('knew', 'L', nowSec + LIVE_CODE_SECONDS))).toBe('signature_ok')
    expect(statusOf(code('knew', 'L', nowSec + LIVE_CODE_SECONDS + CLOCK_SKEW_SECONDS))).toBe('signature_ok')
    expect(statusOf(code('knew', 'L', nowSec + LIVE_CODE_SECONDS + CLOCK_SKEW_SECONDS + 1))).toBe('bad_signature')
    expect(statusOf(code('knew', 'L', nowSec + 10 * 365 * 86_400))).toBe('bad_signature')
  })

  it('a 亮证 code signed before its key was valid is refused', () => {
    const validFrom = Date.parse('2026-06-01T00:00:00Z') / 1000
    const early = validFrom - 3600
    expect(statusOf(code('knew', 'L', early + LIVE_CODE_SECONDS), (early + 60) * 1000)).toBe('bad_signature')
  })

  it('an ordinary 亮证 code: good until it expires, then expired', () => {
    const c = code('knew', 'L', nowSec + LIVE_CODE_SECONDS)
    expect(statusOf(c, NOW + 179_000)).toBe('signature_ok')
    expect(statusOf(c, NOW + 180_000)).toBe('expired')
  })
})

describe('查询结果证明 codes (kind P)', () => {
  const PROOF_NO = '51000020261127000042'
  const proofCode = (keyId: string, expiresAt: number, proofNo = PROOF_NO) =>
    encodeToken({ kind: 'P', licenseId: '', proofNo, keyId, expiresAt, signature: new Uint8Array(64).fill(1) })

  it('round-trips: /v/1P/{proofNo}/{kid}/{exp}/{sig}, and the signature covers the proof number and expiry', () => {
    const c = proofCode('knew', nowSec + PROOF_VALID_SECONDS)
    expect(c).toMatch(/^1P\/51000020261127000042\/knew\/\d{10}\/[A-Za-z0-9_-]{86}$/)
    const d = decodeToken(`https://bdc.example.cn/v/${c}`)
    if (!d.ok) expect.fail(d.reason)
    expect(d.token).toMatchObject({ kind: 'P', proofNo: PROOF_NO, licenseId: '', keyId: 'knew', expiresAt: nowSec + PROOF_VALID_SECONDS })
    expect(new TextDecoder().decode(canonicalBytes(d.token))).toBe(`BDCV\n1\nP\n${PROOF_NO}\nknew\n${nowSec + PROOF_VALID_SECONDS}\n`)
  })

  it('a malformed proof number or a missing expiry is 无法识别', () => {
    expect(statusOf(proofCode('knew', nowSec + 60, '5100002026112700004'))).toBe('malformed')
    expect(statusOf(proofCode('knew', nowSec + 60, 'A1000020261127000042'))).toBe('malformed')
    expect(statusOf(`1P/${PROOF_NO}/knew/${'A'.repeat(86)}`)).toBe('malformed')
  })

  it('valid for its 30 days, then expired; a validity longer than 30 days (+ skew) or signed by a retired key is refused', () => {
    const c = proofCode('knew', nowSec + PROOF_VALID_SECONDS)
    expect(statusOf(c)).toBe('signature_ok')
    expect(statusOf(c, NOW + (PROOF_VALID_SECONDS - 1) * 1000)).toBe('signature_ok')
    expect(statusOf(c, NOW + PROOF_VALID_SECONDS * 1000)).toBe('expired')
    expect(statusOf(proofCode('knew', nowSec + PROOF_VALID_SECONDS + CLOCK_SKEW_SECONDS + 1))).toBe('bad_signature')
    expect(statusOf(proofCode('kold', nowSec + PROOF_VALID_SECONDS))).toBe('bad_signature')
    // issued by the old key before it retired, still verifiable until its own expiry
    const signUntil = Date.parse('2026-06-30T00:00:00Z') / 1000
    expect(statusOf(proofCode('kold', signUntil - 60 + PROOF_VALID_SECONDS), (signUntil + 86_400) * 1000)).toBe('signature_ok')
  })

  it('words its outcomes for a proof: 已过期 and 已被新证明取代, not the certificate wording', () => {
    expect(statusText('expired', 'P').title).toBe('已过期')
    expect(statusText('superseded', 'P').title).toBe('已被新证明取代')
    expect(statusText('expired', 'L').title).toBe('亮证码已过期')
    expect(statusText('bad_signature', 'P').title).toBe('签名无效')
  })
})
