/**
 * Appointment rules, enforced where they hold under any number of BFF instances: in the database.
 * - capacity: `UPDATE appt_slots SET booked = booked + 1 WHERE booked < capacity RETURNING` (the
 *   row lock serialises concurrent bookers; a CHECK backs it up);
 * - one active booking per citizen and business type: a partial unique index;
 * - Idempotency-Key: a (citizen, key) primary key claimed first in the same transaction, so a
 *   concurrent duplicate waits for the first and then replays its booking.
 * Transactions hold no upstream call (PGlite has one connection) and use only `tx`.
 */
import crypto from 'node:crypto'
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import QRCode from 'qrcode'
import { businessTypeLabel, CHANGE_CUTOFF_MS, localInstant, type BookingStatus, type BusinessTypeCode } from '@bdc/shared/appointments-dict'
import type { Booking, BookingDetail } from '@bdc/shared/appointments'
import type { Deps } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { sm3Hex } from '../../security/crypto'
import { bookingRequests, bookings, holidays, officeWindows, offices, slots } from './appointments.schema'
import { bookableDates, dayList, dayStatus, distanceKm, hoursLabel, slotTimes, type HolidayRow } from './appointments.availability'
import type { Tx as DbTx } from '../../db/connect'

type Tx = DbTx<Deps['db']>
type OfficeRow = typeof offices.$inferSelect
type SlotRow = typeof slots.$inferSelect
type BookingRow = typeof bookings.$inferSelect

// ---------------------------------------------------------------- reference data

async function holidayMap(deps: Deps): Promise<Map<string, HolidayRow>> {
  const dates = bookableDates(deps.now())
  const rows = await deps.db.select().from(holidays).where(inArray(holidays.date, dates))
  return new Map(rows.map((r) => [r.date, r]))
}

/** Offices handling `type`, with the number of windows that do. */
async function officesFor(deps: Deps, type: BusinessTypeCode) {
  const rows = await deps.db
    .select({ office: offices, windows: sql<number>`count(${officeWindows.no})::int` })
    .from(offices)
    .innerJoin(officeWindows, and(eq(officeWindows.officeId, offices.id), sql`${type} = any(${officeWindows.businessTypes})`))
    .groupBy(offices.id)
    .orderBy(asc(offices.ord))
  return rows
}

async function officeFor(deps: Deps, officeId: string, type: BusinessTypeCode) {
  const row = (await officesFor(deps, type)).find((r) => r.office.id === officeId)
  if (!row) throw new AppError('OFFICE_NOT_FOUND')
  return row
}

export async function listOffices(deps: Deps, q: { businessType: BusinessTypeCode; city?: string; lat?: number; lng?: number }) {
  const rows = await officesFor(deps, q.businessType)
  const here = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : null
  const cities = [...new Set(rows.map((r) => r.office.city))]
  const items = rows
    .filter((r) => !q.city || r.office.city === q.city)
    .map(({ office, windows }) => ({
      id: office.id,
      name: office.name,
      city: office.city,
      district: office.district,
      divisionCode: office.divisionCode,
      address: office.address,
      phone: office.phone,
      hours: hoursLabel(office),
      windows,
      distanceKm: here ? Math.round(distanceKm(here, office) * 10) / 10 : null,
    }))
  if (here) items.sort((a, b) => a.distanceKm! - b.distanceKm!)
  return { items, cities, sortedBy: here ? ('distance' as const) : ('city' as const) }
}

export async function listDates(deps: Deps, officeId: string, type: BusinessTypeCode) {
  const { office } = await officeFor(deps, officeId, type)
  return { officeId, days: dayList(office, deps.now(), await holidayMap(deps)) }
}

