import type { Hook } from '@hono/zod-openapi'
import type { AppEnv } from '../env'
import { sendError, validationDetails } from './errors'

/** Every route's request validation failure becomes a 400 envelope with field details. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const defaultHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (!result.success) return sendError(c, 'VALIDATION_FAILED', validationDetails(result.error))
}
