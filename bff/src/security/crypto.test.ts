import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFieldCipher, hashToken, newToken } from './crypto'
import { loadOrCreateKeys } from './keys'

const made: string[] = []
const dir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-keys-'))
  made.push(d)
  return d
}
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('field encryption (SM4-CBC + HMAC-SM3)', () => {
  const keys = loadOrCreateKeys(dir())
  const cipher = createFieldCipher(keys)

  it('round-trips and never repeats a ciphertext for the same value', () => {
    const a = cipher.seal('510107199001011234')
    const b = cipher.seal('510107199001011234')
    expect(a).not.toBe(b)
    expect(a).not.toContain('510107')
    expect(cipher.open(a)).toBe('510107199001011234')
    expect(cipher.open(cipher.seal('四川蜀锦置业有限公司'))).toBe('四川蜀锦置业有限公司')
  })

  it('detects any change to a sealed value', () => {
    const sealed = cipher.seal('张伟')
    const parts = sealed.split('.')
    const flipped = parts[2]!.startsWith('A') ? 'B' + parts[2]!.slice(1) : 'A' + parts[2]!.slice(1)
    expect(() => cipher.open([parts[0], parts[1], flipped, parts[3]].join('.'))).toThrow(/integrity/)
    expect(() => cipher.open('v0.x.y.z')).toThrow(/format/)
  })

  it('blind index: equal for the same ID number (case-insensitive X), different across keys', () => {
    expect(cipher.blindIndex('11010519491231002x')).toBe(cipher.blindIndex('11010519491231002X'))
    const other = createFieldCipher(loadOrCreateKeys(dir()))
    expect(other.blindIndex('11010519491231002X')).not.toBe(cipher.blindIndex('11010519491231002X'))
  })
})

describe('keys', () => {
  it('are generated once at first start, private to the user, and stable after', () => {
    const d = dir()
    const first = loadOrCreateKeys(d)
    const mode = fs.statSync(path.join(d, 'keys.json')).mode & 0o777
    expect(mode).toBe(0o600)
    expect(loadOrCreateKeys(d).dataKey.equals(first.dataKey)).toBe(true)
  })
})

describe('tokens', () => {
  it('are 256-bit random and stored only as a hash', () => {
    const t = newToken()
    expect(Buffer.from(t, 'base64url').length).toBe(32)
    expect(new Set(Array.from({ length: 1000 }, newToken)).size).toBe(1000)
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(t)).not.toContain(t)
  })
})
