/**
 * Certificate QR signing keys (SM2 with SM3), `<DATA_DIR>/certificate-keys.json` (mode 0600,
 * git-ignored, generated at first start in development; a deployment mounts its own file).
 *
 * Rotation with overlap: the file holds several keys; the newest whose `validFrom` has passed and
 * whose `signUntil` has not signs new codes; every listed key stays in the published trust list so
 * codes signed before a rotation still verify. A key may be listed without its private half
 * (verification only) — that is how a retired key stays trusted after its secret is destroyed.
 *
 * Node 20 (OpenSSL 3.0): an SM2 key must be loaded from PEM to be an SM2 key (a key fresh from
 * generateKeyPair('ec', {namedCurve:'SM2'}) is an ECDSA key and would sign ECDSA-over-SM3); its
 * signatures use an EMPTY distinguishing ID, and Node cannot set another, so the trust list says
 * `sm2Id: ''` and our verifiers (shared/src/certificates/sm2.ts, sm-crypto-v2 in tests) use it.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import type { SignatureCheck, TrustList, TrustedKey } from '@bdc/shared/certificates/index'

const KeyEntry = z.object({
  kid: z.string().regex(/^[a-z0-9]{2,16}$/),
  publicKey: z.string().regex(/^04[0-9a-f]{128}$/),
  privateKeyPem: z.string().optional(),
  validFrom: z.string().datetime({ offset: true }),
  signUntil: z.string().datetime({ offset: true }).nullable(),
})
const KeyFile = z.object({ version: z.literal(1), issuer: z.string(), keys: z.array(KeyEntry).min(1) })
type KeyFile = z.infer<typeof KeyFile>

export interface CertificateKeys {
  trustList: TrustList
  /** Id of the key that signs at `now` (the id is itself part of the signed bytes). */
  activeKeyId(now: Date): string
  /** Signs canonical bytes with key `keyId`; raw r‖s (64 bytes). */
  sign(keyId: string, message: Uint8Array): Uint8Array
  /** Node/OpenSSL signature check, same contract as the shared pure-JS one. */
  check: SignatureCheck
}

export const ISSUER = '四川省不动产登记电子证照签章服务'

/** A fresh SM2 key pair as {publicKey hex, privateKeyPem}. */
export function generateSm2Key(): { publicKey: string; privateKeyPem: string } {
  const kp = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' })
  const spki = kp.publicKey.export({ type: 'spki', format: 'der' })
  return { publicKey: spki.subarray(spki.length - 65).toString('hex'), privateKeyPem: kp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
}

export const kidOf = (publicKeyHex: string) => 'k' + crypto.createHash('sm3').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 7)

/** Two keys: one retired at creation (still trusted: the rotation-overlap case), one active. */
export function freshKeyFile(now: Date): KeyFile {
  const old = generateSm2Key()
  const cur = generateSm2Key()
  const at = now.toISOString()
  return {
    version: 1,
    issuer: ISSUER,
    keys: [
      { kid: kidOf(old.publicKey), ...old, validFrom: new Date(now.getTime() - 90 * 86_400_000).toISOString(), signUntil: at },
      { kid: kidOf(cur.publicKey), ...cur, validFrom: at, signUntil: null },
    ],
  }
}

function derToRaw(der: Buffer): Uint8Array {
  // SEQUENCE { INTEGER r, INTEGER s }
  let o = 2
  if (der[1]! & 0x80) o += der[1]! & 0x7f
  const take = () => {
    const len = der[o + 1]!
    const v = der.subarray(o + 2, o + 2 + len)
    o += 2 + len
    const out = Buffer.alloc(32)
    const trimmed = v.subarray(Math.max(0, v.length - 32))
    trimmed.copy(out, 32 - trimmed.length)
    return out
  }
  return new Uint8Array(Buffer.concat([take(), take()]))
}

function rawToDer(raw: Uint8Array): Buffer {
  const int = (b: Uint8Array) => {
    let i = 0
    while (i < b.length - 1 && b[i] === 0) i++
    let v = Buffer.from(b.subarray(i))
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v])
    return Buffer.concat([Buffer.from([0x02, v.length]), v])
  }
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32, 64))])
  return Buffer.concat([Buffer.from([0x30, body.length]), body])
}

