import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './restriction-query.handlers'
import * as routes from './restriction-query.routes'

export const restrictionQueryRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.addressCandidatesRoute, handlers.addressCandidates)
  .openapi(routes.restrictionQueryRoute, handlers.restrictionQuery)
