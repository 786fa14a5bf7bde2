/**
 * SM2/SM3 interoperability: our Node/OpenSSL signatures verify with sm-crypto-v2 (an independent
 * implementation) and with the pure-JS verifier the verify page uses, and sm-crypto-v2's
 * signatures verify with both of ours. The distinguishing ID is '' (see certificates.signing-keys.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { sm2 } from 'sm-crypto-v2'
import { describe, expect, it } from 'vitest'
import { canonicalBytes, decodeToken, jsSignatureCheck, sm3, verifyOffline, type TrustList } from '@bdc/shared/certificates/index'
import { certificateKeysFrom, freshKeyFile, generateSm2Key, memoizedSignatureCheck, nodeSignatureCheck, signWithPem } from './certificates.signing-keys'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const keyOf = (publicKey: string) => ({ kid: 'kt', alg: 'SM2-SM3' as const, publicKey, sm2Id: '', validFrom: '2026-01-01T00:00:00Z', signUntil: null })

describe('SM2 with SM3 interoperability', () => {
  it('SM3 of the pure-JS implementation equals OpenSSL SM3 (standard vector "abc" and random data)', () => {
    expect(hex(sm3(new TextEncoder().encode('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
    for (const n of [0, 55, 56, 64, 1000]) {
      const data = crypto.randomBytes(n)
      expect(hex(sm3(data))).toBe(crypto.createHash('sm3').update(data).digest('hex'))
    }
  })

  it('our signatures verify with sm-crypto-v2 and the pure-JS verifier; sm-crypto-v2 signatures verify with ours', () => {
    for (let i = 0; i < 5; i++) {
      const k = generateSm2Key()
      const msg = canonicalBytes({ kind: 'C', licenseId: '1.2.156.3005.2.11100000MB03271699001.510100.000000002.001.4', keyId: 'kt' })
      const ours = signWithPem(k.privateKeyPem, msg)
      expect(sm2.doVerifySignature(msg, hex(ours), k.publicKey, { hash: true, userId: '' })).toBe(true)
      expect(jsSignatureCheck(keyOf(k.publicKey), msg, ours)).toBe(true)
      expect(nodeSignatureCheck(keyOf(k.publicKey), msg, ours)).toBe(true)

      // (SEC1 export of an SM2-typed key aborts Node 20; the scalar sits in PKCS#8 after 02 01 01 04 20)
      const der = crypto.createPrivateKey(k.privateKeyPem).export({ type: 'pkcs8', format: 'der' })
      const at = der.indexOf(Buffer.from([0x02, 0x01, 0x01, 0x04, 0x20])) + 5
      const d = der.subarray(at, at + 32)
      const theirs = Uint8Array.from(Buffer.from(sm2.doSignature(msg, d.toString('hex'), { hash: true, publicKey: k.publicKey, userId: '' }), 'hex'))
      expect(nodeSignatureCheck(keyOf(k.publicKey), msg, theirs)).toBe(true)
      expect(jsSignatureCheck(keyOf(k.publicKey), msg, theirs)).toBe(true)

      const other = new Uint8Array(msg)
      other[10] = other[10]! ^ 1
      expect(nodeSignatureCheck(keyOf(k.publicKey), other, ours)).toBe(false)
      expect(jsSignatureCheck(keyOf(k.publicKey), other, ours)).toBe(false)
    }
  })

  it('a fresh key file has two trusted keys and signs with the newer one', () => {
    const keys = certificateKeysFrom(freshKeyFile(new Date('2026-11-27T00:00:00Z')))
    expect(keys.trustList.keys).toHaveLength(2)
    expect(keys.activeKeyId(new Date('2026-11-27T01:00:00Z'))).toBe(keys.trustList.keys[1]!.kid)
  })
})

describe('golden vectors, offline half, pure-JS and OpenSSL verifiers agree', () => {
  const dir = path.resolve(import.meta.dirname, '../../../../shared/fixtures/certificates')
  const trust = JSON.parse(fs.readFileSync(path.join(dir, 'trust-list.json'), 'utf8')) as TrustList
  const files = fs.readdirSync(dir).filter((f) => f !== 'trust-list.json' && f !== 'malformed.json')
  const offlineOf = (s: string) => (['valid', 'cancelled', 'superseded'].includes(s) ? 'signature_ok' : s)
  it.each(files)('%s', (file) => {
    const v = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    const now = Date.parse(v.now)
    expect(verifyOffline(v.code, trust, now, jsSignatureCheck).status).toBe(offlineOf(v.expected.status))
    expect(verifyOffline(v.code, trust, now, nodeSignatureCheck).status).toBe(offlineOf(v.expected.status))
    if (v.canonical) {
      const d = decodeToken(v.code)
      expect(d.ok && new TextDecoder().decode(canonicalBytes(d.token))).toBe(v.canonical)
    }
  })
  it('malformed strings', () => {
    const v = JSON.parse(fs.readFileSync(path.join(dir, 'malformed.json'), 'utf8'))
    for (const code of v.codes) expect(verifyOffline(code, trust, Date.parse(v.now)).status, code).toBe('malformed')
  })
})

describe('the memoised signature check', () => {
  it('checks a triple once, re-checks any changed byte, another key, and after the memo expires; stays bounded', () => {
    const file = freshKeyFile(new Date('2026-11-27T00:00:00Z'))
    const keys = certificateKeysFrom(file)
    const kid = keys.activeKeyId(new Date())
    const key = keys.trustList.keys.find((k) => k.kid === kid)!
    const other = keys.trustList.keys.find((k) => k.kid !== kid)!
    const msg = canonicalBytes({ kind: 'C', licenseId: '11100000MB03271699001.510100.000000002.001.4', keyId: kid })
    const sig = keys.sign(kid, msg)
    let calls = 0
    let t = 0
    const check = memoizedSignatureCheck((k, m, s) => (calls++, nodeSignatureCheck(k, m, s)), { max: 3, ttlMs: 1000, now: () => t })
    expect(check(key, msg, sig)).toBe(true)
    expect(check(key, msg, sig)).toBe(true)
    expect(calls).toBe(1)
    const tampered = new Uint8Array(msg)
    tampered[tampered.length - 1]! ^= 1
    expect(check(key, tampered, sig)).toBe(false)
    expect(check(key, tampered, sig)).toBe(false)
    const badSig = new Uint8Array(sig)
    badSig[5]! ^= 1
    expect(check(key, msg, badSig)).toBe(false)
    expect(check(other, msg, sig)).toBe(false)
    expect(calls).toBe(4)
    t = 1000
    expect(check(key, msg, sig)).toBe(true)
    expect(calls).toBe(5)
    // max 3 entries: the oldest were dropped, so the tampered message is checked again
    expect(check(key, tampered, sig)).toBe(false)
    expect(calls).toBe(6)
  })
})
