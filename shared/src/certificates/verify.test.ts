/**
 * The key and code policy of verifyOffline, at its boundaries. The signature itself is taken as
 * genuine here (the golden vectors in shared/fixtures/certificates check real SM2 signatures).
 */
import { describe, expect, it } from 'vitest'
import { buildLicenseId, LICENSE_TYPE_CODES } from '../ids/licenseId'
import { encodeToken } from './token'
import { CLOCK_SKEW_SECONDS, LIVE_CODE_SECONDS, verifyOffline, type TrustList } from './verify'

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
