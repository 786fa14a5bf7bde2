import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { AppError } from '../../lib/errors'
import { defaultHook } from '../../lib/validation'
import { UpstreamRejection } from '../../upstream/client'
import { auditRequest, currentSession } from '../sessions/sessions.middleware'
import { toDetail, toSummary } from './map'
import { getPropertyRoute, listPropertiesRoute } from './properties.routes'

export const propertiesRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(listPropertiesRoute, async (c) => {
    const s = currentSession(c)
    const { holdings } = await c.var.deps.upstream.holdings({ idType: s.idType, idNumber: s.idNumber })
    return c.json({ items: holdings.map(toSummary), fetchedAt: c.var.deps.now().toISOString() }, 200)
  })
  .openapi(getPropertyRoute, async (c) => {
    const deps = c.var.deps
    const s = currentSession(c)
    const { unitCode } = c.req.valid('param')
    try {
      const unit = await deps.upstream.unitDetail(unitCode, { idType: s.idType, idNumber: s.idNumber })
      // Defence in depth: the registry already filters by holder; refuse anything that slipped through.
      if (!unit.qlr.some((h) => h.zjh.toUpperCase() === s.idNumber.toUpperCase())) throw new AppError('PROPERTY_NOT_FOUND')
      await auditRequest(c, s, { action: 'property.view', target: unitCode, outcome: 'ok' })
      return c.json(toDetail(unit, s.idNumber, deps.now()), 200)
    } catch (e) {
      if ((e instanceof UpstreamRejection && e.status === 404) || (e instanceof AppError && e.code === 'PROPERTY_NOT_FOUND')) {
        await auditRequest(c, s, { action: 'property.view', target: unitCode, outcome: 'denied' })
        throw new AppError('PROPERTY_NOT_FOUND')
      }
      throw e
    }
  })
