import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../../env'
import { audit } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditRequest, clearSessionCookies, cookieName, cookiePrefix, currentSession, setSessionCookies } from '../sessions/sessions.index'
import type * as routes from './auth.routes'
import {
  containerLogin as signInContainer,
  demoCitizens as citizens,
  devContainerCode as issueCode,
  finishLogin,
  LOGIN_STATE_TTL_MS,
  logout as endSession,
  meView,
  startLogin,
} from './auth.service'

const LOGIN_PAGE = '/pages/login/index'

/**
 * The cookie that binds a started H5 login to this browser: HttpOnly, SameSite=Lax (it must come
 * along on the top-level redirect back from the identity service), as long-lived as the state.
 * Path=/api/auth over http; under https it is `__Host-bdc_login`, which the prefix pins to Path=/.
 */
const LOGIN_COOKIE = 'bdc_login'

function loginCookieOptions(c: Context<AppEnv>) {
  const secure = c.var.deps.config.cookieSecure
  return { path: secure ? '/' : '/api/auth', secure, httpOnly: true, sameSite: 'Lax' as const, ...cookiePrefix(c) }
}

function loginFailed(c: Context<AppEnv>, code: string) {
  return c.redirect(`${LOGIN_PAGE}?error=${encodeURIComponent(code)}`, 302)
}

/** The page a browser sees for a callback it did not start (or a used or expired one): nothing changes, start again. */
const LOGIN_EXPIRED_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>登录请求已失效</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:48px 24px;color:#1f2329;line-height:1.7}main{max-width:480px;margin:0 auto}h1{font-size:22px}a{display:inline-block;margin-top:16px;padding:10px 24px;background:#1677ff;color:#fff;border-radius:6px;text-decoration:none;font-size:18px}</style>
</head>
<body><main>
<h1>登录请求已失效，请重新登录</h1>
<p>这个登录链接不是在本浏览器中发起的，或者已经用过、已经过期。为保护您的账户，本次没有登录，您原来的登录状态没有改变。</p>
<a href="/api/auth/login">重新登录</a>
</main></body>
</html>
`

export const login: AppRouteHandler<typeof routes.loginRoute> = async (c) => {
  const { url, binding } = await startLogin(c.var.deps, c.req.valid('query').returnTo)
  setCookie(c, LOGIN_COOKIE, binding, { ...loginCookieOptions(c), maxAge: LOGIN_STATE_TTL_MS / 1000 })
  c.header('Cache-Control', 'no-store')
  return c.redirect(url, 302)
}

export const callback: AppRouteHandler<typeof routes.callbackRoute> = async (c) => {
  const deps = c.var.deps
  const { code, state } = c.req.valid('query')
  const r = await finishLogin(deps, code, state, getCookie(c, cookieName(c, LOGIN_COOKIE)))
  c.header('Cache-Control', 'no-store')
  if (!r.ok && r.code === 'LOGIN_STATE_INVALID') {
    // Not this browser's login (or used, or expired): no session cookie is touched, and the binding
    // cookie stays — it may belong to a login this browser has in progress in another tab.
    c.var.log.warn('login refused', { channel: 'h5', reason: 'state' })
    // audited with no actor: the browser's own session, if any, is none of the refused login's business
    await audit(deps.db, { action: 'auth.login', target: 'h5 state', outcome: 'denied', requestId: c.var.requestId })
    return c.html(LOGIN_EXPIRED_PAGE, 400)
  }
  deleteCookie(c, LOGIN_COOKIE, loginCookieOptions(c))
  if (!r.ok) {
    await audit(deps.db, { action: 'auth.login', target: `h5 ${r.code}`, outcome: 'failed', requestId: c.var.requestId })
    return loginFailed(c, r.code)
  }
  const { session } = r
  setSessionCookies(c, session)
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
  clearSessionCookies(c)
  await auditRequest(c, s, { action: 'auth.logout', outcome: 'ok' })
  return c.json({ ok: true as const }, 200)
}

export const me: AppRouteHandler<typeof routes.meRoute> = (c) => c.json(meView(currentSession(c)), 200)
