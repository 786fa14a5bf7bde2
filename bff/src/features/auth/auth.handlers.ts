import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../../env'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditRequest, CSRF_COOKIE, currentSession, SESSION_COOKIE } from '../sessions/sessions.index'
import type * as routes from './auth.routes'
import { containerLogin as signInContainer, demoCitizens as citizens, devContainerCode as issueCode, finishLogin, logout as endSession, meView, startLogin } from './auth.service'

const LOGIN_PAGE = '/pages/login/index'

function loginFailed(c: Context<AppEnv>, code: string) {
  return c.redirect(`${LOGIN_PAGE}?error=${encodeURIComponent(code)}`, 302)
}

export const login: AppRouteHandler<typeof routes.loginRoute> = async (c) => c.redirect(await startLogin(c.var.deps, c.req.valid('query').returnTo), 302)

export const callback: AppRouteHandler<typeof routes.callbackRoute> = async (c) => {
  const deps = c.var.deps
  const { code, state } = c.req.valid('query')
  const r = await finishLogin(deps, code, state)
  if (!r.ok) return loginFailed(c, r.code)
  const { session } = r
  const cookieBase = { path: '/', secure: deps.config.cookieSecure, expires: session.expiresAt }
  setCookie(c, SESSION_COOKIE, session.token, { ...cookieBase, httpOnly: true, sameSite: 'Lax' })
  setCookie(c, CSRF_COOKIE, session.csrfToken!, { ...cookieBase, httpOnly: false, sameSite: 'Strict' })
  await auditRequest(c, session, { action: 'auth.login', target: 'h5', outcome: 'ok' })
  c.var.log.info('login', { channel: 'h5', sessionId: session.id })
  return c.redirect(r.returnTo, 302)
}

export const containerLogin: AppRouteHandler<typeof routes.containerLoginRoute> = async (c) => {
  const { session, result } = await signInContainer(c.var.deps, c.req.valid('json').code)
  await auditRequest(c, session, { action: 'auth.login', target: 'weapp', outcome: 'ok' })
  c.var.log.info('login', { channel: 'weapp', sessionId: session.id })
  return c.json(result, 200)
}

export const demoCitizens: AppRouteHandler<typeof routes.demoCitizensRoute> = async (c) => c.json({ citizens: await citizens(c.var.deps) }, 200)

export const devContainerCode: AppRouteHandler<typeof routes.devContainerCodeRoute> = async (c) => c.json({ code: await issueCode(c.var.deps, c.req.valid('json').citizenId) }, 200)

export const logout: AppRouteHandler<typeof routes.logoutRoute> = async (c) => {
  const s = currentSession(c)
  await endSession(c.var.deps, s)
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
  deleteCookie(c, CSRF_COOKIE, { path: '/' })
  await auditRequest(c, s, { action: 'auth.logout', outcome: 'ok' })
  return c.json({ ok: true as const }, 200)
}

export const me: AppRouteHandler<typeof routes.meRoute> = (c) => c.json(meView(currentSession(c)), 200)
