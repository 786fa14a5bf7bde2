import { audited } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './delegations.routes'
import { createGrant as create, grantDetail, listGrants as list, openDelegation as open, revokeGrant as revoke } from './delegations.service'

export const createGrant: AppRouteHandler<typeof routes.createGrantRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await create(c.var.deps, s, c.req.valid('json'), auditor(c, s)), 201)
}

export const listGrants: AppRouteHandler<typeof routes.listGrantsRoute> = async (c) => {
  const s = currentSession(c)
  return c.json({ items: await audited(auditor(c, s), 'delegation.list', null, () => list(c.var.deps, s)) }, 200)
}

export const getGrant: AppRouteHandler<typeof routes.getGrantRoute> = async (c) => {
  const s = currentSession(c)
  const id = c.req.valid('param').id
  return c.json(await audited(auditor(c, s), 'delegation.view', id, () => grantDetail(c.var.deps, s, id)), 200)
}

export const revokeGrant: AppRouteHandler<typeof routes.revokeGrantRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await revoke(c.var.deps, s, c.req.valid('param').id, auditor(c, s)), 200)
}

export const openDelegation: AppRouteHandler<typeof routes.openDelegationRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await open(c.var.deps, s, c.req.valid('json').token, auditor(c, s)), 200)
}