/** The day's slots, created on first look (idempotent: the natural key absorbs races). */
export async function listSlots(deps: Deps, officeId: string, type: BusinessTypeCode, date: string) {
  const { office, windows } = await officeFor(deps, officeId, type)
  const now = deps.now()
  if (!bookableDates(now).includes(date)) throw new AppError('VALIDATION_FAILED', [{ path: 'date', message: '只能预约今天起 14 天内的日期' }])
  const status = dayStatus(office, date, await holidayMap(deps))
  if (!status.open) return { officeId, businessType: type, date, slots: [], closedReason: status.closedReason }
  const times = slotTimes(office, date)
  await deps.db
    .insert(slots)
    .values(times.map((t) => ({ officeId, businessType: type, date, start: t.start, end: t.end, startsAt: t.startsAt, capacity: windows * office.perWindowPerSlot })))
    .onConflictDoNothing()
  const rows = await deps.db
    .select()
    .from(slots)
    .where(and(eq(slots.officeId, officeId), eq(slots.businessType, type), eq(slots.date, date)))
    .orderBy(asc(slots.startsAt))
  return {
    officeId,
    businessType: type,
    date,
    closedReason: null,
    slots: rows.map((s) => ({
      id: s.id,
      start: s.start,
      end: s.end,
      startsAt: s.startsAt.toISOString(),
      capacity: s.capacity,
      remaining: Math.max(0, s.capacity - s.booked),
      bookable: s.booked < s.capacity && bookableAt(s, now),
    })),
  }
}

/** A slot can be booked (or moved to) until the change cutoff before it starts. */
const bookableAt = (s: { startsAt: Date }, now: Date) => s.startsAt.getTime() - now.getTime() >= CHANGE_CUTOFF_MS

// ---------------------------------------------------------------- bookings

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
function newBookingCode(): string {
  const bytes = crypto.randomBytes(8)
  return 'YY' + Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')
}

/** The database error behind a drizzle error (both drivers put it in `cause`). */
function pgError(e: unknown): { code?: string; constraint?: string; message?: string } | undefined {
  for (let x: unknown = e, i = 0; x && i < 4; x = (x as { cause?: unknown }).cause, i++) {
    const c = x as { code?: unknown; constraint_name?: string; constraint?: string; message?: string }
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) return { code: c.code, constraint: c.constraint_name ?? c.constraint, message: c.message }
  }
  return undefined
}
const isUniqueViolation = (e: unknown, name: string) => {
  const p = pgError(e)
  return p?.code === '23505' && (p.constraint === name || (p.message ?? '').includes(name))
}

/** Marks the citizen's active bookings of `type` that already took place, so they stop blocking. */
async function lapsePast(tx: Tx, actor: string, type: string, now: Date) {
  await tx
    .update(bookings)
    .set({ status: 'lapsed' })
    .where(and(eq(bookings.actor, actor), eq(bookings.businessType, type), eq(bookings.status, 'active'), lte(bookings.startsAt, now)))
}

/** Takes one place in a slot or explains why not (full / not bookable / gone). */
async function takePlace(tx: Tx, slotId: string, now: Date, type?: string): Promise<SlotRow> {
  const [taken] = await tx
    .update(slots)
    .set({ booked: sql`${slots.booked} + 1` })
    .where(
      and(
        eq(slots.id, slotId),
        sql`${slots.booked} < ${slots.capacity}`,
        gt(slots.startsAt, new Date(now.getTime() + CHANGE_CUTOFF_MS - 1)),
        ...(type ? [eq(slots.businessType, type)] : []),
      ),
    )
    .returning()
  if (taken) return taken
  const [slot] = await tx.select().from(slots).where(eq(slots.id, slotId)).limit(1)
  if (!slot) throw new AppError('SLOT_NOT_FOUND')
  if (type && slot.businessType !== type) throw new AppError('SLOT_TYPE_MISMATCH')
  if (!bookableAt(slot, now)) throw new AppError('SLOT_NOT_BOOKABLE')
  throw new AppError('SLOT_FULL')
}

export interface BookResult {
  booking: BookingDetail
  replayed: boolean
}

