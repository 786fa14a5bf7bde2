/**
 * Verifies the audit trail (npm run audit:verify): streams every chain in (chain, seq) order in
 * batches (constant memory: one previous hash per chain at a time), and checks
 *   - each row's hash over its content and each link to the previous row of its chain;
 *   - that seq runs without a gap, from 1 or from the retention purge's anchor checkpoint;
 *   - every checkpoint: its signature (by a trusted audit key), and that the row it names exists
 *     with exactly the hash it signed — so re-chaining after an edit, deleting a middle row and
 *     re-chaining, and deleting the tail are all found.
 * Stops at the first broken row and says what is wrong there.
 */
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm'
import type { Db } from '../db/connect'
import { auditLog, type AppSchema } from '../db/schema'
import { auditHash, GENESIS } from './chain'
import { checkpointMessage, type Checkpoint } from './checkpoints'

export interface VerifyOptions {
  checkpoints: (Checkpoint & { file?: string; line?: number })[]
  /** Public keys (uncompressed hex) whose checkpoint signatures are trusted. */
  trustedKeys: string[]
  verifySignature(message: string, signatureHex: string, publicKeyHex: string): boolean
  from?: Date
  to?: Date
  batchSize?: number
  onProgress?: (rows: number) => void
}

export interface Broken {
  chain: string
  seq: number
  id: number | null
  reason: string
}

export interface VerifyResult {
  ok: boolean
  rows: number
  chains: number
  checkpoints: number
  /** Rows after the last checkpoint of their chain (covered by the next one). */
  uncheckpointed: number
  broken?: Broken
}

interface ChainCheckpoints {
  /** seq → hash of 'head' checkpoints */
  heads: Map<number, string>
  maxHead: number
  /** the purge's anchor: rows up to it were archived */
  anchor?: { seq: number; hash: string }
}

