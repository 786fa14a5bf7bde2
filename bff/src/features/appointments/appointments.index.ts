import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './appointments.handlers'
import * as routes from './appointments.routes'

export const appointmentsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.listOfficesRoute, handlers.listOffices)
  .openapi(routes.listDatesRoute, handlers.listDates)
  .openapi(routes.listSlotsRoute, handlers.listSlots)
  .openapi(routes.createBookingRoute, handlers.createBooking)
  .openapi(routes.listBookingsRoute, handlers.listBookings)
  .openapi(routes.getBookingRoute, handlers.getBooking)
  .openapi(routes.cancelBookingRoute, handlers.cancelBooking)
  .openapi(routes.rescheduleBookingRoute, handlers.rescheduleBooking)

/** Offices, windows and holidays written at every start (bootstrap.ts). */
export { seedAppointments } from './appointments.seed'
