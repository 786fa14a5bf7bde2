/**
 * Retention (npm run audit:purge -- --before DATE): audit rows are kept for at least 365 days; the
 * command refuses any cut-off younger than that. Older rows — for each chain, the run of rows from
 * its start that are all older than the cut-off — are first verified (a broken trail is never
 * archived), then written with the checkpoints that cover them to a gzip JSONL file under
 * DATA_DIR/audit/archive/, then deleted in ONE transaction as the owner role (the only delete the
 * trigger lets through). For each chain an 'anchor' checkpoint signed with the audit key names the
 * last archived row, so verification of the remaining chain starts from it.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm'
import type { Db } from '../db/connect'
import { auditLog, type AppSchema } from '../db/schema'
import type { AuditKey } from '../security/keys'
import { appendCheckpoints, signCheckpoint, type Checkpoint } from './checkpoints'
import { verifyAudit } from './verify'

export const RETENTION_DAYS = 365

export class PurgeRefused extends Error {}

export interface PurgeResult {
  rows: number
  chains: number
  archive: string | null
}

export async function purgeAudit(
  db: Db<AppSchema>,
  opts: { before: Date; now: Date; key: AuditKey; checkpoints: Checkpoint[]; auditDir: string; batchSize?: number },
): Promise<PurgeResult> {
  const youngest = new Date(opts.now.getTime() - RETENTION_DAYS * 86_400_000)
  if (opts.before.getTime() > youngest.getTime()) {
    throw new PurgeRefused(`audit rows are kept for ${RETENTION_DAYS} days: --before must be on or before ${youngest.toISOString().slice(0, 10)}`)
  }
  const checked = await verifyAudit(db, {
    checkpoints: opts.checkpoints,
    trustedKeys: [opts.key.publicKey],
    verifySignature: (m, s, k) => opts.key.verify(m, s, k),
  })
  if (!checked.ok) {
    const b = checked.broken!
    throw new PurgeRefused(`the trail does not verify (chain ${b.chain} seq ${b.seq}: ${b.reason}); nothing archived or deleted`)
  }

  // per chain: the last seq such that it and every row before it are older than the cut-off
  const spans = (await db.execute(sql`
    select o.chain, least(o.last_old, coalesce(n.first_new - 1, o.last_old))::bigint as up_to
    from (select chain, max(seq) as last_old from audit_log where at < ${opts.before.toISOString()}::timestamptz group by chain) o
    left join (select chain, min(seq) as first_new from audit_log where at >= ${opts.before.toISOString()}::timestamptz group by chain) n on n.chain = o.chain
  `)) as unknown as { chain: string; up_to: string | number }[] | { rows: { chain: string; up_to: string | number }[] }
  const list = (Array.isArray(spans) ? spans : spans.rows).map((s) => ({ chain: s.chain, upTo: Number(s.up_to) })).filter((s) => s.upTo > 0)
  if (!list.length) return { rows: 0, chains: 0, archive: null }

  const archiveDir = path.join(opts.auditDir, 'archive')
  fs.mkdirSync(archiveDir, { recursive: true })
  const stamp = opts.now.toISOString().replace(/[:.]/g, '-')
  const final = path.join(archiveDir, `audit-before-${opts.before.toISOString().slice(0, 10)}-${stamp}.jsonl.gz`)
  const partial = final + '.partial'
  const gzip = zlib.createGzip()
  const file = fs.createWriteStream(partial, { mode: 0o600 })
  const done = new Promise<void>((resolve, reject) => {
    file.on('finish', resolve)
    file.on('error', reject)
    gzip.on('error', reject)
  })
  gzip.pipe(file)
  const put = (o: unknown) => new Promise<void>((r) => (gzip.write(JSON.stringify(o) + '\n') ? r() : gzip.once('drain', () => r())))

  const anchors: Checkpoint[] = []
  let rows = 0
  const batchSize = opts.batchSize ?? 5000
  for (const { chain, upTo } of list) {
    let after = 0
    let last: { seq: number; hash: string } | undefined
    for (;;) {
      const page = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.chain, chain), gt(auditLog.seq, after), lte(auditLog.seq, upTo)))
        .orderBy(asc(auditLog.seq))
        .limit(batchSize)
      for (const r of page) await put({ type: 'row', ...r, at: r.at.toISOString() })
      rows += page.length
      if (page.length) last = page[page.length - 1]!
      if (page.length < batchSize) break
      after = last!.seq
    }
    for (const cp of opts.checkpoints) if (cp.chain === chain && cp.seq <= upTo) await put({ type: 'checkpoint', ...cp })
    const anchor = signCheckpoint(opts.key, { chain, seq: last!.seq, hash: last!.hash }, 'anchor', opts.now)
    await put({ type: 'checkpoint', ...anchor })
    anchors.push(anchor)
  }
  gzip.end()
  await done
  const fd = fs.openSync(partial, 'r')
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  // the anchors are outside the database before any row goes
  appendCheckpoints(opts.auditDir, anchors)

  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('bdc.audit_purge', 'on', true)`)
    for (const { chain, upTo } of list) await tx.delete(auditLog).where(and(eq(auditLog.chain, chain), lte(auditLog.seq, upTo)))
  })
  fs.renameSync(partial, final)
  return { rows, chains: list.length, archive: final }
}