export async function verifyAudit(db: Db<AppSchema>, opts: VerifyOptions): Promise<VerifyResult> {
  const trusted = new Set(opts.trustedKeys)
  const byChain = new Map<string, ChainCheckpoints>()
  const result: VerifyResult = { ok: true, rows: 0, chains: 0, checkpoints: 0, uncheckpointed: 0 }
  const fail = (b: Broken): VerifyResult => ({ ...result, ok: false, broken: b })

  for (const cp of opts.checkpoints) {
    const where = cp.file ? ` (${cp.file}:${cp.line})` : ''
    if (!trusted.has(cp.publicKey)) return fail({ chain: cp.chain, seq: cp.seq, id: null, reason: `checkpoint signed by an untrusted key ${cp.kid}${where}` })
    if (!opts.verifySignature(checkpointMessage(cp), cp.signature, cp.publicKey)) {
      return fail({ chain: cp.chain, seq: cp.seq, id: null, reason: `checkpoint signature invalid${where}` })
    }
    let c = byChain.get(cp.chain)
    if (!c) byChain.set(cp.chain, (c = { heads: new Map(), maxHead: 0 }))
    if (cp.kind === 'anchor') {
      if (!c.anchor || cp.seq > c.anchor.seq) c.anchor = { seq: cp.seq, hash: cp.hash }
    } else {
      const known = c.heads.get(cp.seq)
      if (known && known !== cp.hash) return fail({ chain: cp.chain, seq: cp.seq, id: null, reason: `two checkpoints disagree on this row's hash${where}` })
      c.heads.set(cp.seq, cp.hash)
      c.maxHead = Math.max(c.maxHead, cp.seq)
    }
    result.checkpoints++
  }

  const inRange = and(opts.from ? gte(auditLog.at, opts.from) : undefined, opts.to ? lt(auditLog.at, opts.to) : undefined)
  const rowAt = async (chain: string, seq: number) =>
    (await db.select({ hash: auditLog.hash }).from(auditLog).where(and(eq(auditLog.chain, chain), eq(auditLog.seq, seq))).limit(1))[0]

  /** At a chain's end: the last checkpointed row must exist (else the tail was deleted). */
  async function closeChain(chain: string, lastSeq: number): Promise<Broken | null> {
    const c = byChain.get(chain)
    if (!c || c.maxHead <= lastSeq || c.maxHead <= (c.anchor?.seq ?? 0)) return null
    if (opts.to && (await rowAt(chain, c.maxHead))) return null // beyond the range asked for, and there
    return { chain, seq: c.maxHead, id: null, reason: `checkpointed row missing: rows ${lastSeq + 1}–${c.maxHead} (at least) were deleted` }
  }

  const batchSize = opts.batchSize ?? 5000
  let chain: string | null = null
  let expectSeq = 0
  let prevHash = GENESIS
  let lastCheckpointed = 0
  const seen = new Set<string>()
  let after: { chain: string; seq: number } | null = null
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(inRange, after ? sql`(${auditLog.chain}, ${auditLog.seq}) > (${after.chain}, ${after.seq})` : undefined))
      .orderBy(asc(auditLog.chain), asc(auditLog.seq))
      .limit(batchSize)
    for (const r of page) {
      if (r.chain !== chain) {
        if (chain !== null) {
          const b = await closeChain(chain, expectSeq - 1)
          if (b) return fail(b)
          result.uncheckpointed += expectSeq - 1 - lastCheckpointed
        }
        chain = r.chain
        seen.add(chain)
        result.chains++
        const anchor = byChain.get(chain)?.anchor
        lastCheckpointed = 0
        if (r.seq === 1) {
          expectSeq = 1
          prevHash = GENESIS
        } else if (anchor && r.seq === anchor.seq + 1) {
          expectSeq = r.seq
          prevHash = anchor.hash
        } else if (opts.from) {
          const prev = await rowAt(chain, r.seq - 1)
          if (!prev) return fail({ chain, seq: r.seq, id: r.id, reason: `the row before it (seq ${r.seq - 1}) is missing` })
          expectSeq = r.seq
          prevHash = prev.hash
        } else {
          return fail({ chain, seq: r.seq, id: r.id, reason: `rows ${(anchor?.seq ?? 0) + 1}–${r.seq - 1} at the start of the chain are missing (no archive anchor covers them)` })
        }
      }
      if (r.seq !== expectSeq) return fail({ chain: r.chain, seq: r.seq, id: r.id, reason: `rows ${expectSeq}–${r.seq - 1} are missing before it` })
      if (r.prevHash !== prevHash) return fail({ chain: r.chain, seq: r.seq, id: r.id, reason: 'its link to the previous row does not match (a row before it was changed or removed)' })
      const hash = auditHash(r)
      if (hash !== r.hash) return fail({ chain: r.chain, seq: r.seq, id: r.id, reason: 'its content does not match its hash (the row was edited)' })
      const signed = byChain.get(r.chain)?.heads.get(r.seq)
      if (signed !== undefined) {
        if (signed !== r.hash) {
          return fail({
            chain: r.chain,
            seq: r.seq,
            id: r.id,
            reason: `differs from the signed checkpoint: rows ${lastCheckpointed + 1}–${r.seq} were rewritten and re-chained`,
          })
        }
        lastCheckpointed = r.seq
      }
      prevHash = r.hash
      expectSeq++
      result.rows++
    }
    opts.onProgress?.(result.rows)
    if (page.length < batchSize) break
    const last: { chain: string; seq: number } = page[page.length - 1]!
    after = { chain: last.chain, seq: last.seq }
  }
  if (chain !== null) {
    const b = await closeChain(chain, expectSeq - 1)
    if (b) return fail(b)
    result.uncheckpointed += expectSeq - 1 - lastCheckpointed
  }
  // chains with checkpoints but no row left at all
  for (const [c, cps] of byChain) {
    if (seen.has(c) || cps.maxHead <= (cps.anchor?.seq ?? 0)) continue
    // out of the range asked for is fine, if the checkpointed row is there
    if ((opts.from || opts.to) && (await rowAt(c, cps.maxHead))) continue
    return fail({ chain: c, seq: cps.maxHead, id: null, reason: `the whole chain is missing (checkpointed up to seq ${cps.maxHead})` })
  }
  return result
}
