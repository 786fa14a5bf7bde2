/**
 * Writing audit rows. Each database handle (one per BFF instance) owns a chain of its own, so
 * instances never lock each other; within the instance, events are group-committed (lib/group-commit):
 * the events of concurrent requests go into one INSERT, each caller answered only once its row is
 * written. No lock is taken: the chain's head lives in this process, and the unique (chain, seq)
 * index refuses a second writer on the same chain. After a failed write the head is re-read from the
 * database before the next batch.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { desc, eq } from 'drizzle-orm'
import type { Db } from '../db/connect'
import { auditLog, type AppSchema } from '../db/schema'
import { preparedStatement } from '../lib/db-rows'
import { groupCommit, type GroupCommit } from '../lib/group-commit'
import { auditHash, GENESIS, type AuditEvent, type ChainHead } from './chain'

interface ChainWriter {
  head: ChainHead
  /** The head must be re-read before the next write (the last write failed). */
  stale: boolean
  commit: GroupCommit<AuditEvent, void>
}

const writers = new WeakMap<object, ChainWriter>()

/**
 * A batch's rows in one prepared statement of fixed text (one array per column): the writer sits on
 * the hot path of every audited request, and building a many-row INSERT with the query builder cost
 * more CPU than writing it.
 */
const insertRows = preparedStatement(`
  insert into audit_log (chain, seq, at, action, actor, session_id, request_id, client_request_id, target, outcome, prev_hash, hash)
  select * from unnest($1::text[], $2::int8[], $3::text[]::timestamptz[], $4::text[], $5::text[], $6::text[]::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`)

/** A new chain id: where and when it started, and a random part (two instances never share one). */
function newChainId(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9-]/g, '').slice(0, 16) || 'host'
  return `${host}-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`
}

function writerFor(db: Db<AppSchema>): ChainWriter {
  const w = writers.get(db)
  if (w) return w
  const writer: ChainWriter = {
    head: { chain: newChainId(), seq: 0, hash: GENESIS },
    stale: false,
    commit: groupCommit<AuditEvent, void>(async (events) => {
      if (writer.stale) {
        const last = await db
          .select({ seq: auditLog.seq, hash: auditLog.hash })
          .from(auditLog)
          .where(eq(auditLog.chain, writer.head.chain))
          .orderBy(desc(auditLog.seq))
          .limit(1)
        writer.head = { chain: writer.head.chain, seq: last[0]?.seq ?? 0, hash: last[0]?.hash ?? GENESIS }
        writer.stale = false
      }
      let { seq, hash } = writer.head
      const rows = events.map((e) => {
        const content = {
          chain: writer.head.chain,
          seq: ++seq,
          at: new Date(),
          action: e.action,
          actor: e.actor ?? null,
          sessionId: e.sessionId ?? null,
          requestId: e.requestId ?? null,
          clientRequestId: e.clientRequestId ?? null,
          target: e.target ?? null,
          outcome: e.outcome,
          prevHash: hash,
        }
        hash = auditHash(content)
        return { ...content, hash }
      })
      try {
        await insertRows(db, [
          rows.map((r) => r.chain),
          rows.map((r) => r.seq),
          rows.map((r) => r.at.toISOString()),
          rows.map((r) => r.action),
          rows.map((r) => r.actor),
          rows.map((r) => r.sessionId),
          rows.map((r) => r.requestId),
          rows.map((r) => r.clientRequestId),
          rows.map((r) => r.target),
          rows.map((r) => r.outcome),
          rows.map((r) => r.prevHash),
          rows.map((r) => r.hash),
        ])
      } catch (e) {
        writer.stale = true
        throw e
      }
      writer.head = { chain: writer.head.chain, seq, hash }
      return events.map(() => undefined)
    }),
  }
  writers.set(db, writer)
  return writer
}

/** Appends an event to this instance's chain; resolves once it is written. */
export function audit(db: Db<AppSchema>, e: AuditEvent): Promise<void> {
  return writerFor(db).commit.push(e)
}

/** The head of this instance's chain as written so far (seq 0: nothing written yet). */
export async function chainHead(db: Db<AppSchema>): Promise<ChainHead> {
  const w = writerFor(db)
  await w.commit.drain()
  return { ...w.head }
}
