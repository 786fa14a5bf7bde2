/**
 * POST /api/certificates/verify — public certificate verification, answered AHEAD of the middleware
 * chain. It is the one endpoint anyone may call at volume (banks' systems, every phone camera that
 * scans a certificate), and measured on this machine the generic chain — and on Node even Hono's
 * Request/Response adaptation — cost more than the verification itself. So the answer is built here,
 * once, by `answer()`, doing only what the chain would have done for this route: the request id
 * (X-Request-Id accepted or generated as the requestId middleware does), the same security headers
 * (lib/security-headers.ts), the API body limit, the access log line, and the error envelope with the
 * same codes (MALFORMED_JSON, VALIDATION_FAILED, PAYLOAD_TOO_LARGE, RATE_LIMITED, UPSTREAM_*,
 * INTERNAL). No session is read: the endpoint needs none.
 *
 * Two thin doors lead to it: `withVerifyRoute` in front of the Node HTTP server (main.ts: the
 * request goes from the socket to `answer()` and back), and `verifyEndpoint`, the Hono route at the
 * head of app.ts for everything that calls the app in-process (tests, other runtimes).
 * Its contract is verifyRoute (certificates.routes.ts), published in the OpenAPI document; the
 * verification itself is verifyCode (certificates.verify.ts).
 */
import crypto from 'node:crypto'
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import type { Context } from 'hono'
import { VerifyBodySchema } from '@bdc/shared/certificates/api'
import { ERROR_CODES, errorBody, type ErrorBody, type ErrorCode } from '@bdc/shared/errors'
import type { Deps } from '../../env'
import { API_BODY_LIMIT, bodyText, isJsonType, nodeBody, utf8 } from '../../lib/body'
import { AppError, validationDetails } from '../../lib/errors'
import { clientAddress, trustOf } from '../../lib/client-address'
import { errorFields } from '../../lib/logger'
import { VERIFY_LIMIT, verifyCode, type VerifyChannel } from './certificates.verify'

export const VERIFY_PATH = '/api/certificates/verify'

/** What answer() needs of a request, whichever door it came through. */
interface VerifyRequest {
  header(name: string): string | undefined
  /** The body as text, or null when larger than the limit. */
  body(maxSize: number): Promise<string | null>
  /** The peer address of the connection (undefined: called in-process, no socket). */
  peer: string | undefined
}
interface VerifyAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** The caller's address (lib/client-address.ts: X-Forwarded-For only through TRUSTED_PROXIES) — for the rate limit (hashed before use) and the access log. */
function clientOf(deps: Deps, req: VerifyRequest): string {
  return clientAddress(req.peer, req.header('x-forwarded-for'), trustOf(deps.config.trustedProxies))
}

/**
 * Where a check came from, derived here from what the browser or the mini-program container sets —
 * headers a web page's script cannot set or change (Fetch Metadata, Referer), never a header of the
 * client's choosing:
 *   - the mini-program: its requests carry the container's Referer https://servicewechat.com/<appid>/…;
 *   - a browser on our own pages (Sec-Fetch-Site: same-origin): the public verify page /v/ → 'page',
 *     any other page of ours (the H5 app's 证照核验) → 'app';
 *   - anything else (a bank's system, a script, another site) → 'api'.
 * A program outside a browser can claim any of these for its own checks; that only relabels them, and
 * each is limited and audited the same.
 */
