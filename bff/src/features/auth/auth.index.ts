import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './auth.handlers'
import * as routes from './auth.routes'

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.loginRoute, handlers.login)
  .openapi(routes.callbackRoute, handlers.callback)
  .openapi(routes.containerLoginRoute, handlers.containerLogin)
  .openapi(routes.demoCitizensRoute, handlers.demoCitizens)
  .openapi(routes.devContainerCodeRoute, handlers.devContainerCode)
  .openapi(routes.logoutRoute, handlers.logout)
  .openapi(routes.meRoute, handlers.me)