/** SPKI DER of an SM2 public key (id-ecPublicKey + curve sm2p256v1). */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex')
const publicKeyObjects = new Map<string, crypto.KeyObject>()
/** Parsed once per trusted key (the list is small and fixed for the process). */
const publicKeyObject = (hex: string) => {
  let k = publicKeyObjects.get(hex)
  if (!k) {
    k = crypto.createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' })
    if (publicKeyObjects.size < 64) publicKeyObjects.set(hex, k)
  }
  return k
}

export const nodeSignatureCheck: SignatureCheck = (key, message, signature) => {
  if (key.alg !== 'SM2-SM3' || key.sm2Id !== '' || signature.length !== 64) return false
  try {
    return crypto.verify('sm3', message, publicKeyObject(key.publicKey), rawToDer(signature))
  } catch {
    return false
  }
}

/**
 * A signature check that remembers its answers for a short time. The outcome of checking a given
 * (public key, signed bytes, signature) triple never changes, so a code scanned again — the same
 * printed QR, a bank re-checking — skips the SM2 verification (≈ 0.4 ms of CPU each, measured).
 * The key of the memo is the whole triple (public key, not just its id), so a tampered byte, another
 * key or another signature is a miss and gets a real check. Only the signature is remembered: the
 * expiry of a 亮证 code and the live status are decided on every request.
 */
export function memoizedSignatureCheck(check: SignatureCheck, opts: { max?: number; ttlMs?: number; now?: () => number } = {}): SignatureCheck {
  const max = opts.max ?? 10_000
  const ttlMs = opts.ttlMs ?? 10 * 60_000
  const now = opts.now ?? Date.now
  const memo = new Map<string, { ok: boolean; until: number }>()
  return (key, message, signature) => {
    const k = `${key.alg}|${key.sm2Id}|${key.publicKey}|${Buffer.from(message).toString('base64')}|${Buffer.from(signature).toString('base64')}`
    const t = now()
    const hit = memo.get(k)
    if (hit && hit.until > t) return hit.ok
    const ok = check(key, message, signature)
    memo.delete(k)
    // Map keeps insertion order: dropping the first entry drops the oldest (bounded memory under a flood of distinct codes).
    if (memo.size >= max) memo.delete(memo.keys().next().value!)
    memo.set(k, { ok, until: t + ttlMs })
    return ok
  }
}

export function signWithPem(privateKeyPem: string, message: Uint8Array): Uint8Array {
  return derToRaw(crypto.sign('sm3', message, crypto.createPrivateKey(privateKeyPem)))
}

export function certificateKeysFrom(file: KeyFile): CertificateKeys {
  const keys: TrustedKey[] = file.keys.map((k) => ({ kid: k.kid, alg: 'SM2-SM3', publicKey: k.publicKey, sm2Id: '', validFrom: k.validFrom, signUntil: k.signUntil }))
  // PEM parsed once at start, not per signature
  const signers = file.keys
    .filter((k) => k.privateKeyPem)
    .map((k) => ({ kid: k.kid, from: Date.parse(k.validFrom), until: k.signUntil ? Date.parse(k.signUntil) : Infinity, key: crypto.createPrivateKey(k.privateKeyPem!) }))
    .sort((a, b) => b.from - a.from)
  if (!signers.length) throw new Error('certificate-keys.json: no key with a private key')
  return {
    trustList: { version: 1, issuer: file.issuer, keys },
    activeKeyId(now) {
      const t = now.getTime()
      return (signers.find((k) => k.from <= t && t < k.until) ?? signers[0]!).kid
    },
    sign(keyId, message) {
      const s = signers.find((k) => k.kid === keyId)
      if (!s) throw new Error(`no private key for ${keyId}`)
      return derToRaw(crypto.sign('sm3', message, s.key))
    },
    check: memoizedSignatureCheck(nodeSignatureCheck),
  }
}

export function loadOrCreateCertificateKeys(dataDir: string, now: Date = new Date()): CertificateKeys {
  const file = path.join(dataDir, 'certificate-keys.json')
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true })
    try {
      fs.writeFileSync(file, JSON.stringify(freshKeyFile(now), null, 2), { mode: 0o600, flag: 'wx' })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  return certificateKeysFrom(KeyFile.parse(JSON.parse(fs.readFileSync(file, 'utf8'))))
}
