import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './access-records.handlers'
import * as routes from './access-records.routes'

export const accessRecordsRoutes = new OpenAPIHono<AppEnv>({ defaultHook }).openapi(routes.listAccessRecordsRoute, handlers.listAccessRecords)
