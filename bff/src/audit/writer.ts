/**
 * Writing audit rows. Each database handle (one per BFF instance) owns a chain of its own, so
 * instances never lock each other; within the instance, events are group-committed: the events of
 * concurrent requests go into one INSERT, each caller answered only once its row is
 * written. No lock is taken: the chain's head lives in this process, and the unique (chain, seq)
 * index refuses a second writer on the same chain. After a failed write the head is re-read from the
 * database before the next batch. One batch at a time is in flight, so seq stays gap-free.
 *
 * A batch is written either by the writer's own INSERT or carried by another statement of this
 * instance that runs at that moment anyway (auditRowsToCarry: the certificate verification's
 * settle statement inserts the rows of the verifications answered just before — a public,
 * high-volume endpoint whose every answer is audited).
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { desc, eq } from 'drizzle-orm'
import type { Db } from '../db/connect'
import { auditLog, type AppSchema } from '../db/schema'
import { columnsOf, preparedStatement } from '../lib/db-rows'
import { auditHash, GENESIS, type AuditEvent, type ChainHead } from './chain'

/** The columns of a batch of audit rows, in the order of AUDIT_ROW_COLUMNS (one array per column). */
export type AuditColumns = unknown[][]

/**
 * The audit rows of a batch as an `unnest` over twelve parameters starting at `$first`, to be put
 * in a statement as `insert into audit_log … select * from <this>` — by the writer's own statement
 * and by a statement that carries the rows of the moment (auditRowsToCarry).
 */
export function auditRowsUnnest(first: number): string {
  return `unnest(${AUDIT_PARAM_TYPES.map((t, i) => `$${first + i}::${t}`).join(', ')})`
}
/** How each column travels (AUDIT_ROW_COLUMNS order): text arrays, cast where the column is not text. */
const AUDIT_PARAM_TYPES = ['text[]', 'int8[]', 'text[]::timestamptz[]', 'text[]', 'text[]', 'text[]::uuid[]', 'text[]', 'text[]', 'text[]', 'text[]', 'text[]', 'text[]']
const AUDIT_ROW_KEYS = ['chain', 'seq', 'at', 'action', 'actor', 'sessionId', 'requestId', 'clientRequestId', 'target', 'outcome', 'prevHash', 'hash'] as const
export const AUDIT_ROW_COLUMNS = 'chain, seq, at, action, actor, session_id, request_id, client_request_id, target, outcome, prev_hash, hash'

/**
 * A batch's rows in one prepared statement of fixed text (one array per column): the writer sits on
 * the hot path of every audited request, and building a many-row INSERT with the query builder cost
 * more CPU than writing it.
 */
const insertRows = preparedStatement(`insert into audit_log (${AUDIT_ROW_COLUMNS}) select * from ${auditRowsUnnest(1)}`)

/** Rows taken from the queue to be written by another statement of this instance; settle with done(). */
export interface CarriedAudit {
  /** The twelve column arrays (empty arrays when there is nothing to carry). */
  columns: AuditColumns
  /** The carrying statement ran (error undefined) or failed: the events' callers are answered accordingly. */
  done(error?: unknown): void
}

interface Pending {
  event: AuditEvent
  resolve: () => void
  reject: (e: unknown) => void
}

interface ChainWriter {
  db: Db<AppSchema>
  head: ChainHead
  /** The head must be re-read before the next write (the last write failed). */
  stale: boolean
  queue: Pending[]
  /** A batch is being written (by the writer or by a carrier): the next one waits, so seq stays gap-free. */
  busy: boolean
  scheduled: boolean
  idle: (() => void)[]
}

const MAX_BATCH = 500
const writers = new WeakMap<object, ChainWriter>()
const EMPTY_COLUMNS: AuditColumns = Array.from({ length: 12 }, () => [])

/** A new chain id: where and when it started, and a random part (two instances never share one). */
function newChainId(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9-]/g, '').slice(0, 16) || 'host'
  return `${host}-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`
}

