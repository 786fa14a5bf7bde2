/**
 * Composition of the BFF: middleware order matters and is read top to bottom.
 * Feature routers hold their own contracts (features/<name>/*.routes.ts); this file only wires.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { h5App } from '@bdc/h5'
import type { AppEnv, Deps } from './env'
import { appointmentsRoutes } from './features/appointments/appointments.index'
import { applicationsRoutes } from './features/applications/applications.index'
import { ratingsRoutes } from './features/ratings/ratings.index'
import { accessRecordsRoutes } from './features/access-records/access-records.index'
import { proofsRoutes } from './features/proofs/proofs.index'
import { APPLICATION_UPLOAD_LIMIT, isApplicationUpload } from './features/applications/applications.routes'
import { authRoutes } from './features/auth/auth.index'
import { delegationsRoutes } from './features/delegations/delegations.index'
import { healthRoutes } from './features/health/health.index'
import { INSTITUTION_API_BASE, institutionApiRoutes, institutionsRoutes } from './features/institutions/institutions.index'
import { isLivenessUpload, LIVENESS_BODY_GUARD, LIVENESS_BODY_LIMIT } from './features/liveness/liveness.routes'
import { livenessRoutes } from './features/liveness/liveness.index'
import { propertiesRoutes } from './features/properties/properties.index'
import { certificatesRoutes, VERIFY_FILE_PATH } from './features/certificates/certificates.index'
import { restrictionQueryRoutes } from './features/restriction-query/restriction-query.index'
import { loadSession } from './features/sessions/sessions.middleware'
import { API_BODY_LIMIT, limitBody } from './lib/body'
import { applySecurityHeaders, securityHeaders } from './lib/security-headers'
import { VERIFY_PATH, verifyEndpoint } from './features/certificates/certificates.verify-route'
import { VERIFY_FILE_MAX_BYTES } from '@bdc/shared/certificates/api'
import { AppError, codeForHttpException, sendError } from './lib/errors'
import { clientAddressOf } from './lib/client-address'
import { errorFields } from './lib/logger'
import { hitRateLimit, LOGIN_START_LIMIT, rateLimitedError, UPLOAD_LIMIT, withUploadSlot } from './lib/rate-limit'
import { controlRefused, defaultHook, refuseControlCharacters } from './lib/validation'

/** The typed API surface (what the app's client sees). */
export function apiRoutes() {
  return new OpenAPIHono<AppEnv>({ defaultHook })
    .route('/', authRoutes)
    .route('/', propertiesRoutes)
    .route('/', certificatesRoutes)
    .route('/', delegationsRoutes)
    .route('/', restrictionQueryRoutes)
    .route('/', appointmentsRoutes)
    .route('/', livenessRoutes)
    .route('/', applicationsRoutes)
    .route('/', ratingsRoutes)
    .route('/', accessRecordsRoutes)
    .route('/', proofsRoutes)
    .route('/', institutionsRoutes)
}

export interface AppOptions {
  /** The in-process provincial simulator, built with basePath '/province' (embedded mode only). */
  simulator?: { fetch(req: Request): Response | Promise<Response> }
}