/** Books a slot once per Idempotency-Key (a retry with the same key gets the same booking back). */
export async function book(deps: Deps, actor: string, key: string, body: { slotId: string }, audit: RequestAudit): Promise<BookResult> {
  const requestHash = sm3Hex(JSON.stringify(['book', body.slotId]))
  const now = deps.now()
  const run = () =>
    deps.db.transaction(async (tx) => {
      const claimed = await tx
        .insert(bookingRequests)
        .values({ actor, key, requestHash, createdAt: now })
        .onConflictDoNothing()
        .returning({ key: bookingRequests.key })
      if (!claimed.length) {
        // The key was used before (or by a concurrent request that has now committed).
        const [prior] = await tx.select().from(bookingRequests).where(and(eq(bookingRequests.actor, actor), eq(bookingRequests.key, key))).limit(1)
        if (!prior || prior.requestHash !== requestHash || !prior.bookingId) throw new AppError('IDEMPOTENCY_KEY_REUSED')
        return { bookingId: prior.bookingId, replayed: true }
      }
      const [target] = await tx.select({ type: slots.businessType }).from(slots).where(eq(slots.id, body.slotId)).limit(1)
      if (!target) throw new AppError('SLOT_NOT_FOUND')
      await lapsePast(tx, actor, target.type, now)
      const [active] = await tx
        .select({ id: bookings.id })
        .from(bookings)
        .where(and(eq(bookings.actor, actor), eq(bookings.businessType, target.type), eq(bookings.status, 'active')))
        .limit(1)
      if (active) throw new AppError('APPOINTMENT_ALREADY_BOOKED')
      const slot = await takePlace(tx, body.slotId, now)
      const [row] = await tx
        .insert(bookings)
        .values({ code: newBookingCode(), actor, businessType: slot.businessType, slotId: slot.id, officeId: slot.officeId, startsAt: slot.startsAt, status: 'active', createdAt: now })
        .returning({ id: bookings.id })
      await tx.update(bookingRequests).set({ bookingId: row!.id }).where(and(eq(bookingRequests.actor, actor), eq(bookingRequests.key, key)))
      return { bookingId: row!.id, replayed: false }
    })
  // Fast refusal of a full slot without a transaction (most of a rush is refused), unless this
  // key already booked: a retried tap must get its booking back, not 「已约满」.
  const [peek] = await deps.db.select({ booked: slots.booked, capacity: slots.capacity }).from(slots).where(eq(slots.id, body.slotId)).limit(1)
  if (peek && peek.booked >= peek.capacity) {
    const [prior] = await deps.db.select({ key: bookingRequests.key }).from(bookingRequests).where(and(eq(bookingRequests.actor, actor), eq(bookingRequests.key, key))).limit(1)
    if (!prior) throw new AppError('SLOT_FULL')
  }
  let result: { bookingId: string; replayed: boolean }
  try {
    result = await run()
  } catch (e) {
    if (isUniqueViolation(e, 'appt_bookings_one_active')) throw new AppError('APPOINTMENT_ALREADY_BOOKED')
    // Two requests with one key raced past the claim on a database that reports the conflict
    // instead of waiting: the winner has committed by now, so look again.
    if (isUniqueViolation(e, 'appt_booking_requests_actor_key_pk')) result = await run()
    else throw e
  }
  if (!result.replayed) await audit({ action: 'appointment.book', target: result.bookingId, outcome: 'ok' })
  return { booking: await getBooking(deps, actor, result.bookingId), replayed: result.replayed }
}

async function ownBooking(tx: Tx | Deps['db'], actor: string, id: string, lock = false): Promise<BookingRow> {
  const q = tx.select().from(bookings).where(and(eq(bookings.id, id), eq(bookings.actor, actor))).limit(1)
  const [row] = lock ? await q.for('update') : await q
  // Another citizen's booking is indistinguishable from none.
  if (!row) throw new AppError('APPOINTMENT_NOT_FOUND')
  return row
}

/**
 * For 好差评 (the ratings feature): whether the citizen's booking took place — its slot has ended
 * and it was not cancelled. `lock` holds the booking row until the transaction ends. Another
 * citizen's booking is APPOINTMENT_NOT_FOUND, like none.
 */
export async function bookingTookPlace(db: Tx | Deps['db'], actor: string, id: string, now: Date, lock = false): Promise<boolean> {
  const row = await ownBooking(db, actor, id, lock)
  const [slot] = await db.select({ date: slots.date, end: slots.end }).from(slots).where(eq(slots.id, row.slotId))
  return row.status !== 'cancelled' && !!slot && localInstant(slot.date, slot.end).getTime() <= now.getTime()
}

/** What the 好差评 sink is told about a booking: its code (办件编号), the business, the office and its 区划. */
export async function bookingRatingFacts(db: Deps['db'], bookingId: string) {
  const [x] = await db
    .select({ code: bookings.code, businessType: bookings.businessType, office: offices.name, divisionCode: offices.divisionCode })
    .from(bookings)
    .innerJoin(offices, eq(offices.id, bookings.officeId))
    .where(eq(bookings.id, bookingId))
  return x && { serviceNo: x.code, itemName: `预约办理·${businessTypeLabel(x.businessType as BusinessTypeCode)}`, department: x.office, divisionCode: x.divisionCode }
}

