import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './restriction-query.routes'
import { addressCandidates as candidates, queryRestrictions } from './restriction-query.service'

export const addressCandidates: AppRouteHandler<typeof routes.addressCandidatesRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await candidates(c.var.deps, s, c.req.valid('json').address, auditor(c, s)), 200)
}

export const restrictionQuery: AppRouteHandler<typeof routes.restrictionQueryRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await queryRestrictions(c.var.deps, s, c.req.valid('json'), auditor(c, s)), 200)
}
