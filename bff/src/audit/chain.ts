/**
 * The audit trail's hash chains. Each BFF instance appends to a chain of its own (id `chain`,
 * gap-free `seq` from 1), so instances never wait for each other; each row's SM3 hash covers its
 * content, its place (chain, seq) and the previous row's hash in that chain. Signed checkpoints of
 * the chain heads, kept outside the database (checkpoints.ts), make re-chaining after an edit and
 * deleting the tail detectable (verify.ts).
 */
import { sm3Hex } from '../security/crypto'

export const GENESIS = '0'.repeat(64)
/** Rows written before the chains existed: one chain, hashed the old way. */
export const LEGACY_CHAIN = 'legacy'

export interface AuditEvent {
  action: string
  /** Blind index of the acting citizen, never a name or ID number. */
  actor?: string | null
  sessionId?: string | null
  /** The id this server assigned to the request. */
  requestId?: string | null
  /** An X-Request-Id sent by the client: kept apart, never taken as ours. */
  clientRequestId?: string | null
  /** What was acted on, e.g. a unit code (not personal data). */
  target?: string | null
  outcome: 'ok' | 'denied' | 'failed'
}

/** Records an action of the current request (actor, session and request ids filled in by the caller's binding). */
export type RequestAudit = (e: Pick<AuditEvent, 'action' | 'target' | 'outcome'>) => Promise<void>

export interface AuditRowContent {
  chain: string
  seq: number
  at: Date
  action: string
  actor: string | null
  sessionId: string | null
  requestId: string | null
  clientRequestId: string | null
  target: string | null
  outcome: string
  prevHash: string
}

export function auditCanonical(row: AuditRowContent): string {
  if (row.chain === LEGACY_CHAIN) {
    return JSON.stringify([row.prevHash, row.at.toISOString(), row.action, row.actor, row.sessionId, row.requestId, row.target, row.outcome])
  }
  return JSON.stringify([
    row.chain,
    row.seq,
    row.prevHash,
    row.at.toISOString(),
    row.action,
    row.actor,
    row.sessionId,
    row.requestId,
    row.clientRequestId,
    row.target,
    row.outcome,
  ])
}

export const auditHash = (row: AuditRowContent) => sm3Hex(auditCanonical(row))

/** A chain's head: the last row written (seq 0 and GENESIS for a chain with no row yet). */
export interface ChainHead {
  chain: string
  seq: number
  hash: string
}
