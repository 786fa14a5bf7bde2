import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './liveness.handlers'
import * as routes from './liveness.routes'

export const livenessRoutes = new OpenAPIHono<AppEnv>({ defaultHook }).openapi(routes.faceHolderRoute, handlers.getFaceHolder)
  .openapi(routes.createChallengeRoute, handlers.createChallenge).openapi(routes.answerChallengeRoute, handlers.answerChallenge)
