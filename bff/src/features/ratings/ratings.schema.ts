/** 好差评 of appointments (预约办理) after they took place; application ratings live with applications. */
import { pgTable, text, integer, timestamp, uuid } from 'drizzle-orm/pg-core'
import { bookings } from '../appointments/appointments.schema'

const ts = (name: string) => timestamp(name, { withTimezone: true })

export const appointmentRatings = pgTable('appointment_ratings', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** One rating per booking. */
  bookingId: uuid('booking_id')
    .notNull()
    .unique()
    .references(() => bookings.id, { onDelete: 'cascade' }),
  actor: text('actor').notNull(),
  level: integer('level').notNull(),
  tags: text('tags').array().notNull(),
  textSealed: text('text_sealed'),
  reasonSealed: text('reason_sealed'),
  channel: text('channel').notNull(),
  createdAt: ts('created_at').notNull(),
  pushedAt: ts('pushed_at'),
})
