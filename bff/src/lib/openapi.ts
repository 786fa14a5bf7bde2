/** Small builders for route contracts, so every feature documents bodies and errors the same way. */
import { z, type RouteConfig, type RouteHandler } from '@hono/zod-openapi'
import { ErrorBodySchema } from '@bdc/shared/api'
import type { ErrorCode } from '@bdc/shared/errors'
import type { AppEnv } from '../env'

/** A JSON response (or request body) of `schema`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

/** A binary (file) response of one media type. */
export const binaryContent = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string().meta({ format: 'binary' }) } },
})

/** The error envelope as a named schema the narrowed envelopes extend (`allOf: [$ref Error, …]`). */
const ErrorEnvelope = ErrorBodySchema.openapi('Error')

/**
 * An error response: always the `{code, message, details?, requestId?}` envelope, its `code` narrowed
 * to the codes this response may carry — data in the contract (and in the typed client), not prose.
 * Every code must have the response's HTTP status (shared/src/errors.ts); a test checks the document.
 */
export const errorResponse = <const C extends readonly [ErrorCode, ...ErrorCode[]]>(description: string, codes: C) =>
  jsonContent(ErrorEnvelope.extend({ code: z.enum(codes) }), description)

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
})

/** What a request body the validator rejects may carry: a bad field, or a body that does not parse. */
export const BODY_INVALID = ['VALIDATION_FAILED', 'MALFORMED_JSON'] as const

/** 401 of every route behind a session (features/sessions/sessions.routes.ts adds it). */
export const unauthorized = errorResponse('未登录或登录已过期', ['UNAUTHENTICATED', 'SESSION_EXPIRED'])

/** 403 of a state-changing route whose only extra check is the CSRF token. */
export const csrfFailed = errorResponse('CSRF 校验失败', ['CSRF_REJECTED'])

/** 502/503 of a route that reads from the provincial services. */
export const upstreamErrors = {
  502: errorResponse('省级服务返回数据异常', ['UPSTREAM_BAD_RESPONSE']),
  503: errorResponse('省级服务不可用或超时', ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']),
}

/** A handler typed by its route: what it may read from the request and answer. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>
