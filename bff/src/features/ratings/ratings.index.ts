import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv, Deps } from '../../env'
import { defaultHook } from '../../lib/validation'
import type { Deliverer } from '../../outbox/outbox'
import * as handlers from './ratings.handlers'
import * as routes from './ratings.routes'
import { APPOINTMENT_RATING_PUSH, deliverAppointmentRating } from './ratings.service'

export const ratingsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.appointmentRatingRoute, handlers.appointmentRating)
  .openapi(routes.rateAppointmentRoute, handlers.rateAppointment)

/** What ratings hand to the outbox: appointment ratings for the 好差评 sink. */
export const ratingsDeliverers = (deps: Deps): Deliverer[] => [{ kind: APPOINTMENT_RATING_PUSH, deliver: (ref) => deliverAppointmentRating(deps, ref) }]
