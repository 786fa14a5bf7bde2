/**
 * The audit commands (bff/scripts/audit.ts; root scripts audit:verify, audit:export, audit:purge):
 *
 *   verify [--from DATE] [--to DATE] [--checkpoints DIR]… [--trust KEYFILE]…
 *   export --from DATE --to DATE [--action ACTION] [--out FILE]      (CSV; stdout without --out)
 *   purge  --before DATE                                             (retention: see purge.ts)
 *
 * DATE is a Beijing calendar day (YYYY-MM-DD; --to includes that whole day) or an ISO time.
 * The database is the BFF's (DATABASE_URL, or the PGlite folder DATA_DIR/bff — stop the BFF first:
 * PGlite has one process). Checkpoints are read from DATA_DIR/audit (plus each --checkpoints DIR, e.g.
 * other instances' folders); trusted keys: DATA_DIR/audit-key.json (BDC_AUDIT_KEY_FILE) and --trust.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { APP_MIGRATIONS } from '../bootstrap'
import { loadConfig } from '../config'
import { openDatabase } from '../db/connect'
import { schema } from '../db/schema'
import { loadOrCreateAuditKey } from '../security/keys'
import { readCheckpoints, type Checkpoint } from './checkpoints'
import { exportCsv } from './export'
import { grantAppRole } from './grants'
import { purgeAudit, PurgeRefused } from './purge'
import { verifyAudit } from './verify'

export interface CliIo {
  env: NodeJS.ProcessEnv
  out: (s: string) => void
  err: (s: string) => void
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A Beijing day's start (or the day after, for an inclusive end), or an ISO time as given. */
export function parseDate(v: string, endOfDay = false): Date {
  if (DAY.test(v)) {
    const d = new Date(`${v}T00:00:00+08:00`)
    if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${v}`)
    return endOfDay ? new Date(d.getTime() + 86_400_000) : d
  }
  const d = new Date(v)
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) throw new Error(`not a date (YYYY-MM-DD or an ISO time): ${v}`)
  return d
}

export async function runAuditCommand(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  let values
  try {
    values = parseArgs({
      args: rest,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        before: { type: 'string' },
        action: { type: 'string' },
        out: { type: 'string' },
        checkpoints: { type: 'string', multiple: true },
        trust: { type: 'string', multiple: true },
        'batch-size': { type: 'string' },
      },
    }).values
  } catch (e) {
    io.err(`${(e as Error).message}\n`)
    return 2
  }
  const config = loadConfig(io.env)
  const from = values.from ? parseDate(values.from) : undefined
  const to = values.to ? parseDate(values.to, true) : undefined
  const open = (asOwner: boolean) =>
    openDatabase({
      schema,
      url: asOwner ? (config.databaseOwnerUrl ?? config.databaseUrl) : config.databaseUrl,
      ownerUrl: asOwner ? undefined : config.databaseOwnerUrl,
      grants: grantAppRole,
      dataDir: path.join(config.dataDir, 'bff'),
      migrationsFolder: APP_MIGRATIONS,
      migrationsTable: '__app_migrations',
      maxConnections: 2,
    })

  if (command === 'verify') {
    const key = loadOrCreateAuditKey(config.dataDir, undefined, { create: false })
    const trustedKeys = [key.publicKey]
    for (const f of values.trust ?? []) trustedKeys.push((JSON.parse(fs.readFileSync(f, 'utf8')) as { publicKey: string }).publicKey)
    const checkpoints: Checkpoint[] = []
    for (const dir of [config.audit.dir, ...(values.checkpoints ?? [])]) {
      const read = readCheckpoints(dir)
      if (read.unreadable.length) {
        io.err(`BROKEN: unreadable checkpoint lines: ${read.unreadable.join(', ')}\n`)
        return 1
      }
      checkpoints.push(...read.checkpoints)
    }
    const database = await open(false)
    try {
      const t0 = performance.now()
      const r = await verifyAudit(database.db, {
        checkpoints,
        trustedKeys,
        verifySignature: (m, s, k) => key.verify(m, s, k),
        from,
        to,
        batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
      })
      const secs = ((performance.now() - t0) / 1000).toFixed(1)
      if (!r.ok) {
        const b = r.broken!
        io.err(`BROKEN at chain ${b.chain} seq ${b.seq}${b.id !== null ? ` (row id ${b.id})` : ''}: ${b.reason}\n`)
        io.err(`checked ${r.rows} rows before it, ${r.checkpoints} checkpoints, in ${secs} s\n`)
        return 1
      }
      io.out(
        `audit trail intact: ${r.rows} rows in ${r.chains} chain(s), ${r.checkpoints} signed checkpoints verified, ` +
          `${r.uncheckpointed} rows after the last checkpoint of their chain; ${secs} s\n`,
      )
      return 0
    } finally {
      await database.close()
    }
  }

  if (command === 'export') {
    if (!from || !to) {
      io.err('usage: audit:export -- --from DATE --to DATE [--action ACTION] [--out FILE]\n')
      return 2
    }
    const database = await open(false)
    const fd = values.out ? fs.openSync(values.out, 'w', 0o600) : null
    try {
      const n = await exportCsv(database.db, { from, to, action: values.action }, (chunk) => {
        if (fd !== null) fs.writeSync(fd, chunk)
        else io.out(chunk)
      })
      io.err(`${n} audit rows exported${values.out ? ` to ${values.out}` : ''}\n`)
      return 0
    } finally {
      if (fd !== null) fs.closeSync(fd)
      await database.close()
    }
  }

  if (command === 'purge') {
    if (!values.before) {
      io.err('usage: audit:purge -- --before DATE\n')
      return 2
    }
    const key = loadOrCreateAuditKey(config.dataDir, undefined, { create: false })
    const read = readCheckpoints(config.audit.dir)
    const checkpoints: Checkpoint[] = [...read.checkpoints]
    for (const dir of values.checkpoints ?? []) checkpoints.push(...readCheckpoints(dir).checkpoints)
    // as the owner role: the only role whose delete the trigger lets through
    const database = await open(true)
    try {
      const r = await purgeAudit(database.db, { before: parseDate(values.before), now: new Date(), key, checkpoints, auditDir: config.audit.dir })
      io.out(r.rows ? `archived and deleted ${r.rows} audit rows of ${r.chains} chain(s): ${r.archive}\n` : 'no audit rows older than that: nothing to do\n')
      return 0
    } catch (e) {
      if (e instanceof PurgeRefused) {
        io.err(`refused: ${e.message}\n`)
        return 1
      }
      throw e
    } finally {
      await database.close()
    }
  }

  io.err('usage: audit.ts verify|export|purge [options] (see bff/src/audit/cli.ts)\n')
  return 2
}
