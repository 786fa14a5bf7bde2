import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './ratings.routes'
import { appointmentRatingState, rateAppointment as rate } from './ratings.service'

export const appointmentRating: AppRouteHandler<typeof routes.appointmentRatingRoute> = async (c) =>
  c.json(await appointmentRatingState(c.var.deps, currentSession(c).actor, c.req.valid('param').id), 200)

export const rateAppointment: AppRouteHandler<typeof routes.rateAppointmentRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await rate(c.var.deps, s, c.req.valid('param').id, c.req.valid('json'), auditor(c, s)), 201)
}