export function channelOf(req: Pick<VerifyRequest, 'header'>): VerifyChannel {
  const referer = req.header('referer') ?? ''
  if (/^https:\/\/servicewechat\.com\//.test(referer)) return 'app'
  if (req.header('sec-fetch-site') !== 'same-origin') return 'api'
  let path = ''
  try {
    path = new URL(referer).pathname
  } catch {
    return 'app'
  }
  return path === '/v' || path.startsWith('/v/') ? 'page' : 'app'
}

async function answer(deps: Deps, securityHeaders: Readonly<Record<string, string>>, req: VerifyRequest): Promise<VerifyAnswer> {
  const started = performance.now()
  const ip = clientOf(deps, req)
  // Our own id, as for every other request; a client's X-Request-Id goes to the audit row apart.
  const requestId = crypto.randomUUID()
  const sent = req.header('x-request-id')
  const clientRequestId = sent ? sent.replace(/[^\x20-\x7e]/g, '').slice(0, 128) || null : null
  const respond = (status: number, json: string, extra?: Record<string, string>): VerifyAnswer => {
    deps.logger.info('request', { requestId, method: 'POST', path: VERIFY_PATH, status, ms: Math.round(performance.now() - started), ip })
    return {
      status,
      headers: { ...securityHeaders, 'content-type': 'application/json', 'cache-control': 'no-store', 'x-request-id': requestId, ...extra },
      body: json,
    }
  }
  const fail = (code: ErrorCode, details?: ErrorBody['details'], extra?: Record<string, string>) =>
    respond(ERROR_CODES[code].status, JSON.stringify(errorBody(code, details, requestId)), extra)
  try {
    const text = await req.body(API_BODY_LIMIT)
    if (text === null) return fail('PAYLOAD_TOO_LARGE')
    // Like the validator of every other route: a body that is not declared JSON counts as empty.
    let json: unknown = {}
    if (isJsonType(req.header('content-type'))) {
      try {
        json = JSON.parse(text)
      } catch {
        return fail('MALFORMED_JSON')
      }
    }
    const body = VerifyBodySchema.safeParse(json)
    if (!body.success) return fail('VALIDATION_FAILED', validationDetails(body.error))
    // The client address is counted only as an HMAC, never stored.
    const result = await verifyCode(deps, body.data.code, channelOf(req), deps.cipher.blindIndex('ip:' + ip), { requestId, clientRequestId })
    if (!result.allowed) {
      const wait = String(result.retryAfter)
      return fail('RATE_LIMITED', undefined, { 'retry-after': wait, 'ratelimit-limit': String(VERIFY_LIMIT.max), 'ratelimit-remaining': '0', 'ratelimit-reset': wait })
    }
    return respond(200, result.json)
  } catch (e) {
    if (e instanceof AppError) return fail(e.code, e.details)
    deps.logger.error('unhandled', { requestId, ...errorFields(e) })
    return fail('INTERNAL')
  }
}

/** The Hono door: the route at the head of app.ts (in-process calls, tests, runtimes other than Node's server). */
export function verifyEndpoint(deps: Deps, securityHeaders: Readonly<Record<string, string>>) {
  return async (c: Context): Promise<Response> => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
    const a = await answer(deps, securityHeaders, { header: (name) => c.req.header(name), body: (max) => bodyText(c, max), peer: incoming?.socket?.remoteAddress })
    return new Response(a.body, { status: a.status, headers: a.headers })
  }
}

/**
 * The Node door: wraps the server's request listener (main.ts) so POST /api/certificates/verify goes
 * from the socket straight to answer(); every other request goes to `next` (Hono) untouched.
 */
export function withVerifyRoute(deps: Deps, securityHeaders: Readonly<Record<string, string>>, next: RequestListener): RequestListener {
  const header = (req: IncomingMessage) => (name: string) => {
    const v = req.headers[name]
    return Array.isArray(v) ? v.join(', ') : v
  }
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== VERIFY_PATH) return next(req, res)
    const request: VerifyRequest = {
      header: header(req),
      body: async (max) => {
        const buf = await nodeBody(req, max)
        return buf && utf8.decode(buf)
      },
      peer: req.socket.remoteAddress,
    }
    answer(deps, securityHeaders, request).then(
      (a) => {
        a.headers['content-length'] = String(Buffer.byteLength(a.body))
        res.writeHead(a.status, a.headers).end(a.body)
      },
      // answer() catches everything; this is only if writing itself fails (the client went away)
      () => res.destroy(),
    )
  }
}
