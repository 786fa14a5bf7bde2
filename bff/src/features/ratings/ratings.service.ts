/**
 * 好差评 of an appointment (预约办理): once, after the booked slot has ended and the booking was not
 * cancelled. There is no window-side check-in yet, so "served" means exactly that; the rating goes
 * to the provincial 好差评 sink through the outbox (kind APPOINTMENT_RATING_PUSH, delivered by
 * deliverAppointmentRating).
 */
import { eq } from 'drizzle-orm'
import type { AppointmentRatingState, Rating } from '@bdc/shared/applications'
import type { Deps, SessionContext } from '../../env'
import { audit, type RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { enqueue } from '../../outbox/outbox'
import { toRatingPushRequest } from '../../upstream/mapping/intake'
import { bookingRatingFacts, bookingTookPlace } from '../appointments/appointments.service'
import { ratingValues, ratingView, type RatingRequest } from './ratings.record'

// The stored values of a rating and its view, used by applications' ratings too.
export { ratingValues, ratingView, type RatingRequest }
import { appointmentRatings } from './ratings.schema'


/** Outbox kind of an appointment rating on its way to the 好差评 sink. */
export const APPOINTMENT_RATING_PUSH = 'appointment-rating.push'

export async function appointmentRatingState(deps: Deps, actor: string, bookingId: string): Promise<AppointmentRatingState> {
  const tookPlace = await bookingTookPlace(deps.db, actor, bookingId, deps.now())
  const r = (await deps.db.select().from(appointmentRatings).where(eq(appointmentRatings.bookingId, bookingId)))[0]
  return { rating: r ? ratingView(deps, r) : null, canRate: !r && tookPlace }
}

/** Rates the booking (once, after it took place) and tries the push right away; the outbox retries a failure. */
export async function rateAppointment(deps: Deps, s: SessionContext, bookingId: string, body: RatingRequest, audit: RequestAudit): Promise<Rating> {
  const ratingId = await deps.db.transaction(async (tx) => {
    const tookPlace = await bookingTookPlace(tx, s.actor, bookingId, deps.now(), true)
    const existing = await tx.select({ id: appointmentRatings.id }).from(appointmentRatings).where(eq(appointmentRatings.bookingId, bookingId))
    if (existing[0]) throw new AppError('RATING_ALREADY_GIVEN')
    if (!tookPlace) throw new AppError('RATING_NOT_ALLOWED')
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
  const [r] = await deps.db.select().from(appointmentRatings).where(eq(appointmentRatings.id, ratingId))
  if (!r || r.pushedAt) return
  const facts = await bookingRatingFacts(deps.db, r.bookingId)
  if (!facts) return
  await deps.upstream.ratingPush(toRatingPushRequest(ratingView(deps, r), r.channel, facts))
  await deps.db.update(appointmentRatings).set({ pushedAt: deps.now() }).where(eq(appointmentRatings.id, ratingId))
  await audit(deps.db, { action: 'appointment-rating.delivered', actor: r.actor, target: r.bookingId, outcome: 'ok' })
}
