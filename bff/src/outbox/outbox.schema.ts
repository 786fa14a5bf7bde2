/**
 * Transactional outbox: a row is written in the same transaction as the state change it announces
 * (enqueue, outbox.ts) and delivered by the worker (outbox.worker.ts) through the deliverer a feature
 * registered for its kind. One row per (kind, ref): each thing is delivered once.
 */
import { sql } from 'drizzle-orm'
import { bigserial, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../db/columns'

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What to deliver (a kind a feature registered a deliverer for, e.g. 'intake.submit'). */
    kind: text('kind').notNull(),
    ref: uuid('ref').notNull(),
    status: text('status', { enum: ['pending', 'done'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt is due. */
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** Set while a worker is sending the row; a worker that died leaves it to expire. */
    leasedUntil: ts('leased_until'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    doneAt: ts('done_at'),
  },
  (t) => [uniqueIndex('outbox_kind_ref_uq').on(t.kind, t.ref), index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`)],
)
