import { audited } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './properties.routes'
import { getProperty as get, listProperties as list } from './properties.service'

export const listProperties: AppRouteHandler<typeof routes.listPropertiesRoute> = async (c) => {
  const s = currentSession(c)
  const items = await audited(auditor(c, s), 'property.list', null, () => list(c.var.deps, s))
  return c.json({ items, fetchedAt: c.var.deps.now().toISOString() }, 200)
}

export const getProperty: AppRouteHandler<typeof routes.getPropertyRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await get(c.var.deps, s, c.req.valid('param').unitCode, auditor(c, s)), 200)
}
