import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import * as handlers from './health.handlers'
import * as routes from './health.routes'

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(routes.healthzRoute, handlers.healthz).openapi(routes.readyzRoute, handlers.readyz)
