/**
 * 不动产登记资料查询结果证明 issued by the simulated registry: one row per proof, with the snapshot
 * of what the registry held in the holder's name at issue (the proof states that moment, whatever
 * happens later).
 */
import { index, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core'
import type { UpstreamProofUnit } from '@bdc/shared/province-contract'
import { province, ts } from '../db/columns'
import { citizens } from '../identity/identity.schema'

/** 流水号 of the proof numbers (the last 6 digits, modulo 10⁶). */
export const proofSerial = province.sequence('proof_serial', { startWith: 1 })

export const proofs = province.table(
  'proofs',
  {
    proofNo: text('proof_no').primaryKey(),
    /** The client's key for the request that issued it (idempotency). */
    requestId: text('request_id').notNull(),
    citizenId: text('citizen_id')
      .notNull()
      .references(() => citizens.id),
    purpose: text('purpose').notNull(),
    issuedAt: ts('issued_at').notNull(),
    validUntil: ts('valid_until').notNull(),
    supersededBy: text('superseded_by'),
    units: jsonb('units').$type<UpstreamProofUnit[]>().notNull(),
  },
  (t) => [uniqueIndex('proofs_request_uq').on(t.requestId), index('proofs_holder_idx').on(t.citizenId, t.purpose, t.issuedAt)],
)
