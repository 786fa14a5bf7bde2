import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './restriction-query.routes'
import { addressCandidates as candidates, queryRestrictions } from './restriction-query.service'

/**
 * The address searched is recorded as a keyed blind index (HMAC-SM3, its own domain), never in
 * plain text: the same address searched again gives the same value, which a supervisor can match
 * against an address they hold, but the audit trail alone does not reveal it.
 */
export const addressSearchIndex = (deps: { cipher: { blindIndex(v: string): string } }, address: string) =>
  'addr:' + deps.cipher.blindIndex('restriction-address\u0000' + address.normalize('NFKC').replace(/\s+/g, ''))

export const addressCandidates: AppRouteHandler<typeof routes.addressCandidatesRoute> = async (c) => {
  const s = currentSession(c)
  const { address } = c.req.valid('json')
  const record = auditor(c, s)
  const target = addressSearchIndex(c.var.deps, address)
  return c.json(await candidates(c.var.deps, s, address, (e) => record({ ...e, target: e.target ?? target })), 200)
}

export const restrictionQuery: AppRouteHandler<typeof routes.restrictionQueryRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await queryRestrictions(c.var.deps, s, c.req.valid('json'), auditor(c, s)), 200)
}
