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
