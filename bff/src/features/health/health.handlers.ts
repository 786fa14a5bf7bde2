import type { AppRouteHandler } from '../../lib/openapi'
import type * as routes from './health.routes'
import { readiness } from './health.service'

export const healthz: AppRouteHandler<typeof routes.healthzRoute> = (c) => c.json({ status: 'ok' as const }, 200)

export const readyz: AppRouteHandler<typeof routes.readyzRoute> = async (c) => {
  const { ok, checks } = await readiness(c.var.deps)
  return c.json({ status: ok ? ('ok' as const) : ('unavailable' as const), checks }, ok ? 200 : 503)
}
