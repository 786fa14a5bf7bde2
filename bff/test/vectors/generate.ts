/**
 * Writes the golden certificate-code vectors to shared/fixtures/certificates/ (run once; the files
 * are committed, the throwaway private keys are not kept anywhere):
 *   npx tsx bff/test/vectors/generate.ts
 * Each vector: the code, the clock to verify at, the signed canonical bytes, the expected outcome.
 * Used by the BFF tests (bff/test/certificates.test.ts) and the verify-page browser test alike.
 */
import fs from 'node:fs'
import path from 'node:path'
import { canonicalBytes, encodeToken, type TrustList } from '@bdc/shared/certificates/index'
import { generateSm2Key, signWithPem } from '../../src/features/certificates/certificates.signing-keys'
import { demoLicenseId } from '@bdc/province/demo'

const OUT = path.resolve(import.meta.dirname, '../../../shared/fixtures/certificates')
const NOW = '2026-11-27T01:00:00.000Z' // = the BFF test clock (2026-11-27T09:00+08:00)
const nowSec = Date.parse(NOW) / 1000
const BASE = 'http://localhost:8787'

const retired = { kid: 'gv1', ...generateSm2Key() }
const active = { kid: 'gv2', ...generateSm2Key() }
const stranger = { kid: 'gv9', ...generateSm2Key() }
const trust: TrustList = {
  version: 1,
  issuer: '黄金测试向量（仅测试）',
  keys: [
    { kid: retired.kid, alg: 'SM2-SM3', publicKey: retired.publicKey, sm2Id: '', validFrom: '2026-01-01T00:00:00.000Z', signUntil: '2026-06-30T00:00:00.000Z' },
    { kid: active.kid, alg: 'SM2-SM3', publicKey: active.publicKey, sm2Id: '', validFrom: '2026-06-01T00:00:00.000Z', signUntil: null },
  ],
}

type Key = typeof active
const sign = (key: Key, kind: 'C' | 'L', licenseId: string, expiresAt?: number) => {
  const fields = { kind, licenseId, keyId: key.kid, ...(expiresAt ? { expiresAt } : {}) }
  const bytes = canonicalBytes(fields)
  return { code: `${BASE}/v/${encodeToken({ ...fields, signature: signWithPem(key.privateKeyPem, bytes) })}`, canonical: new TextDecoder().decode(bytes) }
}

const flat = demoLicenseId('r-demo-zw-flat')
const parking = demoLicenseId('r-demo-zw-parking')
const vectors: Record<string, { description: string; code: string; canonical?: string; expected: { status: string; certificateNo?: string } }> = {}
const add = (name: string, description: string, v: { code: string; canonical?: string }, status: string, certificateNo?: string) => {
  vectors[name] = { description, ...v, expected: { status, ...(certificateNo ? { certificateNo } : {}) } }
}

const valid = sign(active, 'C', flat)
add('valid-printed', '打印证照上的二维码，现行密钥签名，证照现势', valid, 'valid', '川(2023)成都市不动产权第0012345号')
add('valid-rotated-key', '轮换前的旧密钥签名（仍在信任列表中）', sign(retired, 'C', flat), 'valid', '川(2023)成都市不动产权第0012345号')
add('valid-live', '亮证码，2 分钟后过期', sign(active, 'L', parking, nowSec + 120), 'valid', '川(2023)成都市不动产权第0012346号')
add('expired-live', '亮证码，1 秒前已过期', sign(active, 'L', parking, nowSec - 1), 'expired')
add('superseded', '陈静转让前的旧证（已换发给张伟）', sign(active, 'C', demoLicenseId('r-demo-zw-flat-prev')), 'superseded', '川(2016)成都市不动产权第0087654号')
add('cancelled', '已注销的抵押登记证明', sign(active, 'C', demoLicenseId('x-demo-zw-old-mortgage')), 'cancelled', '川(2016)成都市不动产证明第0098765号')
add('unknown-key', '不在信任列表中的密钥签名', sign(stranger, 'C', flat), 'unknown_key')
// tampered field: the parking space's identifier with the flat's signature
add('tampered-field', '篡改证照标识（签名不变）', { code: valid.code.replace(flat.slice(15), parking.slice(15)) }, 'bad_signature')
const sigAt = valid.code.length - 40
const flipped = valid.code[sigAt] === 'A' ? 'B' : 'A'
add('tampered-signature', '篡改签名中的一个字符', { code: valid.code.slice(0, sigAt) + flipped + valid.code.slice(sigAt + 1) }, 'bad_signature')
const live = sign(active, 'L', parking, nowSec + 120)
add('tampered-expiry', '篡改亮证码有效期（延长）', { code: live.code.replace(`/${nowSec + 120}/`, `/${nowSec + 86_400}/`) }, 'bad_signature')