function writerFor(db: Db<AppSchema>): ChainWriter {
  let w = writers.get(db)
  if (!w) writers.set(db, (w = { db, head: { chain: newChainId(), seq: 0, hash: GENESIS }, stale: false, queue: [], busy: false, scheduled: false, idle: [] }))
  return w
}

/**
 * Cuts the next batch off the queue: gives each event its place in the chain (seq, the previous
 * row's hash) and its hash. The writer is busy until finish() — nothing else is cut meanwhile.
 */
function cut(w: ChainWriter): { batch: Pending[]; columns: AuditColumns; head: ChainHead } {
  const batch = w.queue.splice(0, MAX_BATCH)
  let { seq, hash } = w.head
  const at = new Date()
  const iso = at.toISOString()
  const rows = batch.map(({ event: e }) => {
    const content = {
      chain: w.head.chain,
      seq: ++seq,
      at,
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
    return { ...content, at: iso, hash }
  })
  w.busy = true
  return { batch, columns: columnsOf(rows, AUDIT_ROW_KEYS), head: { chain: w.head.chain, seq, hash } }
}

/** The batch was written (head moves on) or not (its callers get the error; the head is re-read before the next). */
function finish(w: ChainWriter, batch: Pending[], head: ChainHead, error?: unknown) {
  w.busy = false
  if (error === undefined) {
    w.head = head
    for (const p of batch) p.resolve()
  } else {
    w.stale = true
    for (const p of batch) p.reject(error)
  }
  if (w.queue.length) schedule(w)
  else for (const f of w.idle.splice(0)) f()
}

/** The writer's own statement, after the current turn of the loop (the events of one turn go together). */
function schedule(w: ChainWriter) {
  if (w.scheduled) return
  w.scheduled = true
  setImmediate(() => {
    w.scheduled = false
    void writeOwn(w)
  })
}

async function writeOwn(w: ChainWriter) {
  // Busy: the batch in flight will schedule us when it settles. Empty: a carrier took everything.
  if (w.busy || !w.queue.length) return
  w.busy = true
  const { db } = w
  try {
    if (w.stale) {
      const last = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(eq(auditLog.chain, w.head.chain)).orderBy(desc(auditLog.seq)).limit(1)
      w.head = { chain: w.head.chain, seq: last[0]?.seq ?? 0, hash: last[0]?.hash ?? GENESIS }
      w.stale = false
    }
  } catch (e) {
    // The database is away: everything queued fails now (as its own statement would have), the head stays stale.
    w.busy = false
    const failed = w.queue.splice(0)
    for (const p of failed) p.reject(e)
    for (const f of w.idle.splice(0)) f()
    return
  }
  const { batch, columns, head } = cut(w)
  await insertRows(db, columns).then(
    () => finish(w, batch, head),
    (e: unknown) => finish(w, batch, head, e),
  )
}

/**
 * The audit rows queued at this moment, for a statement of this instance that is about to run
 * anyway (the verification's settle statement, on the hottest path) to insert alongside its own
 * work — one statement instead of two. Empty columns when there is nothing to take, the writer is
 * writing a batch itself, or its head must be re-read first (then its own statement does it). The
 * caller MUST call done() once its statement ran or failed.
 */
export function auditRowsToCarry(db: Db<AppSchema>): CarriedAudit {
  const w = writerFor(db)
  if (w.busy || w.stale || !w.queue.length) return { columns: EMPTY_COLUMNS, done: () => {} }
  const { batch, columns, head } = cut(w)
  return { columns, done: (error?: unknown) => finish(w, batch, head, error) }
}

/** Appends an event to this instance's chain; resolves once it is written. */
export function audit(db: Db<AppSchema>, e: AuditEvent): Promise<void> {
  const w = writerFor(db)
  return new Promise<void>((resolve, reject) => {
    w.queue.push({ event: e, resolve, reject })
    schedule(w)
  })
}

/** The head of this instance's chain as written so far (seq 0: nothing written yet). */
export async function chainHead(db: Db<AppSchema>): Promise<ChainHead> {
  const w = writerFor(db)
  while (w.busy || w.queue.length) await new Promise<void>((r) => w.idle.push(r))
  return { ...w.head }
}
