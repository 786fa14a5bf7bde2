/**
 * Development keys: generated at first start into `<DATA_DIR>/keys.json` (mode 0600, git-ignored),
 * never committed. A production deployment supplies the same JSON through BDC_KEYS_FILE (a
 * secrets mount); the format is versioned so keys can rotate later.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const KeyFile = z.object({
  version: z.literal(1),
  /** SM4 key (16 bytes, hex) for personal data at rest */
  dataKey: z.string().regex(/^[0-9a-f]{32}$/),
  /** HMAC-SM3 key (32 bytes, hex) for integrity tags of encrypted fields */
  macKey: z.string().regex(/^[0-9a-f]{64}$/),
  /** HMAC-SM3 key (32 bytes, hex) for blind indexes (lookup by ID number without storing it) */
  indexKey: z.string().regex(/^[0-9a-f]{64}$/),
})

export interface Keys {
  dataKey: Buffer
  macKey: Buffer
  indexKey: Buffer
}

export function loadOrCreateKeys(dataDir: string, file = process.env.BDC_KEYS_FILE): Keys {
  const keyPath = file ?? path.join(dataDir, 'keys.json')
  if (!fs.existsSync(keyPath)) {
    if (file) throw new Error(`BDC_KEYS_FILE points at ${file}, which does not exist`)
    fs.mkdirSync(path.dirname(keyPath), { recursive: true })
    const fresh = {
      version: 1 as const,
      dataKey: crypto.randomBytes(16).toString('hex'),
      macKey: crypto.randomBytes(32).toString('hex'),
      indexKey: crypto.randomBytes(32).toString('hex'),
    }
    // 'wx': two processes starting at once never overwrite each other's keys.
    try {
      fs.writeFileSync(keyPath, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  const parsed = KeyFile.parse(JSON.parse(fs.readFileSync(keyPath, 'utf8')))
  return {
    dataKey: Buffer.from(parsed.dataKey, 'hex'),
    macKey: Buffer.from(parsed.macKey, 'hex'),
    indexKey: Buffer.from(parsed.indexKey, 'hex'),
  }
}

/** A shared secret file in the data folder (e.g. the upstream client secret in development). */
export function loadOrCreateSecret(dataDir: string, name: string): string {
  const p = path.join(dataDir, name)
  if (!fs.existsSync(p)) {
    fs.mkdirSync(dataDir, { recursive: true })
    try {
      fs.writeFileSync(p, crypto.randomBytes(24).toString('hex'), { mode: 0o600, flag: 'wx' })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  return fs.readFileSync(p, 'utf8').trim()
}

/**
 * The audit key (SM2 with SM3) that signs audit checkpoints: separate from the data keys above and
 * from the certificate keys. Generated at first start into `<DATA_DIR>/audit-key.json` (mode 0600,
 * git-ignored, never committed); a deployment mounts its own through BDC_AUDIT_KEY_FILE. A file with
 * `publicKey` only verifies (what `npm run audit:verify` needs at a supervisor's desk).
 *
 * Node 20 signs SM2 only with a key loaded from PEM (see certificates.signing-keys.ts), with an empty
 * distinguishing ID; verification here uses the same.
 */
const AuditKeyFile = z.object({
  version: z.literal(1),
  publicKey: z.string().regex(/^04[0-9a-f]{128}$/),
  privateKeyPem: z.string().optional(),
})

export interface AuditKey {
  /** SM3 of the public key, shortened: names the key in each checkpoint. */
  kid: string
  publicKey: string
  /** DER signature, hex; throws when the file holds no private key. */
  sign(message: string): string
  verify(message: string, signatureHex: string, publicKeyHex?: string): boolean
}

const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex')

export const auditKidOf = (publicKeyHex: string) => 'a' + crypto.createHash('sm3').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 11)

export function auditKeyPath(dataDir: string, file = process.env.BDC_AUDIT_KEY_FILE): string {
  return file ?? path.join(dataDir, 'audit-key.json')
}

export function loadOrCreateAuditKey(dataDir: string, file = process.env.BDC_AUDIT_KEY_FILE, opts: { create?: boolean } = {}): AuditKey {
  const keyPath = auditKeyPath(dataDir, file)
  if (!fs.existsSync(keyPath)) {
    if (file || opts.create === false) throw new Error(`audit key ${keyPath} does not exist`)
    fs.mkdirSync(path.dirname(keyPath), { recursive: true })
    const kp = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' })
    const spki = kp.publicKey.export({ type: 'spki', format: 'der' })
    const fresh = {
      version: 1 as const,
      publicKey: spki.subarray(spki.length - 65).toString('hex'),
      privateKeyPem: kp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }
    try {
      fs.writeFileSync(keyPath, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  const parsed = AuditKeyFile.parse(JSON.parse(fs.readFileSync(keyPath, 'utf8')))
  const privateKey = parsed.privateKeyPem ? crypto.createPrivateKey(parsed.privateKeyPem) : undefined
  const publicKeys = new Map<string, crypto.KeyObject>()
  const publicKeyObject = (hex: string) => {
    let k = publicKeys.get(hex)
    if (!k) publicKeys.set(hex, (k = crypto.createPublicKey({ key: Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' })))
    return k
  }
  return {
    kid: auditKidOf(parsed.publicKey),
    publicKey: parsed.publicKey,
    sign(message) {
      if (!privateKey) throw new Error(`audit key ${keyPath} has no private key: it can verify only`)
      return crypto.sign('sm3', Buffer.from(message), privateKey).toString('hex')
    },
    verify(message, signatureHex, publicKeyHex = parsed.publicKey) {
      try {
        return crypto.verify('sm3', Buffer.from(message), publicKeyObject(publicKeyHex), Buffer.from(signatureHex, 'hex'))
      } catch {
        return false
      }
    },
  }
}
