/**
 * Prints the BFF's OpenAPI document (as served at /api/openapi.json) to stdout or to the file given:
 * `npx tsx bff/scripts/openapi-dump.ts [out.json]`. Boots in memory; nothing is written to disk.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bootstrap } from '../src/bootstrap'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/lib/logger'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-openapi-'))
const bff = await bootstrap(loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'http://localhost:8787' }), {
  inMemory: true,
  logger: createLogger('error', { svc: 'bff' }, () => {}),
})
try {
  const res = await bff.app.request('/api/openapi.json')
  if (res.status !== 200) throw new Error(`GET /api/openapi.json: ${res.status}`)
  const text = JSON.stringify(await res.json(), null, 2) + '\n'
  if (process.argv[2]) fs.writeFileSync(process.argv[2], text)
  else process.stdout.write(text)
} finally {
  await bff.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
}
