/**
 * 我的证明: the 查询结果证明 this BFF asked the registry for. The file itself is never stored (it is
 * fetched from the registry at each download); names and ID numbers only sealed (SM4), people only
 * by blind index. The QR code text is no personal data (proof number, key id, expiry, signature).
 */
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../../db/columns'

export const proofs = pgTable(
  'proofs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proofNo: text('proof_no').notNull().unique(),
    /** Blind index of whoever asked (the subject, or a delegate). */
    requesterIndex: text('requester_index').notNull(),
    requesterNameSealed: text('requester_name_sealed').notNull(),
    /** The app's key of the request (uuid): the same key from the same requester returns this proof. */
    requestId: text('request_id').notNull(),
    /** Whom the proof is about: blind index, ID type, sealed ID number and name, kind. */
    subjectIndex: text('subject_index').notNull(),
    subjectIdType: text('subject_id_type').notNull(),
    subjectIdSealed: text('subject_id_sealed').notNull(),
    subjectNameSealed: text('subject_name_sealed').notNull(),
    subjectKind: text('subject_kind', { enum: ['person', 'organization'] }).notNull(),
    /** The delegation it was asked through (null: the subject asked). */
    grantId: uuid('grant_id'),
    purpose: text('purpose').notNull(),
    unitCount: integer('unit_count').notNull(),
    issuedAt: ts('issued_at').notNull(),
    validUntil: ts('valid_until').notNull(),
    /** The signed verification URL printed as the QR (kind P). */
    qrUrl: text('qr_url').notNull(),
  },
  (t) => [
    uniqueIndex('proofs_request_uq').on(t.requesterIndex, t.requestId),
    index('proofs_requester_idx').on(t.requesterIndex, t.issuedAt),
    index('proofs_subject_idx').on(t.subjectIndex, t.purpose, t.issuedAt),
  ],
)
