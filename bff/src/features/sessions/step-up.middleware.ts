import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../env'
import { AppError } from '../../lib/errors'
import { hasFreshStepUp } from '../liveness/liveness.service'

/**
 * Guard for actions that need a fresh face check (人脸识别 step-up): creating a delegation and
 * opening one as the delegate, and every other sensitive route. The switch `REQUIRE_FACE_STEP_UP`
 * (default off) turns the demand on; when on, a request passes only if this session passed a face
 * check (features/liveness) within the step-up lifetime (`FACE_STEP_UP_MINUTES`, default 10),
 * as recorded in the database — otherwise 403 FACE_CHECK_REQUIRED, which the app answers by
 * opening the face-check page. Every route that needs the check uses this helper.
 */
export const requireStepUp = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.deps.config.requireFaceStepUp) {
    const s = c.var.session
    if (!s || !(await hasFreshStepUp(c.var.deps, s.id))) throw new AppError('FACE_CHECK_REQUIRED')
  }
  await next()
})
