import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './access-records.routes'
import { accessRecords } from './access-records.service'

export const listAccessRecords: AppRouteHandler<typeof routes.listAccessRecordsRoute> = async (c) => {
  const s = currentSession(c)
  const q = c.req.valid('query')
  const list = await accessRecords(c.var.deps, s, { unitCode: q.unit, before: q.before ? new Date(q.before) : undefined }, auditor(c, s))
  c.header('Cache-Control', 'no-store')
  return c.json(list, 200)
}
