#!/usr/bin/env node
/**
 * Example client of the institution channel (银行、公积金中心核验接口), Node 20+, no dependencies.
 *
 *   node docs/institution-client.mjs --code '<证书二维码内容>' --id <证件号> \
 *     [--base http://localhost:8787] [--client demo-bank] [--secret <密钥> | --secret-file .data/institution-demo-secret]
 *
 * Against `npm start` (simulator mode) the demo institutions 'demo-bank' and 'demo-hpf' exist and
 * share the secret in .data/institution-demo-secret (the default here). The code is what the
 * certificate's QR code holds (the https://…/v/… address), e.g. from the app's 亮证 page or the PDF.
 *
 * Signing (HMAC-SM3, key = the client secret as UTF-8):
 *   string to sign = METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SM3(body bytes))
 *   X-Bdc-Client, X-Bdc-Timestamp (Unix seconds), X-Bdc-Nonce (fresh, 16–64 of A-Za-z0-9_-), X-Bdc-Signature (hex)
 * Test vector: HMAC-SM3(key "key", "The quick brown fox jumps over the lazy dog")
 *   = bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398 (run with --selftest).
 */
/* eslint-disable no-console -- a command-line example: it prints */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://localhost:8787' },
    client: { type: 'string', default: 'demo-bank' },
    secret: { type: 'string' },
    'secret-file': { type: 'string' },
    code: { type: 'string' },
    id: { type: 'string' },
    selftest: { type: 'boolean', default: false },
  },
})

const hmacSm3 = (key, message) => crypto.createHmac('sm3', key).update(message).digest('hex')
const sm3 = (bytes) => crypto.createHash('sm3').update(bytes).digest('hex')

if (values.selftest) {
  const got = hmacSm3('key', 'The quick brown fox jumps over the lazy dog')
  const ok = got === 'bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398'
  console.log(ok ? 'HMAC-SM3 test vector: OK' : `HMAC-SM3 test vector: WRONG ${got}`)
  process.exit(ok ? 0 : 1)
}
if (!values.code || !values.id) {
  console.error("usage: node docs/institution-client.mjs --code '<证书二维码内容>' --id <证件号> [--base URL] [--client ID] [--secret S | --secret-file FILE]")
  process.exit(2)
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const secret = values.secret ?? fs.readFileSync(values['secret-file'] ?? path.join(repoRoot, '.data', 'institution-demo-secret'), 'utf8').trim()

/** One signed POST; the body is sent exactly as it was hashed. */
async function signedPost(pathname, payload) {
  const body = Buffer.from(JSON.stringify(payload), 'utf8')
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = crypto.randomBytes(16).toString('base64url')
  const signature = hmacSm3(secret, ['POST', pathname, timestamp, nonce, sm3(body)].join('\n'))
  const res = await fetch(new URL(pathname, values.base), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'X-Bdc-Client': values.client,
      'X-Bdc-Timestamp': timestamp,
      'X-Bdc-Nonce': nonce,
      'X-Bdc-Signature': signature,
    },
    body,
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() }
}

const r = await signedPost('/inst/v1/holder-check', { code: values.code, idNumber: values.id })
console.log(`HTTP ${r.status}${r.retryAfter ? ` (Retry-After: ${r.retryAfter}s)` : ''}`)
console.log(JSON.stringify(r.body, null, 2))
if (r.status === 200) {
  const b = r.body
  console.log(`\n核验结果：${b.verification.title}`)
  if (b.consented) {
    const f = b.restrictions
    console.log(`权利人授权：${b.consent.purposeLabel}（至 ${b.consent.expiresAt}）`)
    console.log(`该证件号${b.holder ? '是' : '不是'}此证书的权利人`)
    console.log(`抵押：${f.mortgage ? '有' : '无'}  查封：${f.sealed ? '有' : '无'}  异议：${f.objection ? '有' : '无'}  预告：${f.advanceNotice ? '有' : '无'}`)
  } else console.log('未获权利人授权：只有公开的脱敏核验结果')
}
process.exitCode = r.status === 200 ? 0 : 1
