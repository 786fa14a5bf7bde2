import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './properties.handlers'
import * as routes from './properties.routes'

export const propertiesRoutes = new OpenAPIHono<AppEnv>({ defaultHook }).openapi(routes.listPropertiesRoute, handlers.listProperties).openapi(routes.getPropertyRoute, handlers.getProperty)
