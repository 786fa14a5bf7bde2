import type { AppRouteHandler } from '../../lib/openapi'
import { currentSession } from '../sessions/sessions.index'
import type * as routes from './liveness.routes'
import { answerChallenge as answer, faceHolder, facePrompt, issueChallenge } from './liveness.service'

export const getFaceHolder: AppRouteHandler<typeof routes.faceHolderRoute> = async (c) => {
  const s = currentSession(c)
  const holder = facePrompt(await faceHolder(c.var.deps, s))
  c.header('Cache-Control', 'no-store')
  return c.json(holder, 200)
}

export const createChallenge: AppRouteHandler<typeof routes.createChallengeRoute> = async (c) => {
  const challenge = await issueChallenge(c.var.deps, currentSession(c))
  c.header('Cache-Control', 'no-store')
  return c.json(challenge, 200)
}

export const answerChallenge: AppRouteHandler<typeof routes.answerChallengeRoute> = async (c) => {
  const { id } = c.req.valid('param')
  const body = c.req.valid('json')
  const frames = body.frames.map((f) => ({ t: f.t, step: f.step, image: new Uint8Array(Buffer.from(f.image, 'base64')) }))
  const result = await answer(c.var.deps, currentSession(c), id, { nonce: body.nonce, frames })
  c.header('Cache-Control', 'no-store')
  return c.json(result, 200)
}
