/** Column builders shared by the tables of several features (no tables here). */
import { integer, text, timestamp } from 'drizzle-orm/pg-core'

/** A `timestamp with time zone` column. */
export const ts = (name: string) => timestamp(name, { withTimezone: true })

/**
 * The stored values of one 好差评 rating (applications and appointments alike): level, tags, the
 * sealed free texts, the channel, and when it was made and pushed to the province.
 * A function: every table needs its own column builders.
 */
export const ratingColumns = () => ({
  level: integer('level').notNull(),
  tags: text('tags').array().notNull(),
  textSealed: text('text_sealed'),
  reasonSealed: text('reason_sealed'),
  channel: text('channel').notNull(),
  createdAt: ts('created_at').notNull(),
  pushedAt: ts('pushed_at'),
})
