/**
 * National-algorithm primitives for data at rest (GB/T 39786 level 3):
 * - sealing: SM4-CBC with a random IV, then HMAC-SM3 over version‖iv‖ciphertext (encrypt-then-MAC;
 *   Node's OpenSSL has no SM4-GCM);
 * - blind index: HMAC-SM3 with a separate key, so equal ID numbers can be found without storing them;
 * - token hashing: SM3 of a high-entropy random token (no salt needed at 128+ bits).
 */
import crypto from 'node:crypto'
import type { Keys } from './keys'

const VERSION = 'v1'

export interface FieldCipher {
  seal(plain: string): string
  open(sealed: string): string
  blindIndex(value: string): string
}

export function createFieldCipher(keys: Keys): FieldCipher {
  const mac = (data: string) => crypto.createHmac('sm3', keys.macKey).update(data).digest('base64url')
  // A key object made once: an HMAC over it skips copying and checking the raw key every time.
  const indexKey = crypto.createSecretKey(keys.indexKey)
  return {
    seal(plain) {
      const iv = crypto.randomBytes(16)
      const cipher = crypto.createCipheriv('sm4-cbc', keys.dataKey, iv)
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      const body = `${VERSION}.${iv.toString('base64url')}.${ct.toString('base64url')}`
      return `${body}.${mac(body)}`
    },
    open(sealed) {
      const parts = sealed.split('.')
      if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('sealed value: unknown format')
      const body = parts.slice(0, 3).join('.')
      const expected = Buffer.from(mac(body))
      const given = Buffer.from(parts[3]!)
      if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
        throw new Error('sealed value: integrity check failed')
      }
      const decipher = crypto.createDecipheriv('sm4-cbc', keys.dataKey, Buffer.from(parts[1]!, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(parts[2]!, 'base64url')), decipher.final()]).toString('utf8')
    },
    blindIndex(value) {
      return crypto.createHmac('sm3', indexKey).update(value.trim().toUpperCase()).digest('hex')
    },
  }
}

/** A fresh opaque token: 256 bits, URL-safe. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return crypto.createHash('sm3').update(token).digest('hex')
}

export function sm3Hex(data: string): string {
  return crypto.createHash('sm3').update(data).digest('hex')
}

/** Compares two hex/base64 digests in constant time (a different length is simply unequal). */
export function equalDigests(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}
