/**
 * Appointments (预约办理): registration offices, their windows, holidays, daily slots with
 * capacity, and bookings. Capacity and "one active booking per citizen and business type" are
 * enforced by the database (conditional UPDATE of `booked`, a CHECK, a partial unique index), so
 * any number of BFF instances on one database stay correct.
 */
import { sql } from 'drizzle-orm'
import { check, doublePrecision, index, integer, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../../db/columns'

/** 登记机构（办事大厅）. Reference data, seeded at start (seed.ts). */
export const offices = pgTable('appt_offices', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  city: text('city').notNull(),
  district: text('district').notNull(),
  divisionCode: text('division_code').notNull(),
  address: text('address').notNull(),
  phone: text('phone').notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  /** Opening sessions per day, 'HH:MM-HH:MM' each, e.g. ['09:00-12:00', '13:30-17:00']. */
  sessions: text('sessions').array().notNull(),
  /** Weekdays open, 0 = Sunday … 6 = Saturday. */
  openWeekdays: integer('open_weekdays').array().notNull(),
  slotMinutes: integer('slot_minutes').notNull(),
  /** Citizens one window serves per slot. */
  perWindowPerSlot: integer('per_window_per_slot').notNull(),
  ord: integer('ord').notNull(),
})

/** 窗口: which business types each window handles; slot capacity follows from these. */
export const officeWindows = pgTable(
  'appt_windows',
  {
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id, { onDelete: 'cascade' }),
    no: integer('no').notNull(),
    name: text('name').notNull(),
    businessTypes: text('business_types').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.officeId, t.no] })],
)

/** Province-wide public holidays (closed) and 调休 working days (open though a weekend). */
export const holidays = pgTable('appt_holidays', {
  date: text('date').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
})

/** One bookable time slot of one business type at one office. Created on first look (idempotent). */
export const slots = pgTable(
  'appt_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    officeId: text('office_id')
      .notNull()
      .references(() => offices.id, { onDelete: 'cascade' }),
    businessType: text('business_type').notNull(),
    date: text('date').notNull(),
    start: text('start').notNull(),
    end: text('end').notNull(),
    startsAt: ts('starts_at').notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
  },
  (t) => [
    unique('appt_slots_natural_key').on(t.officeId, t.businessType, t.date, t.start),
    check('appt_slots_booked_within_capacity', sql`${t.booked} >= 0 and ${t.booked} <= ${t.capacity}`),
  ],
)

export const bookings = pgTable(
  'appt_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 预约码 shown at the window and in the QR. */
    code: text('code').notNull().unique(),
    /** Blind index of the citizen's ID number (session.actor), never the number itself. */
    actor: text('actor').notNull(),
    businessType: text('business_type').notNull(),
    slotId: uuid('slot_id')
      .notNull()
      .references(() => slots.id),
    officeId: text('office_id').notNull(),
    startsAt: ts('starts_at').notNull(),
    status: text('status', { enum: ['active', 'cancelled', 'lapsed'] }).notNull(),
    createdAt: ts('created_at').notNull(),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    uniqueIndex('appt_bookings_one_active').on(t.actor, t.businessType).where(sql`status = 'active'`),
    index('appt_bookings_actor_idx').on(t.actor, t.startsAt),
  ],
)

/** Idempotency-Key of booking requests per citizen: a retried tap returns the first booking. */
export const bookingRequests = pgTable(
  'appt_booking_requests',
  {
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    /** SM3 of the canonical request body: the same key with another body is refused. */
    requestHash: text('request_hash').notNull(),
    bookingId: uuid('booking_id').references(() => bookings.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.key] })],
)
