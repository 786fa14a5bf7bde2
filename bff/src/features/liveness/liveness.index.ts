import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import { currentSession } from '../sessions/sessions.middleware'
import { answerChallenge, issueChallenge } from './liveness.service'
import { answerChallengeRoute, createChallengeRoute } from './liveness.routes'

export const livenessRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(createChallengeRoute, async (c) => {
    const challenge = await issueChallenge(c.var.deps, currentSession(c))
    c.header('Cache-Control', 'no-store')
    return c.json(challenge, 200)
  })
  .openapi(answerChallengeRoute, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const frames = body.frames.map((f) => ({ t: f.t, step: f.step, image: new Uint8Array(Buffer.from(f.image, 'base64')) }))
    const result = await answerChallenge(c.var.deps, currentSession(c), id, { nonce: body.nonce, frames })
    c.header('Cache-Control', 'no-store')
    return c.json(result, 200)
  })