// Key and code policy: genuine signatures the verifier must still refuse
add('retired-key-live', '亮证码由已停止签发的旧密钥新近签发（旧密钥泄露的迹象）', sign(retired, 'L', parking, nowSec + 120), 'bad_signature')
add('overlong-live', '亮证码有效期长达 10 年（亮证码只有 3 分钟）', sign(active, 'L', parking, nowSec + 10 * 365 * 86_400), 'bad_signature')
add('live-at-skew', '亮证码有效期比 3 分钟多 20 秒（签发方时钟略快，容许 30 秒）', sign(active, 'L', parking, nowSec + 200), 'valid', '川(2023)成都市不动产权第0012346号')

const sigOnly = valid.code.split('/').pop()!
const malformed = [
  '',
  '   ',
  'hello',
  'https://example.com/',
  `${BASE}/v/`,
  `${BASE}/v/2C/${flat.slice(15)}/gv2/${sigOnly}`,
  `${BASE}/v/1X/${flat.slice(15)}/gv2/${sigOnly}`,
  `${BASE}/v/1C/${flat.slice(15)}/gv2`,
  `${BASE}/v/1C/${flat.slice(15)}/gv2/${sigOnly}/extra`,
  `${BASE}/v/1C/${flat.slice(15, -1)}0/gv2/${sigOnly}`, // wrong check character
  `${BASE}/v/1C/${flat.slice(15).toLowerCase()}/gv2/${sigOnly}`,
  `${BASE}/v/1C/99999999999999999999.510100.000000001.001.0/gv2/${sigOnly}`,
  `${BASE}/v/1C/${flat.slice(15)}/GV2/${sigOnly}`,
  `${BASE}/v/1C/${flat.slice(15)}/gv2/${sigOnly.slice(0, -1)}`,
  `${BASE}/v/1C/${flat.slice(15)}/gv2/${sigOnly}A`,
  `${BASE}/v/1C/${flat.slice(15)}/gv2/${sigOnly.slice(0, -1)}+`,
  `${BASE}/v/1L/${flat.slice(15)}/gv2/0123/${sigOnly}`,
  `${BASE}/v/1L/${flat.slice(15)}/gv2/${sigOnly}`,
  `${BASE}/v/1C/${flat.slice(15)}/gv2/${'A'.repeat(300)}`,
  `${BASE}/v/1C/${flat.slice(15)}/gv2/${sigOnly}%00`,
  `${BASE}/v/1C/${flat.slice(15)}/g v2/${sigOnly}`,
  '<script>alert(1)</script>',
  `${BASE}/v/1C/../../etc/passwd`,
  '１Ｃ／证照',
]
fs.mkdirSync(OUT, { recursive: true })
fs.writeFileSync(path.join(OUT, 'trust-list.json'), JSON.stringify(trust, null, 2) + '\n')
for (const [name, v] of Object.entries(vectors)) fs.writeFileSync(path.join(OUT, `${name}.json`), JSON.stringify({ now: NOW, ...v }, null, 2) + '\n')
fs.writeFileSync(path.join(OUT, 'malformed.json'), JSON.stringify({ now: NOW, description: '各种格式错误的核验码', codes: malformed, expected: { status: 'malformed' } }, null, 2) + '\n')
process.stdout.write(`wrote ${Object.keys(vectors).length + 2} files to ${OUT}\n`)
