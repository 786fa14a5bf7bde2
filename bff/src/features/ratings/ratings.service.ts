/**
 * 好差评 of an appointment (预约办理): once, after the booked slot has ended and the booking was not
 * cancelled. There is no window-side check-in yet, so "served" means exactly that; the rating goes
 * to the provincial 好差评 sink through the outbox (kind APPOINTMENT_RATING_PUSH, delivered by
 * deliverAppointmentRating).
 */
import { and, eq } from 'drizzle-orm'
import { businessTypeLabel, localInstant } from '@bdc/shared/appointments-dict'
import type { AppointmentRatingState, Rating } from '@bdc/shared/applications'
import type { Deps, SessionContext } from '../../env'
import { audit, type RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { enqueue } from '../../outbox/outbox'
import { toRatingPushRequest } from '../../upstream/mapping/intake'
import { bookings, offices, slots } from '../appointments/appointments.schema'
import { ratingValues, ratingView, type RatingRequest } from './ratings.record'
import { appointmentRatings } from './ratings.schema'
import type { Tx as DbTx } from '../../db/connect'

type Db = Deps['db']
type Tx = DbTx<Db>

/** Outbox kind of an appointment rating on its way to the 好差评 sink. */
export const APPOINTMENT_RATING_PUSH = 'appointment-rating.push'

/** The actor's booking with its slot; `lock` holds the booking row until the transaction ends. */
async function ownBooking(db: Db | Tx, actor: string, id: string, lock = false) {
  const q = db
    .select({ b: bookings, s: slots })
    .from(bookings)
    .innerJoin(slots, eq(slots.id, bookings.slotId))
    .where(and(eq(bookings.id, id), eq(bookings.actor, actor)))
  const rows = lock ? await q.for('update', { of: bookings }) : await q
  if (!rows[0]) throw new AppError('APPOINTMENT_NOT_FOUND')
  return rows[0]
}

const servedBy = (row: Awaited<ReturnType<typeof ownBooking>>, now: Date) =>
  row.b.status !== 'cancelled' && localInstant(row.s.date, row.s.end).getTime() <= now.getTime()

export async function appointmentRatingState(deps: Deps, actor: string, bookingId: string): Promise<AppointmentRatingState> {
  const row = await ownBooking(deps.db, actor, bookingId)
  const r = (await deps.db.select().from(appointmentRatings).where(eq(appointmentRatings.bookingId, bookingId)))[0]
  return { rating: r ? ratingView(deps, r) : null, canRate: !r && servedBy(row, deps.now()) }
}

/** Rates the booking (once, after it took place) and tries the push right away; the outbox retries a failure. */
export async function rateAppointment(deps: Deps, s: SessionContext, bookingId: string, body: RatingRequest, audit: RequestAudit): Promise<Rating> {
  const ratingId = await deps.db.transaction(async (tx) => {
    const row = await ownBooking(tx, s.actor, bookingId, true)
    const existing = await tx.select({ id: appointmentRatings.id }).from(appointmentRatings).where(eq(appointmentRatings.bookingId, bookingId))
    if (existing[0]) throw new AppError('RATING_ALREADY_GIVEN')
    if (!servedBy(row, deps.now())) throw new AppError('RATING_NOT_ALLOWED')
    const at = deps.now()
    const [r] = await tx
      .insert(appointmentRatings)
      .values({ bookingId, actor: s.actor, ...ratingValues(deps, s.channel, body, at) })
      .returning({ id: appointmentRatings.id })
    await enqueue(tx, APPOINTMENT_RATING_PUSH, r!.id, at)
    return r!.id
  })
  await audit({ action: 'appointment.rate', target: bookingId, outcome: 'ok' })
  await deps.outbox.deliverNow(APPOINTMENT_RATING_PUSH, ratingId).catch(() => false)
  const { rating } = await appointmentRatingState(deps, s.actor, bookingId)
  return rating!
}

/** Outbox delivery of one appointment rating to the 好差评 sink (办件编号 = the booking code). */
export async function deliverAppointmentRating(deps: Deps, ratingId: string): Promise<void> {
  const found = await deps.db
    .select({ r: appointmentRatings, b: bookings, o: offices })
    .from(appointmentRatings)
    .innerJoin(bookings, eq(bookings.id, appointmentRatings.bookingId))
    .innerJoin(offices, eq(offices.id, bookings.officeId))
    .where(eq(appointmentRatings.id, ratingId))
  const x = found[0]
  if (!x || x.r.pushedAt) return
  await deps.upstream.ratingPush(
    toRatingPushRequest(ratingView(deps, x.r), x.r.channel, {
      serviceNo: x.b.code,
      itemName: `预约办理·${businessTypeLabel(x.b.businessType)}`,
      department: x.o.name,
      divisionCode: x.o.divisionCode,
    }),
  )
  await deps.db.update(appointmentRatings).set({ pushedAt: deps.now() }).where(eq(appointmentRatings.id, ratingId))
  await audit(deps.db, { action: 'appointment-rating.delivered', actor: x.r.actor, target: x.b.id, outcome: 'ok' })
}