export function createApp(deps: Deps, opts: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook })
  const headers = securityHeaders(deps.config)

  // Public certificate verification answers ahead of the chain below: it is the one endpoint anyone
  // may call at volume (banks' systems, every camera that scans a certificate), so it does only what
  // it needs, itself — request id, these same security headers, body limit, access log, error
  // envelope (features/certificates/certificates.verify-route.ts; contract documented as verifyRoute).
  app.post(VERIFY_PATH, verifyEndpoint(deps, headers))

  // Our own id for every request: a client's X-Request-Id is never taken as ours (the audit trail keeps it apart).
  app.use('*', async (c, next) => {
    const id = crypto.randomUUID()
    c.set('requestId', id)
    c.header('X-Request-Id', id)
    await next()
  })
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    c.set('log', deps.logger.child({ requestId: c.var.requestId }))
    const started = performance.now()
    await next()
    // Path only: query strings may carry one-time codes.
    c.var.log.info('request', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      ip: clientAddressOf(c, deps.config.trustedProxies),
    })
  })
  // The embedded provincial simulator is an independent app with its own headers and errors:
  // hand it the raw request before our API middleware runs.
  const simulator = opts.simulator
  if (simulator) app.all('/province/*', (c) => simulator.fetch(c.req.raw))

  app.use('*', applySecurityHeaders(headers))

  const apiLimit = limitBody({ maxSize: API_BODY_LIMIT, onError: (c) => sendError(c, 'PAYLOAD_TOO_LARGE') })
  // The face-check upload (a burst of frames) is the one route with a larger limit.
  // Its JSON is guarded as it arrives (lib/body.ts JsonGuard): a hostile 6 MB body is refused at
  // the first byte that breaks a bound, never parsed whole on the main thread.
  const livenessLimit = limitBody({
    maxSize: LIVENESS_BODY_LIMIT,
    onError: (c) => sendError(c, 'PAYLOAD_TOO_LARGE'),
    guard: {
      limits: LIVENESS_BODY_GUARD,
      onRefused: (c, problem) => (problem.kind === 'control' ? controlRefused(c, 'body') : sendError(c, 'VALIDATION_FAILED', [{ path: '(body)', message: problem.message }])),
    },
  })
  // Material photos (multipart, ≤ 10 MB) likewise; the handler answers UPLOAD_TOO_LARGE past it.
  const uploadLimit = limitBody({ maxSize: APPLICATION_UPLOAD_LIMIT, onError: (c) => sendError(c, 'UPLOAD_TOO_LARGE') })
  // A certificate file to verify (public, ≤ 2 MB): VERIFY_FILE_TOO_LARGE past it.
  const verifyFileLimit = limitBody({ maxSize: VERIFY_FILE_MAX_BYTES, onError: (c) => sendError(c, 'VERIFY_FILE_TOO_LARGE') })
  app.use('/api/*', (c, next) =>
    isLivenessUpload(c.req.path)
      ? livenessLimit(c, next)
      : isApplicationUpload(c.req.path)
        ? uploadLimit(c, next)
        : c.req.path === VERIFY_FILE_PATH
          ? verifyFileLimit(c, next)
          : apiLimit(c, next),
  )
  // NUL and other control characters go no further than this (400), in path, query or JSON body.
  app.use('/api/*', refuseControlCharacters)
  app.use('/api/*', loadSession)
  // Anonymous login starts per client address; material photo uploads per citizen (lib/rate-limit.ts).
  app.get('/api/auth/login', async (c, next) => {
    const r = await hitRateLimit(deps, `login:${deps.cipher.blindIndex('ip:' + clientAddressOf(c, deps.config.trustedProxies))}`, [LOGIN_START_LIMIT])
    if (!r.allowed) throw rateLimitedError(r)
    await next()
  })
  app.post('/api/*', async (c, next) => {
    const session = c.var.session
    if (!session || !isApplicationUpload(c.req.path)) return next()
    const r = await hitRateLimit(deps, `upload:${session.actor}`, [UPLOAD_LIMIT])
    if (!r.allowed) throw rateLimitedError(r, 'UPLOAD_RATE_LIMITED')
    const done = await withUploadSlot(session.actor, async () => {
      await next()
      return true
    })
    if (!done) throw new AppError('UPLOAD_RATE_LIMITED', undefined, { headers: { 'Retry-After': '1' } })
  })
  app.route('/api', apiRoutes())
  app.route('/', healthRoutes)

  // The institutions' signed API (banks, 公积金 centres): no session, no cookie, no CSRF — each request
  // carries its HMAC-SM3 signature (features/institutions). Its own OpenAPI document at /inst/v1/openapi.json.
  app.use(`${INSTITUTION_API_BASE}/*`, apiLimit)
  app.route(INSTITUTION_API_BASE, institutionApiRoutes(deps.config.publicBaseUrl))

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '不动产登记「一窗办事」BFF',
      version: '0.1.0',
      description:
        '天府通办·不动产登记市民端的唯一后端。所有错误返回 {code, message, details?, requestId?}；' +
        'H5 使用 HttpOnly Cookie 会话（非安全方法需携带 X-CSRF-Token），小程序使用 Bearer 令牌。',
    },
    servers: [{ url: deps.config.publicBaseUrl }],
  })

  app.all('/api/*', (c) => sendError(c, 'NOT_FOUND'))
  app.all(`${INSTITUTION_API_BASE}/*`, (c) => sendError(c, 'NOT_FOUND'))
  app.route('/', h5App({ distDir: deps.config.h5Dist }))
  app.notFound((c) => sendError(c, 'NOT_FOUND'))

  app.onError((err, c) => {
    if (err instanceof AppError) return sendError(c, err.code, err.details, err.headers)
    if (err instanceof HTTPException) return sendError(c, codeForHttpException(err))
    const log = c.var.log ?? deps.logger
    // Never the error's message as it is: a failed query's carries the statement's parameters.
    log.error('unhandled', errorFields(err))
    return sendError(c, 'INTERNAL')
  })
  return app
}

export type ApiRoutes = ReturnType<typeof apiRoutes>
