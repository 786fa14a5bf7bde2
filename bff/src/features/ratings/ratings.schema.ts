/** 好差评 of appointments (预约办理) after they took place; application ratings live with applications. */
import { pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { ratingColumns } from '../../db/columns'
import { bookings } from '../appointments/appointments.schema'

export const appointmentRatings = pgTable('appointment_ratings', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** One rating per booking. */
  bookingId: uuid('booking_id')
    .notNull()
    .unique()
    .references(() => bookings.id, { onDelete: 'cascade' }),
  actor: text('actor').notNull(),
  ...ratingColumns(),
})
