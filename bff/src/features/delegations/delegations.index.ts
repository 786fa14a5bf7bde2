import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './delegations.handlers'
import * as routes from './delegations.routes'

export const delegationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.createGrantRoute, handlers.createGrant)
  .openapi(routes.listGrantsRoute, handlers.listGrants)
  .openapi(routes.getGrantRoute, handlers.getGrant)
  .openapi(routes.revokeGrantRoute, handlers.revokeGrant)
  .openapi(routes.openDelegationRoute, handlers.openDelegation)
