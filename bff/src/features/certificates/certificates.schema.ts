/**
 * Tables of the certificates feature. Verification log: what was checked and the outcome, never
 * who checked (no IP, no user agent). Rate limits: fixed-window counters keyed by an HMAC of the
 * client address, in the database so every BFF instance counts together.
 */
import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const certificateVerifications = pgTable(
  'certificate_verifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    channel: text('channel', { enum: ['api', 'page', 'app'] }).notNull(),
    codeKind: text('code_kind', { enum: ['printed', 'live'] }),
    licenseId: text('license_id'),
    keyId: text('key_id'),
    outcome: text('outcome').notNull(),
  },
  (t) => [index('certificate_verifications_license_idx').on(t.licenseId, t.at)],
)

