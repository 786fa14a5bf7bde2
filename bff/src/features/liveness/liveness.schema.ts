/**
 * Face-check challenges and their outcomes. One row per challenge: issued to one session, answered
 * at most once (a conditional UPDATE claims it), and — when passed — the step-up of that session
 * until `step_up_until`. Failed answers within 30 minutes lock further checks for the citizen
 * (counted here, so every BFF instance sees the same lock).
 *
 * Never stored: frames, landmarks, descriptors or any other biometric data. Only the outcome,
 * scores (distances, detected action names), reason codes and timing.
 */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

export const livenessChallenges = pgTable(
  'liveness_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull(),
    /** Blind index of the citizen's ID number (pseudonymous, as in the audit log). */
    actor: text('actor').notNull(),
    /** SM3 of the one-time nonce the client must echo with its answer. */
    nonceHash: text('nonce_hash').notNull(),
    actions: jsonb('actions').$type<string[]>().notNull(),
    colours: jsonb('colours').$type<string[]>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /**
     * 'passed' | 'failed' | 'error' (our side failed: not counted against the citizen) |
     * 'superseded' (never answered: a newer challenge of the citizen closed it, at most MAX_OPEN stay open)
     */
    outcome: text('outcome', { enum: ['passed', 'failed', 'error', 'superseded'] }),
    reason: text('reason'),
    /** Which decision was binding: our check or the certified provider's. */
    decidedBy: text('decided_by', { enum: ['local', 'certified'] }),
    scores: jsonb('scores').$type<Record<string, unknown>>(),
    frames: integer('frames'),
    wallMs: integer('wall_ms'),
    cpuMs: integer('cpu_ms'),
    stepUpUntil: timestamp('step_up_until', { withTimezone: true }),
  },
  (t) => [index('liveness_challenges_session_idx').on(t.sessionId, t.stepUpUntil), index('liveness_challenges_actor_idx').on(t.actor, t.answeredAt)],
)
