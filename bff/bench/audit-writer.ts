/**
 * Child of bench/audit.ts: appends audit events for `seconds` from `concurrency` loops and prints
 * `{"events": n}`. Mode `chains`: the real writer (this process's own chain, group commit); mode
 * `lock`: the former design (one global advisory lock per event, head read under it), for comparison.
 *   tsx bench/audit-writer.ts <app url> <owner url> <chains|lock> <seconds> <concurrency>
 */
import { desc, eq, sql } from 'drizzle-orm'
import { audit, grantAppRole } from '../src/audit/index'
import { auditHash, GENESIS } from '../src/audit/chain'
import { openDatabase } from '../src/db/connect'
import { auditLog, schema } from '../src/db/schema'
import { APP_MIGRATIONS } from '../src/bootstrap'

const [url, ownerUrl, mode, seconds, concurrency] = process.argv.slice(2)
const { db, close } = await openDatabase({ schema, url, ownerUrl, grants: grantAppRole, migrationsFolder: APP_MIGRATIONS, migrationsTable: '__app_migrations', maxConnections: 20 })

async function lockedAppend(i: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`)
    const last = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(eq(auditLog.chain, 'bench-lock')).orderBy(desc(auditLog.seq)).limit(1)
    const content = {
      chain: 'bench-lock',
      seq: (last[0]?.seq ?? 0) + 1,
      at: new Date(),
      action: 'bench.write',
      actor: `a${i}`,
      sessionId: null,
      requestId: `r${i}`,
      clientRequestId: null,
      target: `u${i}`,
      outcome: 'ok',
      prevHash: last[0]?.hash ?? GENESIS,
    }
    await tx.insert(auditLog).values({ ...content, hash: auditHash(content) })
  })
}

const until = Date.now() + Number(seconds) * 1000
let events = 0
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (Date.now() < until) {
      const i = events++
      if (mode === 'lock') await lockedAppend(i)
      else await audit(db, { action: 'bench.write', actor: `a${i}`, requestId: `r${i}`, target: `u${i}`, outcome: 'ok' })
    }
  }),
)
await close()
process.stdout.write(JSON.stringify({ events }) + '\n')
