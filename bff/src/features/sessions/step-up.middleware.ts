import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../env'
import { AppError } from '../../lib/errors'

/**
 * Guard for actions that need a fresh face check (人脸识别 step-up): creating a delegation and
 * opening one as the delegate. The face feature is not built yet, so today this only reads the
 * one switch `REQUIRE_FACE_STEP_UP` (default off); when on, every such request is refused with
 * FACE_CHECK_REQUIRED until the face feature records a step-up on the session and this helper
 * checks it. Every route that needs the check uses this helper, so that change lands here alone.
 */
export const requireStepUp = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.deps.config.requireFaceStepUp) throw new AppError('FACE_CHECK_REQUIRED')
  await next()
})
