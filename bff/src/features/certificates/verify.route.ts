/**
 * POST /api/certificates/verify — public certificate verification, mounted in app.ts AHEAD of the
 * middleware chain. It is the one endpoint anyone may call at volume (banks' systems, every phone
 * camera that scans a certificate), and measured on this machine the generic chain cost more than
 * the verification itself. So this handler does, once and only, what the chain would have done for
 * it: the request id (X-Request-Id, accepted or generated as the requestId middleware does), the
 * same security headers (lib/security-headers.ts), the API body limit, the access log line, and the
 * error envelope with the same codes (MALFORMED_JSON, VALIDATION_FAILED, PAYLOAD_TOO_LARGE,
 * RATE_LIMITED, UPSTREAM_*, INTERNAL). No session is read: the endpoint needs none.
 * Its contract is verifyRoute (certificates.routes.ts), published in the OpenAPI document.
 */
import crypto from 'node:crypto'
import type { Context } from 'hono'
import { VerifyBodySchema } from '@bdc/shared/certificates/api'
import { ERROR_CODES, errorBody, type ErrorBody, type ErrorCode } from '@bdc/shared/errors'
import type { Deps } from '../../env'
import { bodyText } from '../../lib/body'
import { AppError, validationDetails } from '../../lib/errors'
import { verifyCode } from './verify.service'

/** Same limit as every other API body (app.ts API_BODY_LIMIT). */
const BODY_LIMIT = 64 * 1024
const PATH = '/api/certificates/verify'

/** The caller's address for rate limiting only (hashed before use). Behind our gateway the last X-Forwarded-For hop is the client. */
export function clientAddress(c: Context): string {
  const xff = c.req.header('x-forwarded-for')
  if (xff) return xff.split(',').pop()!.trim()
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}

export function verifyEndpoint(deps: Deps, securityHeaders: Readonly<Record<string, string>>) {
  return async (c: Context): Promise<Response> => {
    const started = performance.now()
    const given = c.req.header('x-request-id')
    const requestId = given && given.length <= 255 && !/[^\w\-=]/.test(given) ? given : crypto.randomUUID()
    const respond = (status: number, body: unknown, extra?: Record<string, string>) => {
      deps.logger.info('request', { requestId, method: 'POST', path: PATH, status, ms: Math.round(performance.now() - started) })
      return new Response(JSON.stringify(body), {
        status,
        headers: { ...securityHeaders, 'content-type': 'application/json', 'cache-control': 'no-store', 'x-request-id': requestId, ...extra },
      })
    }
    const fail = (code: ErrorCode, details?: ErrorBody['details'], extra?: Record<string, string>) => respond(ERROR_CODES[code].status, errorBody(code, details, requestId), extra)
    try {
      const text = await bodyText(c, BODY_LIMIT)
      if (text === null) return fail('PAYLOAD_TOO_LARGE')
      // Like the validator of every other route: a body that is not declared JSON counts as empty.
      let json: unknown = {}
      if (/^application\/([\w.-]+\+)?json$/i.test(c.req.header('content-type')?.split(';')[0]?.trim() ?? '')) {
        try {
          json = JSON.parse(text)
        } catch {
          return fail('MALFORMED_JSON')
        }
      }
      const body = VerifyBodySchema.safeParse(json)
      if (!body.success) return fail('VALIDATION_FAILED', validationDetails(body.error))
      const channelHeader = c.req.header('x-verify-channel')
      const channel = channelHeader === 'page' || channelHeader === 'app' ? channelHeader : 'api'
      // The client address is counted only as an HMAC, never stored.
      const result = await verifyCode(deps, body.data.code, channel, deps.cipher.blindIndex('ip:' + clientAddress(c)))
      if (!result.allowed) return fail('RATE_LIMITED', undefined, { 'retry-after': String(result.retryAfter) })
      return respond(200, result.verification)
    } catch (e) {
      if (e instanceof AppError) return fail(e.code, e.details)
      deps.logger.error('unhandled', { requestId, error: (e as Error).message, stack: (e as Error).stack?.split('\n').slice(0, 5).join(' | ') })
      return fail('INTERNAL')
    }
  }
}
