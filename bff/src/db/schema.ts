/**
 * The BFF's own tables (public schema). Personal data is stored only sealed (SM4) with a blind
 * index for lookups; tokens only as SM3 hashes. Nothing here is per-process: two BFF instances
 * on one database behave as one.
 */
import { sql } from 'drizzle-orm'
import { bigint, bigserial, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    /** SM3 of the double-submit CSRF token (cookie sessions only). */
    csrfHash: text('csrf_hash'),
    channel: text('channel', { enum: ['h5', 'weapp'] }).notNull(),
    /**
     * Provincial subject id, sealed (the simulator's generated subjects embed the ID number); read
     * back only for the face check's upstream call. subjectIndex is its blind index, for lookups.
     */
    subjectSealed: text('subject_sealed').notNull(),
    subjectIndex: text('subject_index').notNull(),
    holderKind: text('holder_kind', { enum: ['person', 'organization'] }).notNull(),
    idType: text('id_type').notNull(),
    idNumberSealed: text('id_number_sealed').notNull(),
    idNumberIndex: text('id_number_index').notNull(),
    nameSealed: text('name_sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason', { enum: ['logout', 'idle', 'absolute'] }),
  },
  (t) => [index('sessions_holder_idx').on(t.idNumberIndex), index('sessions_expires_idx').on(t.expiresAt)],
)

/** OAuth `state` of a pending H5 login: single use, short-lived. */
export const loginStates = pgTable('login_states', {
  stateHash: text('state_hash').primaryKey(),
  returnTo: text('return_to').notNull(),
  /**
   * SM3 of the secret in the short-lived login cookie of the browser that started this login: the
   * callback must come from that browser (no login CSRF / session fixation by a mailed callback link).
   */
  bindingHash: text('binding_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
})

/**
 * Tamper-evident audit trail (bff/src/audit/). Rows form hash chains: each BFF instance appends to
 * its own chain (`chain` id, gap-free `seq`), each row's SM3 hash covering its content and the
 * previous row's hash in that chain; chain heads are signed at intervals into checkpoints kept
 * outside the database. A trigger refuses UPDATE, DELETE and TRUNCATE (only the owner's retention
 * purge may delete); on PostgreSQL the app's role holds INSERT and SELECT only.
 * `actor` is a blind index, never a name or number. Rows from before the chains (chain 'legacy')
 * keep their original hashing.
 */
/**
 * The audit actions of a certificate check, one per channel, as the SQL list the partial index
 * audit_log_verified_idx is built on; a query must use the same literal list for the planner to use it.
 */
export const VERIFY_ACTIONS_SQL = "('certificate.verify.api', 'certificate.verify.page', 'certificate.verify.app')"

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chain: text('chain').notNull().default('legacy'),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    action: text('action').notNull(),
    actor: text('actor'),
    sessionId: uuid('session_id'),
    /** The id this server assigned to the request. */
    requestId: text('request_id'),
    /** An X-Request-Id the client sent, kept apart and never taken as ours. */
    clientRequestId: text('client_request_id'),
    target: text('target'),
    outcome: text('outcome').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    // Only rows with an actor: most rows at volume are public verifications, which have none.
    index('audit_log_actor_idx').on(t.actor, t.at).where(sql`actor is not null`),
    uniqueIndex('audit_log_chain_seq_idx').on(t.chain, t.seq),
    index('audit_log_at_idx').on(t.at),
    // A certificate's verifications (我的查询记录): target `<电子证照标识> <verdict>`.
    index('audit_log_verified_idx')
      .on(sql`split_part(${t.target}, ' ', 1)`, t.at)
      .where(sql.raw(`action in ${VERIFY_ACTIONS_SQL}`)),
  ],
)

/**
 * Rate-limit token buckets (GCRA: `expires_at` is the bucket's theoretical arrival time), shared by
 * every BFF instance; used through lib/rate-limit.ts by every feature that limits (restriction query,
 * verification, login starts, uploads). `window_start` is a constant for buckets: the key columns
 * are kept from the table's first, fixed-window form (old rows are ignored and purged).
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limits_expires_idx').on(t.expiresAt)],
)

export const schema = { sessions, loginStates, auditLog, rateLimits }
export type AppSchema = typeof schema