function assertChangeable(row: BookingRow, now: Date) {
  if (row.status !== 'active' || row.startsAt.getTime() <= now.getTime()) throw new AppError('APPOINTMENT_NOT_ACTIVE')
  if (row.startsAt.getTime() - now.getTime() < CHANGE_CUTOFF_MS) throw new AppError('APPOINTMENT_CHANGE_CLOSED')
}

export async function cancel(deps: Deps, actor: string, id: string, audit: RequestAudit): Promise<BookingDetail> {
  const now = deps.now()
  await deps.db.transaction(async (tx) => {
    const row = await ownBooking(tx, actor, id, true)
    assertChangeable(row, now)
    await tx.update(bookings).set({ status: 'cancelled', cancelledAt: now }).where(eq(bookings.id, id))
    await tx.update(slots).set({ booked: sql`${slots.booked} - 1` }).where(eq(slots.id, row.slotId))
  })
  await audit({ action: 'appointment.cancel', target: id, outcome: 'ok' })
  return getBooking(deps, actor, id)
}

export async function reschedule(deps: Deps, actor: string, id: string, body: { slotId: string }, audit: RequestAudit): Promise<BookingDetail> {
  const now = deps.now()
  await deps.db.transaction(async (tx) => {
    const row = await ownBooking(tx, actor, id, true)
    assertChangeable(row, now)
    if (row.slotId === body.slotId) return
    const slot = await takePlace(tx, body.slotId, now, row.businessType)
    await tx.update(slots).set({ booked: sql`${slots.booked} - 1` }).where(eq(slots.id, row.slotId))
    await tx.update(bookings).set({ slotId: slot.id, officeId: slot.officeId, startsAt: slot.startsAt }).where(eq(bookings.id, id))
  })
  await audit({ action: 'appointment.reschedule', target: id, outcome: 'ok' })
  return getBooking(deps, actor, id)
}

// ---------------------------------------------------------------- views

function statusOf(row: BookingRow, now: Date): BookingStatus {
  if (row.status === 'cancelled') return 'cancelled'
  if (row.status === 'lapsed' || row.startsAt.getTime() <= now.getTime()) return 'past'
  return 'booked'
}

function toView(row: BookingRow, slot: SlotRow, office: OfficeRow, now: Date): Booking {
  const status = statusOf(row, now)
  const until = new Date(row.startsAt.getTime() - CHANGE_CUTOFF_MS)
  return {
    id: row.id,
    code: row.code,
    status,
    businessType: row.businessType as BusinessTypeCode,
    businessTypeLabel: businessTypeLabel(row.businessType),
    office: { id: office.id, name: office.name, address: office.address, phone: office.phone },
    date: slot.date,
    start: slot.start,
    end: slot.end,
    startsAt: row.startsAt.toISOString(),
    changeableUntil: until.toISOString(),
    changeable: status === 'booked' && now.getTime() < until.getTime(),
    createdAt: row.createdAt.toISOString(),
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
  }
}

async function withSlotsAndOffices(deps: Deps, rows: BookingRow[]) {
  if (!rows.length) return []
  const slotRows = await deps.db.select().from(slots).where(inArray(slots.id, [...new Set(rows.map((r) => r.slotId))]))
  const officeRows = await deps.db.select().from(offices).where(inArray(offices.id, [...new Set(rows.map((r) => r.officeId))]))
  const s = new Map(slotRows.map((x) => [x.id, x]))
  const o = new Map(officeRows.map((x) => [x.id, x]))
  const now = deps.now()
  return rows.map((r) => toView(r, s.get(r.slotId)!, o.get(r.officeId)!, now))
}

export async function getBooking(deps: Deps, actor: string, id: string): Promise<BookingDetail> {
  const row = await ownBooking(deps.db, actor, id)
  const [view] = await withSlotsAndOffices(deps, [row])
  // PNG, not SVG: every mini-program and browser image path shows it.
  const qrImage = view!.status === 'booked' ? await QRCode.toDataURL(`BDCYY:${row.code}`, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) : null
  return { ...view!, qrImage }
}

export async function listBookings(deps: Deps, actor: string) {
  const rows = await deps.db.select().from(bookings).where(eq(bookings.actor, actor)).orderBy(asc(bookings.startsAt))
  const views = await withSlotsAndOffices(deps, rows)
  return {
    active: views.filter((v) => v.status === 'booked'),
    history: views.filter((v) => v.status !== 'booked').reverse(),
  }
}
