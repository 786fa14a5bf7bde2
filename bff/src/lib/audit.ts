import { desc, sql } from 'drizzle-orm'
import type { Db } from '../db/connect'
import { auditLog, type AppSchema } from '../db/schema'
import { sm3Hex } from '../security/crypto'

export interface AuditEvent {
  action: string
  /** Blind index of the acting citizen, never a name or ID number. */
  actor?: string | null
  sessionId?: string | null
  requestId?: string | null
  /** What was acted on, e.g. a unit code (not personal data). */
  target?: string | null
  outcome: 'ok' | 'denied' | 'failed'
}

/** Records an action of the current request (actor, session and request ids filled in by the caller's binding). */
export type RequestAudit = (e: Pick<AuditEvent, 'action' | 'target' | 'outcome'>) => Promise<void>

const GENESIS = '0'.repeat(64)

/**
 * Appends to the hash chain. An advisory lock serialises writers across BFF instances so the
 * chain stays linear; the transaction holds no upstream call, so PGlite's single connection is
 * blocked only for two statements.
 */
export async function audit(db: Db<AppSchema>, e: AuditEvent): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`)
    const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1)
    const prevHash = last[0]?.hash ?? GENESIS
    const at = new Date()
    const row = {
      at,
      action: e.action,
      actor: e.actor ?? null,
      sessionId: e.sessionId ?? null,
      requestId: e.requestId ?? null,
      target: e.target ?? null,
      outcome: e.outcome,
      prevHash,
    }
    const hash = sm3Hex(auditCanonical(row))
    await tx.insert(auditLog).values({ ...row, hash })
  })
}

export function auditCanonical(row: {
  at: Date
  action: string
  actor: string | null
  sessionId: string | null
  requestId: string | null
  target: string | null
  outcome: string
  prevHash: string
}): string {
  return JSON.stringify([row.prevHash, row.at.toISOString(), row.action, row.actor, row.sessionId, row.requestId, row.target, row.outcome])
}

/** Recomputes the chain; returns the id of the first broken row, or null when intact. */
export async function verifyAuditChain(db: Db<AppSchema>): Promise<number | null> {
  const rows = await db.select().from(auditLog).orderBy(auditLog.id)
  let prev = GENESIS
  for (const r of rows) {
    if (r.prevHash !== prev || sm3Hex(auditCanonical(r)) !== r.hash) return r.id
    prev = r.hash
  }
  return null
}
