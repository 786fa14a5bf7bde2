/**
 * `npm run bench` (audit part 2) — `audit:verify` over 1 M audit rows on a real PostgreSQL
 * (throwaway cluster, owner and app roles): builds one valid chain of 1 000 000 rows (hashes computed
 * here, inserted in batches of 5 000 as the owner) with a signed checkpoint every 100 000 rows, then
 * runs the verify command as the app role and prints its wall time, rows/s and the process's peak
 * RSS (constant memory: rows are streamed in batches). Never fails on speed.
 *   tsx bench/audit-verify.ts [--rows N]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { startPgCluster } from '@bdc/shared/testing/pg-cluster'
import { appendCheckpoints, auditHash, GENESIS, grantAppRole, signCheckpoint, type Checkpoint } from '../src/audit/index'
import { runAuditCommand } from '../src/audit/cli'
import { APP_MIGRATIONS } from '../src/bootstrap'
import { openDatabase } from '../src/db/connect'
import { schema } from '../src/db/schema'
import { loadOrCreateAuditKey } from '../src/security/keys'

const out = (s = '') => process.stdout.write(s + '\n')
const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } })
const ROWS = Number(values.rows)
const BATCH = 5000
const EVERY = 100_000

async function main() {
  out(`# audit verify bench (${ROWS.toLocaleString('en')} rows) on ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} (the machine is shared)`)
  const pg = await startPgCluster()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-bench-audit-verify-'))
  try {
    const { url, ownerUrl } = await pg.createDatabaseWithRoles('verify_bench')
    const migrated = await openDatabase({ schema, url, ownerUrl, grants: grantAppRole, migrationsFolder: APP_MIGRATIONS, migrationsTable: '__app_migrations', maxConnections: 1 })
    await migrated.close()
    const key = loadOrCreateAuditKey(dir)
    const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} })
    const chain = `bench-${Date.now().toString(36)}`
    const t0 = performance.now()
    let prev = GENESIS
    const start = Date.now() - ROWS * 10
    const checkpoints: Checkpoint[] = []
    for (let base = 0; base < ROWS; base += BATCH) {
      const rows = []
      for (let i = base + 1; i <= Math.min(ROWS, base + BATCH); i++) {
        const content = {
          chain,
          seq: i,
          at: new Date(start + i * 10),
          action: i % 3 ? 'property.view' : 'certificate.view',
          actor: `actor${i % 5000}`,
          sessionId: null,
          requestId: `r${i}`,
          clientRequestId: null,
          target: `510104${String(i).padStart(9, '0')}`,
          outcome: 'ok',
          prevHash: prev,
        }
        prev = auditHash(content)
        rows.push({
          chain,
          seq: i,
          at: content.at,
          action: content.action,
          actor: content.actor,
          request_id: content.requestId,
          target: content.target,
          outcome: 'ok',
          prev_hash: content.prevHash,
          hash: prev,
        })
        if (i % EVERY === 0) checkpoints.push(signCheckpoint(key, { chain, seq: i, hash: prev }, 'head', content.at))
      }
      await owner`insert into audit_log ${owner(rows)}`
    }
    appendCheckpoints(path.join(dir, 'audit'), checkpoints)
    await owner.end()
    out(`built ${ROWS.toLocaleString('en')} chained rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (${checkpoints.length} signed checkpoints)`)

    let peak = process.memoryUsage().rss
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
    const rssBefore = process.memoryUsage().rss
    const t1 = performance.now()
    let said = ''
    const code = await runAuditCommand(['verify'], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: url, DATABASE_OWNER_URL: ownerUrl },
      out: (s) => (said += s),
      err: (s) => (said += s),
    })
    const secs = (performance.now() - t1) / 1000
    clearInterval(sampler)
    out(`npm run audit:verify over ${ROWS.toLocaleString('en')} rows: ${secs.toFixed(1)} s (${Math.round(ROWS / secs).toLocaleString('en')} rows/s), exit ${code}; RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB`)
    out(`  ${said.trim()}`)
  } finally {
    await pg.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
