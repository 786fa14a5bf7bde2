import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { AppEnv, SessionContext } from '../../env'
import { audit, type AuditEvent, type RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { equalDigests, hashToken } from '../../security/crypto'
import { hasFreshStepUp } from '../liveness/liveness.service'
import { resolveSession } from './sessions.service'

export const SESSION_COOKIE = 'bdc_session'
export const CSRF_COOKIE = 'bdc_csrf'
export const CSRF_HEADER = 'x-csrf-token'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The cookie options of this deployment: under https every cookie of ours carries the `__Host-`
 * prefix (Secure, Path=/, no Domain: no sibling subdomain or plain-http page can set or shadow it).
 */
export function cookiePrefix(c: { var: AppEnv['Variables'] }): { prefix?: 'host' } {
  return c.var.deps.config.cookieSecure ? { prefix: 'host' } : {}
}

/** The name a browser stores cookie `name` under here (`__Host-…` under https). */
export function cookieName(c: { var: AppEnv['Variables'] }, name: string) {
  return c.var.deps.config.cookieSecure ? `__Host-${name}` : name
}

/**
 * The H5 session's cookies: browser-session cookies (no Expires/Max-Age: closing the browser ends
 * them; the server still enforces the idle and absolute limits), the token HttpOnly, the CSRF
 * double-submit token readable by the page.
 */
export function setSessionCookies(c: Context<AppEnv>, session: { token: string; csrfToken: string | null }) {
  const base = { path: '/', secure: c.var.deps.config.cookieSecure, ...cookiePrefix(c) }
  setCookie(c, SESSION_COOKIE, session.token, { ...base, httpOnly: true, sameSite: 'Lax' })
  if (session.csrfToken) setCookie(c, CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false, sameSite: 'Strict' })
}

export function clearSessionCookies(c: Context<AppEnv>) {
  const base = { path: '/', secure: c.var.deps.config.cookieSecure, ...cookiePrefix(c) }
  deleteCookie(c, SESSION_COOKIE, base)
  deleteCookie(c, CSRF_COOKIE, base)
}

/**
 * Finds the session from `Authorization: Bearer` (mini-program) or the HttpOnly cookie (H5).
 * Cookie-borne sessions are what CSRF attacks ride on, so for them every unsafe request must
 * (1) come from our own origin when the browser says where it comes from, and (2) carry the
 * double-submit token from the readable `bdc_csrf` cookie in `X-CSRF-Token`.
 * Cookie names carry the `__Host-` prefix under https (cookieName).
 */
export const loadSession = createMiddleware<AppEnv>(async (c, next) => {
  const deps = c.var.deps
  const auth = c.req.header('authorization')
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined
  const cookieToken = bearer ? undefined : getCookie(c, cookieName(c, SESSION_COOKIE))
  const token = bearer ?? cookieToken
  c.set('session', undefined)
  c.set('sessionProblem', undefined)
  if (token) {
    const result = await resolveSession(deps, token)
    if (result.ok) {
      if (cookieToken && !SAFE.has(c.req.method)) {
        const origin = c.req.header('origin')
        if (origin && origin !== new URL(deps.config.publicBaseUrl).origin) throw new AppError('CSRF_REJECTED')
        const given = c.req.header(CSRF_HEADER)
        if (!given || !result.session.csrfHash || !equalDigests(hashToken(given), result.session.csrfHash)) {
          throw new AppError('CSRF_REJECTED')
        }
      }
      c.set('session', result.session)
      c.set('log', c.var.log.child({ sessionId: result.session.id }))
    } else {
      c.set('sessionProblem', result.problem)
    }
  }
  await next()
  // Personal answers are never kept by a browser or shared cache (nor shown again by the back button
  // after logout): every API answer is no-store unless its handler chose otherwise (public keys).
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store')
})

/** Guard for routes that need a logged-in citizen. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.session) throw new AppError(c.var.sessionProblem === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED')
  await next()
})

/**
 * Guard for actions that need a fresh face check (人脸识别 step-up): creating a delegation and
 * opening one as the delegate, and every other sensitive route. The switch `REQUIRE_FACE_STEP_UP`
 * (default off) turns the demand on; when on, a request passes only if this session passed a face
 * check (features/liveness) within the step-up lifetime (`FACE_STEP_UP_MINUTES`, default 10),
 * as recorded in the database — otherwise 403 FACE_CHECK_REQUIRED, which the app answers by
 * opening the face-check page. Every route that needs the check uses this guard (stepUpRoute).
 */
export const requireStepUp = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.deps.config.requireFaceStepUp) {
    const s = c.var.session
    if (!s || !(await hasFreshStepUp(c.var.deps, s.id))) throw new AppError('FACE_CHECK_REQUIRED')
  }
  await next()
})

export function currentSession(c: { var: AppEnv['Variables'] }) {
  const s = c.var.session
  if (!s) throw new AppError('UNAUTHENTICATED')
  return s
}

/** Appends to the audit log an action of session `s` in the current request (actor, session and request ids filled in). */
export function auditRequest(
  c: { var: AppEnv['Variables']; req?: { header(name: string): string | undefined } },
  s: Pick<SessionContext, 'id' | 'actor'>,
  e: Pick<AuditEvent, 'action' | 'target' | 'outcome'>,
) {
  // A client's own X-Request-Id is kept in its own field (bounded, printable only), never as ours.
  const sent = c.req?.header('x-request-id')
  const clientRequestId = sent ? sent.replace(/[^\x20-\x7e]/g, '').slice(0, 128) || null : null
  return audit(c.var.deps.db, { ...e, actor: s.actor, sessionId: s.id, requestId: c.var.requestId, clientRequestId })
}

/** The audit of this request's actions by session `s`, for a service to record as it decides. */
export function auditor(c: { var: AppEnv['Variables']; req?: { header(name: string): string | undefined } }, s: Pick<SessionContext, 'id' | 'actor'>): RequestAudit {
  return (e) => auditRequest(c, s, e)
}
