/**
 * Login through 天府通办's identity service (统一身份认证): the H5 redirect flow with a single-use
 * `state`, the mini-program's container code, and the demo helpers only a simulator offers.
 * Sessions themselves are features/sessions.
 */
import { and, eq, gt, isNull } from 'drizzle-orm'
import { HOLDER_KINDS } from '@bdc/shared/dict'
import { maskIdNumber, maskName } from '@bdc/shared/mask'
import { loginStates } from '../../db/schema'
import type { Deps, SessionContext } from '../../env'
import { AppError } from '../../lib/errors'
import { equalDigests, hashToken, newToken } from '../../security/crypto'
import { UpstreamRejection } from '../../upstream/client'
import type { UserInfo } from '@bdc/shared/province-contract'
import { createSession, endSession } from '../sessions/sessions.service'

/** How long a started H5 login may take (the state row and the browser's binding cookie both last this long). */
export const LOGIN_STATE_TTL_MS = 10 * 60_000

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

/**
 * H5 step 1: a single-use state, the identity service's page to send the browser to, and the
 * binding secret the handler puts in a short-lived cookie of this browser (only its hash is stored):
 * the callback is honoured only in the browser that started the login.
 */
export async function startLogin(deps: Deps, returnTo: string | undefined): Promise<{ url: string; binding: string }> {
  const state = newToken()
  const binding = newToken()
  const now = deps.now()
  await deps.db.insert(loginStates).values({
    stateHash: hashToken(state),
    bindingHash: hashToken(binding),
    returnTo: returnTo ?? '/',
    createdAt: now,
    expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS),
  })
  const url = new URL(`${deps.config.upstream.publicUrl}/sso/authorize`)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', deps.config.upstream.clientId)
  url.searchParams.set('redirect_uri', callbackUrl(deps))
  url.searchParams.set('state', state)
  return { url: url.toString(), binding }
}

/**
 * H5 step 2 (the callback): a session, or why not. LOGIN_STATE_INVALID — unknown, expired or used
 * state, or a browser without the binding cookie of the login (a callback link sent by someone else)
 * — is answered with the 「登录请求已失效」 page and leaves the browser's session alone; other codes
 * send the browser back to the login page with the reason.
 */
export async function finishLogin(
  deps: Deps,
  code: string | undefined,
  state: string | undefined,
  binding: string | undefined,
): Promise<{ ok: true; session: Awaited<ReturnType<typeof createSession>>; returnTo: string } | { ok: false; code: string }> {
  if (!state) return { ok: false, code: 'LOGIN_STATE_INVALID' }
  const now = deps.now()
  // Single use in one statement: of two callbacks racing with the same state only one row comes back.
  // The state is spent even when the browser does not match (or has no binding cookie): a leaked
  // callback link is dead once opened anywhere.
  const [pending] = await deps.db
    .update(loginStates)
    .set({ usedAt: now })
    .where(and(eq(loginStates.stateHash, hashToken(state)), isNull(loginStates.usedAt), gt(loginStates.expiresAt, now)))
    .returning({ returnTo: loginStates.returnTo, bindingHash: loginStates.bindingHash })
  if (!pending || !binding || !equalDigests(hashToken(binding), pending.bindingHash)) return { ok: false, code: 'LOGIN_STATE_INVALID' }
  // The citizen cancelled or the identity service refused: back to the login page with a reason.
  if (!code) return { ok: false, code: 'LOGIN_CODE_INVALID' }
  let user: UserInfo
  try {
    user = await signIn(deps, 'authorization_code', code, callbackUrl(deps))
  } catch (e) {
    if (e instanceof AppError) return { ok: false, code: e.code }
    throw e
  }
  return { ok: true, session: await createSession(deps, 'h5', user), returnTo: pending.returnTo }
}

/** The mini-program's login: the container's one-time code for a bearer session. */
export async function containerLogin(deps: Deps, code: string) {
  const user = await signIn(deps, 'container_code', code)
  const session = await createSession(deps, 'weapp', user)
  return {
    session,
    result: {
      token: session.token,
      expiresAt: session.expiresAt.toISOString(),
      me: meView({ name: user.name, holderKind: user.kind, idNumber: user.idNumber, channel: 'weapp' as const, expiresAt: session.expiresAt }),
    },
  }
}

export async function demoCitizens(deps: Deps) {
  requireSimulator(deps)
  return (await deps.upstream.demoCitizens()).citizens
}

export async function devContainerCode(deps: Deps, citizenId: string): Promise<string> {
  requireSimulator(deps)
  try {
    return (await deps.upstream.containerCode(citizenId)).code
  } catch (e) {
    if (e instanceof UpstreamRejection) throw new AppError('VALIDATION_FAILED', [{ path: 'citizenId', message: '演示市民不存在' }])
    throw e
  }
}

export const logout = (deps: Deps, s: SessionContext) => endSession(deps, s.id, 'logout')
