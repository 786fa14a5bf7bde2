import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ERROR_CODES, errorBody, type ErrorBody, type ErrorCode } from '@bdc/shared/errors'
import type { ZodError } from 'zod'

/** An expected failure with a stable code; the error handler turns it into the envelope. */
export class AppError extends Error {
  /** Headers the answer carries (Retry-After and RateLimit-* of a 429). */
  readonly headers?: Record<string, string>
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorBody['details'],
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(code, options)
    this.name = 'AppError'
    this.headers = options?.headers
  }
  get status(): number {
    return ERROR_CODES[this.code].status
  }
}

/** zod issues → field-level Chinese details (zod messages we set are Chinese; defaults are replaced). */
export function validationDetails(error: ZodError): NonNullable<ErrorBody['details']> {
  return error.issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    message: /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : '格式不正确',
  }))
}

export function sendError(c: Context, code: ErrorCode, details?: ErrorBody['details'], headers?: Record<string, string>) {
  const requestId = c.get('requestId' as never) as string | undefined
  return c.json(errorBody(code, details, requestId), ERROR_CODES[code].status as 400, headers)
}

/** Maps hono's own HTTP exceptions (body limit, malformed JSON …) to our codes. */
export function codeForHttpException(e: HTTPException): ErrorCode {
  if (e.status === 413) return 'PAYLOAD_TOO_LARGE'
  if (e.status === 400) return 'MALFORMED_JSON'
  if (e.status === 401) return 'UNAUTHENTICATED'
  if (e.status === 403) return 'CSRF_REJECTED'
  if (e.status === 404) return 'NOT_FOUND'
  // @hono/zod-openapi's media-type gate: a body that is not the JSON the route takes.
  if (e.status === 415) return 'UNSUPPORTED_MEDIA_TYPE'
  return 'INTERNAL'
}
