/** Small builders for route contracts, so every feature documents bodies and errors the same way. */
import { z } from '@hono/zod-openapi'
import { ErrorBodySchema } from '@bdc/shared/api'

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

/** An error response: always the `{code, message, details?, requestId?}` envelope. */
export const errorResponse = (description: string) => jsonContent(ErrorBodySchema, description)

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
})

/** 401 of every route behind a session (features/sessions/session-route.ts adds it). */
export const unauthorized = errorResponse('未登录或登录已过期')

/** 403 of a state-changing route whose only extra check is the CSRF token. */
export const csrfFailed = errorResponse('CSRF 校验失败')

/** 502/503 of a route that reads from the provincial services. */
export const upstreamErrors = { 502: errorResponse('省级服务返回数据异常'), 503: errorResponse('省级服务不可用或超时') }
