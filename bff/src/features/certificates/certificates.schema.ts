/**
 * Tables of the certificates feature. (Verifications are logged in the audit chain: audit_log,
 * action certificate.verify.<channel>; never who checked.) Rate limits: fixed-window counters keyed by an HMAC of the
 * client address, in the database so every BFF instance counts together.
 */
import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * What the e-license library last said about the status of licenses verifiers asked for, kept
 * current by its change feed (certificates.status-feed.ts) so a verification can be answered without a call to
 * the province while the feed is being read. The library stays the owner: a row is only a copy of
 * its answer, stamped with the library's change number, and it is used only while license_feed
 * says the feed was read moments ago; otherwise verification asks the library as before.
 * `facts` holds the masked face a verifier is shown (the public answer, no ID numbers, nothing
 * unmasked); null for a license known only from the feed (never verified here).
 */
export const licenseStatus = pgTable('license_status', {
  licenseId: text('license_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  status: text('status', { enum: ['current', 'cancelled'] }).notNull(),
  cancelReason: text('cancel_reason', { enum: ['superseded', 'cancelled'] }),
  /** 注销时间 as the library states it (null while 现势). */
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  /** JSON text exactly as sent to verifiers (put into answers as it is, never re-serialised). */
  facts: text('facts'),
})

/** The reader's place in the status feed (one row): every change up to `version` is in license_status, as of `polledAt`. */
export const licenseFeed = pgTable('license_feed', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  polledAt: timestamp('polled_at', { withTimezone: true }).notNull(),
})
