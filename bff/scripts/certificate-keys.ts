/**
 * Writes a certificate key file (DATA_DIR/certificate-keys.json format): a fresh active SM2 signing
 * key and a retired-but-trusted one, plus, with --trust, the public halves of another trust list
 * (keys this deployment verifies but never signs with, e.g. another registry's or test vectors').
 * A deployment mounts its own file; this is how to make one.
 *
 *   npx tsx bff/scripts/certificate-keys.ts --out FILE [--trust trust-list.json]
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { freshKeyFile } from '../src/features/certificates/certificates.signing-keys'

const { values } = parseArgs({ options: { out: { type: 'string' }, trust: { type: 'string' } } })
if (!values.out) {
  console.error('usage: certificate-keys.ts --out FILE [--trust trust-list.json]')
  process.exit(2)
}
const file = freshKeyFile(new Date())
if (values.trust) {
  const list = JSON.parse(fs.readFileSync(values.trust, 'utf8')) as { keys: { kid: string; publicKey: string; validFrom: string; signUntil: string | null }[] }
  for (const k of list.keys) file.keys.push({ kid: k.kid, publicKey: k.publicKey, validFrom: k.validFrom, signUntil: k.signUntil })
}
fs.writeFileSync(values.out, JSON.stringify(file, null, 2), { mode: 0o600 })
