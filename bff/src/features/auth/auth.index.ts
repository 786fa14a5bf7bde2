import { OpenAPIHono } from '@hono/zod-openapi'
import { and, eq, gt, isNull } from 'drizzle-orm'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { Context } from 'hono'
import { HOLDER_KINDS } from '@bdc/shared/dict'
import { maskIdNumber, maskName } from '@bdc/shared/mask'
import { loginStates } from '../../db/schema'
import type { AppEnv, Deps, SessionContext } from '../../env'
import { AppError } from '../../lib/errors'
import { hashToken, newToken } from '../../security/crypto'
import { UpstreamRejection } from '../../upstream/client'
import type { UserInfo } from '../../upstream/contract'
import { auditRequest, CSRF_COOKIE, SESSION_COOKIE, currentSession } from '../sessions/sessions.middleware'
import { createSession, endSession } from '../sessions/sessions.service'
import { defaultHook } from '../../lib/validation'
import {
  callbackRoute,
  containerLoginRoute,
  demoCitizensRoute,
  devContainerCodeRoute,
  loginRoute,
  logoutRoute,
  meRoute,
} from './auth.routes'

const LOGIN_STATE_TTL_MS = 10 * 60_000
const LOGIN_PAGE = '/pages/login/index'

function callbackUrl(deps: Deps) {
  return `${deps.config.publicBaseUrl}/api/auth/callback`
}

export function meView(s: Pick<SessionContext, 'name' | 'holderKind' | 'idNumber' | 'channel' | 'expiresAt'>) {
  return {
    name: maskName(s.name, s.holderKind),
    kind: { code: s.holderKind, label: HOLDER_KINDS.label(s.holderKind) },
    idNumber: maskIdNumber(s.idNumber),
    channel: s.channel,
    expiresAt: s.expiresAt.toISOString(),
  }
}

/** Code → access token → userinfo; an invalid or reused code is the citizen's problem, not a 5xx. */
async function signIn(deps: Deps, grant: 'authorization_code' | 'container_code', code: string, redirectUri?: string): Promise<UserInfo> {
  try {
    const token = await deps.upstream.exchangeCode(grant, code, redirectUri)
    return await deps.upstream.userInfo(token.access_token)
  } catch (e) {
    if (e instanceof UpstreamRejection) throw new AppError('LOGIN_CODE_INVALID')
    throw e
  }
}

function requireSimulator(deps: Deps) {
  if (!deps.config.upstream.isSimulator) throw new AppError('DEV_ONLY')
}

function loginFailed(c: Context<AppEnv>, code: string) {
  return c.redirect(`${LOGIN_PAGE}?error=${encodeURIComponent(code)}`, 302)
}

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(loginRoute, async (c) => {
    const deps = c.var.deps
    const { returnTo } = c.req.valid('query')
    const state = newToken()
    const now = deps.now()
    await deps.db.insert(loginStates).values({
      stateHash: hashToken(state),
      returnTo: returnTo ?? '/',
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS),
    })
    const url = new URL(`${deps.config.upstream.publicUrl}/sso/authorize`)
    url.searchParams.set('response_type', 'code')
    url.searchParams.set('client_id', deps.config.upstream.clientId)
    url.searchParams.set('redirect_uri', callbackUrl(deps))
    url.searchParams.set('state', state)
    return c.redirect(url.toString(), 302)
  })
  .openapi(callbackRoute, async (c) => {
    const deps = c.var.deps
    const { code, state } = c.req.valid('query')
    if (!code || !state) return loginFailed(c, 'LOGIN_STATE_INVALID')
    const now = deps.now()
    // Single use: the update only matches an unused, unexpired state.
    const [pending] = await deps.db
      .update(loginStates)
      .set({ usedAt: now })
      .where(and(eq(loginStates.stateHash, hashToken(state)), isNull(loginStates.usedAt), gt(loginStates.expiresAt, now)))
      .returning({ returnTo: loginStates.returnTo })
    if (!pending) return loginFailed(c, 'LOGIN_STATE_INVALID')
    let user: UserInfo
    try {
      user = await signIn(deps, 'authorization_code', code, callbackUrl(deps))
    } catch (e) {
      if (e instanceof AppError) return loginFailed(c, e.code)
      throw e
    }
    const session = await createSession(deps, 'h5', user)
    const cookieBase = { path: '/', secure: deps.config.cookieSecure, expires: session.expiresAt }
    setCookie(c, SESSION_COOKIE, session.token, { ...cookieBase, httpOnly: true, sameSite: 'Lax' })
    setCookie(c, CSRF_COOKIE, session.csrfToken!, { ...cookieBase, httpOnly: false, sameSite: 'Strict' })
    await auditRequest(c, session, { action: 'auth.login', target: 'h5', outcome: 'ok' })
    c.var.log.info('login', { channel: 'h5', sessionId: session.id })
    return c.redirect(pending.returnTo, 302)
  })
  .openapi(containerLoginRoute, async (c) => {
    const deps = c.var.deps
    const { code } = c.req.valid('json')
    const user = await signIn(deps, 'container_code', code)
    const session = await createSession(deps, 'weapp', user)
    await auditRequest(c, session, { action: 'auth.login', target: 'weapp', outcome: 'ok' })
    c.var.log.info('login', { channel: 'weapp', sessionId: session.id })
    return c.json(
      {
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        me: meView({ name: user.name, holderKind: user.kind, idNumber: user.idNumber, channel: 'weapp', expiresAt: session.expiresAt }),
      },
      200,
    )
  })
  .openapi(demoCitizensRoute, async (c) => {
    requireSimulator(c.var.deps)
    const { citizens } = await c.var.deps.upstream.demoCitizens()
    return c.json({ citizens }, 200)
  })
  .openapi(devContainerCodeRoute, async (c) => {
    requireSimulator(c.var.deps)
    const { citizenId } = c.req.valid('json')
    try {
      const { code } = await c.var.deps.upstream.containerCode(citizenId)
      return c.json({ code }, 200)
    } catch (e) {
      if (e instanceof UpstreamRejection) throw new AppError('VALIDATION_FAILED', [{ path: 'citizenId', message: '演示市民不存在' }])
      throw e
    }
  })
  .openapi(logoutRoute, async (c) => {
    const deps = c.var.deps
    const s = currentSession(c)
    await endSession(deps, s.id, 'logout')
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    deleteCookie(c, CSRF_COOKIE, { path: '/' })
    await auditRequest(c, s, { action: 'auth.logout', outcome: 'ok' })
    return c.json({ ok: true as const }, 200)
  })
  .openapi(meRoute, (c) => c.json(meView(currentSession(c)), 200))
