/** Small builders for route contracts, so every feature documents bodies and errors the same way. */
import type { z } from '@hono/zod-openapi'
import { ErrorBodySchema } from '@bdc/shared/api'

/** A JSON response (or request body) of `schema`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

/** An error response: always the `{code, message, details?, requestId?}` envelope. */
export const errorResponse = (description: string) => jsonContent(ErrorBodySchema, description)

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
})
