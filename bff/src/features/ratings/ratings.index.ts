import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import { auditRequest, currentSession } from '../sessions/sessions.middleware'
import { appointmentRatingRoute, rateAppointmentRoute } from './ratings.routes'
import { appointmentRatingState, rateAppointment } from './ratings.service'

export const ratingsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(appointmentRatingRoute, async (c) => c.json(await appointmentRatingState(c.var.deps, currentSession(c).actor, c.req.valid('param').id), 200))
  .openapi(rateAppointmentRoute, async (c) => {
    const s = currentSession(c)
    const deps = c.var.deps
    const { id } = c.req.valid('param')
    const ratingId = await rateAppointment(deps, s, id, c.req.valid('json'))
    await auditRequest(c, s, { action: 'appointment.rate', target: id, outcome: 'ok' })
    await deps.outbox?.deliverNow('appointment-rating.push', ratingId).catch(() => false)
    const { rating } = await appointmentRatingState(deps, s.actor, id)
    return c.json(rating!, 201)
  })
