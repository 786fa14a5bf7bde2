import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import { auditRequest, currentSession } from '../sessions/sessions.middleware'
import {
  cancelBookingRoute,
  createBookingRoute,
  getBookingRoute,
  listBookingsRoute,
  listDatesRoute,
  listOfficesRoute,
  listSlotsRoute,
  rescheduleBookingRoute,
} from './appointments.routes'
import { book, cancel, getBooking, listBookings, listDates, listOffices, listSlots, reschedule } from './appointments.service'

export const appointmentsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(listOfficesRoute, async (c) => c.json(await listOffices(c.var.deps, c.req.valid('query')), 200))
  .openapi(listDatesRoute, async (c) => {
    const { officeId } = c.req.valid('param')
    return c.json(await listDates(c.var.deps, officeId, c.req.valid('query').businessType), 200)
  })
  .openapi(listSlotsRoute, async (c) => {
    const { officeId } = c.req.valid('param')
    const { businessType, date } = c.req.valid('query')
    return c.json(await listSlots(c.var.deps, officeId, businessType, date), 200)
  })
  .openapi(createBookingRoute, async (c) => {
    const s = currentSession(c)
    const key = c.req.valid('header')['idempotency-key']
    const { booking, replayed } = await book(c.var.deps, s.actor, key, c.req.valid('json'))
    if (!replayed) {
      await auditRequest(c, s, { action: 'appointment.book', target: booking.id, outcome: 'ok' })
    }
    c.header('Idempotent-Replayed', replayed ? 'true' : 'false')
    return c.json(booking, 201)
  })
  .openapi(listBookingsRoute, async (c) => c.json(await listBookings(c.var.deps, currentSession(c).actor), 200))
  .openapi(getBookingRoute, async (c) => c.json(await getBooking(c.var.deps, currentSession(c).actor, c.req.valid('param').id), 200))
  .openapi(cancelBookingRoute, async (c) => {
    const s = currentSession(c)
    const { id } = c.req.valid('param')
    const booking = await cancel(c.var.deps, s.actor, id)
    await auditRequest(c, s, { action: 'appointment.cancel', target: id, outcome: 'ok' })
    return c.json(booking, 200)
  })
  .openapi(rescheduleBookingRoute, async (c) => {
    const s = currentSession(c)
    const { id } = c.req.valid('param')
    const booking = await reschedule(c.var.deps, s.actor, id, c.req.valid('json'))
    await auditRequest(c, s, { action: 'appointment.reschedule', target: id, outcome: 'ok' })
    return c.json(booking, 200)
  })
