/**
 * The simulated provincial intake (互联网接件) and its progress events (schema `province`). Filled
 * only through the contract (@bdc/shared/province-contract, intake).
 */
import { index, integer, jsonb, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { province, ts } from '../db/columns'

/** Serial part of the unified 接件编码 (区划 + date + serial). */
export const intakeSerial = province.sequence('intake_serial', { startWith: 1 })

export const intakeApplications = province.table(
  'intake_applications',
  {
    receiptNo: text('receipt_no').primaryKey(), // 统一接件编码
    clientId: text('client_id').notNull(),
    clientRef: text('client_ref').notNull(), // the submitting system's own id: the idempotency key
    itemCode: text('item_code').notNull(),
    itemName: text('item_name').notNull(),
    unitCode: text('unit_code').notNull(),
    divisionCode: text('division_code').notNull(),
    applicantIdType: text('applicant_id_type').notNull(),
    applicantIdNumber: text('applicant_id_number').notNull(),
    applicantName: text('applicant_name').notNull(),
    payload: jsonb('payload').notNull(), // form and material digests
    channel: text('channel').notNull(),
    callbackUrl: text('callback_url').notNull(),
    status: text('status').notNull(),
    seq: integer('seq').notNull(),
    statusNote: text('status_note'),
    /** When the progress engine moves it on by itself; null = only the control endpoint does. */
    nextStepAt: ts('next_step_at'),
    /** Submissions of the same client reference after the first (retries the idempotency absorbed). */
    duplicateCalls: integer('duplicate_calls').notNull().default(0),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('intake_applications_client_ref_uq').on(t.clientId, t.clientRef), index('intake_applications_next_idx').on(t.nextStepAt)],
)

export const intakeEvents = province.table(
  'intake_events',
  {
    eventId: text('event_id').primaryKey(),
    receiptNo: text('receipt_no')
      .notNull()
      .references(() => intakeApplications.receiptNo),
    seq: integer('seq').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    at: ts('at').notNull(),
    deliveredAt: ts('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
  },
  (t) => [uniqueIndex('intake_events_seq_uq').on(t.receiptNo, t.seq), index('intake_events_due_idx').on(t.nextAttemptAt)],
)
