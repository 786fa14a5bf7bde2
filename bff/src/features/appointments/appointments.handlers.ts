import { audited } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './appointments.routes'
import { book, cancel, getBooking as get, listBookings as bookingsOf, listDates as datesOf, listOffices as officesOf, listSlots as slotsOf, reschedule } from './appointments.service'

export const listOffices: AppRouteHandler<typeof routes.listOfficesRoute> = async (c) => c.json(await officesOf(c.var.deps, c.req.valid('query')), 200)

export const listDates: AppRouteHandler<typeof routes.listDatesRoute> = async (c) =>
  c.json(await datesOf(c.var.deps, c.req.valid('param').officeId, c.req.valid('query').businessType), 200)

export const listSlots: AppRouteHandler<typeof routes.listSlotsRoute> = async (c) => {
  const { businessType, date } = c.req.valid('query')
  return c.json(await slotsOf(c.var.deps, c.req.valid('param').officeId, businessType, date), 200)
}

export const createBooking: AppRouteHandler<typeof routes.createBookingRoute> = async (c) => {
  const s = currentSession(c)
  const key = c.req.valid('header')['idempotency-key']
  const { booking, replayed } = await book(c.var.deps, s.actor, key, c.req.valid('json'), auditor(c, s))
  c.header('Idempotent-Replayed', replayed ? 'true' : 'false')
  return c.json(booking, 201)
}

export const listBookings: AppRouteHandler<typeof routes.listBookingsRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await audited(auditor(c, s), 'booking.list', null, () => bookingsOf(c.var.deps, s.actor)), 200)
}

export const getBooking: AppRouteHandler<typeof routes.getBookingRoute> = async (c) => {
  const s = currentSession(c)
  const id = c.req.valid('param').id
  return c.json(await audited(auditor(c, s), 'booking.view', id, () => get(c.var.deps, s.actor, id)), 200)
}

export const cancelBooking: AppRouteHandler<typeof routes.cancelBookingRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await cancel(c.var.deps, s.actor, c.req.valid('param').id, auditor(c, s)), 200)
}

export const rescheduleBooking: AppRouteHandler<typeof routes.rescheduleBookingRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await reschedule(c.var.deps, s.actor, c.req.valid('param').id, c.req.valid('json'), auditor(c, s)), 200)
}
