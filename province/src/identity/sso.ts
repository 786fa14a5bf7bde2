/**
 * 统一身份认证 (SSO) of the simulated 天府通办 platform: the browser login page, the code → token
 * exchange, user info, the container's one-time login code, and the demo accounts the login page
 * offers. Contract: @bdc/shared/province-contract (identity).
 */
import { randomBytes } from 'node:crypto'
import { and, asc, eq, gt, isNull } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { AUTHORIZE_PATH, ContainerCodeRequest, LegalRepresentativeRequest, TokenRequest, type LegalRepresentative, type UserInfo } from '@bdc/shared/province-contract'
import type { SimDb } from '../db/connect'
import { err, sameSecret, sha256, type ClientAuth } from '../http'
import { accessTokens, authCodes, citizens } from './identity.schema'
import { renderErrorPage, renderLoginPage } from './login-page'

/**
 * The callback addresses registered for the BFF when none are configured: the BFF's own defaults
 * (PUBLIC_BASE_URL unset, port 8787). The real platform registers each client's addresses too.
 */
export const DEFAULT_REDIRECT_URIS: readonly string[] = ['http://localhost:8787/api/auth/callback', 'http://127.0.0.1:8787/api/auth/callback']

export interface SsoOptions {
  db: SimDb
  client: ClientAuth
  /** The registered client's callback addresses: authorize sends a browser (and a code) only to one of these, exactly. */
  redirectUris: readonly string[]
  now: () => Date
  /** one-time code lifetime, default 300 s */
  codeTtlSeconds?: number
  /** access token lifetime, default 3600 s */
  tokenTtlSeconds?: number
}

const AuthorizeParams = z.object({
  response_type: z.literal('code', { message: 'response_type 必须为 code' }),
  client_id: z.string().min(1, '缺少 client_id').max(128),
  redirect_uri: z.string().min(1, '缺少 redirect_uri').max(2048),
  state: z.string().max(512).default(''),
})
const AuthorizeForm = AuthorizeParams.omit({ response_type: true }).extend({ citizenId: z.string().min(1, '请选择登录用户').max(64) })

const newSecret = () => randomBytes(32).toString('base64url')

function isHttpUrl(s: string): URL | null {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !u.hash ? u : null
  } catch {
    return null
  }
}

export function ssoRoutes(opts: SsoOptions): Hono {
  const { db, client, now } = opts
  const registered = new Set(opts.redirectUris)
  const codeTtl = (opts.codeTtlSeconds ?? 300) * 1000
  const tokenTtl = opts.tokenTtlSeconds ?? 3600
  const app = new Hono()

  const issueCode = async (citizenId: string, kind: 'authorization_code' | 'container_code', redirectUri: string | null) => {
    const code = newSecret()
    await db.insert(authCodes).values({ codeHash: sha256(code), citizenId, kind, redirectUri, expiresAt: new Date(now().getTime() + codeTtl) })
    return code
  }

  const demoCitizens = async () =>
    (
      await db
        .select({ citizenId: citizens.id, label: citizens.demoLabel })
        .from(citizens)
        .where(eq(citizens.isDemo, true))
        .orderBy(asc(citizens.demoOrder), asc(citizens.id))
    ).map((r) => ({ citizenId: r.citizenId, label: r.label ?? r.citizenId }))

  const htmlError = (c: Context, message: string) => c.html(renderErrorPage(message), 400)
  const checkClient = (clientId: string, redirectUri: string): string | URL => {
    if (!sameSecret(clientId, client.clientId)) return '未登记的应用（client_id 无效）'
    const url = isHttpUrl(redirectUri)
    if (!url) return '回调地址无效（redirect_uri 须为 http(s) 地址）'
    // Exact match with a registered address: never a prefix, never a look-alike host, never a code
    // sent to an address the app did not register (where a stolen code would land).
    if (!registered.has(redirectUri)) return '回调地址未登记（redirect_uri 与该应用登记的地址不一致），已停止登录'
    return url
  }
  const secureHtml = (c: Context, redirect: URL) => {
    c.header('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${redirect.origin}; base-uri 'none'; frame-ancestors 'none'`)
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'no-referrer')
    c.header('Cache-Control', 'no-store')
  }

  app.get(AUTHORIZE_PATH, async (c) => {
    const q = AuthorizeParams.safeParse(c.req.query())
    if (!q.success) return htmlError(c, q.error.issues[0]?.message ?? '参数错误')
    const redirect = checkClient(q.data.client_id, q.data.redirect_uri)
    if (typeof redirect === 'string') return htmlError(c, redirect)
    secureHtml(c, redirect)
    return c.html(renderLoginPage({ action: c.req.path, clientId: q.data.client_id, redirectUri: q.data.redirect_uri, state: q.data.state, citizens: await demoCitizens() }))
  })

  app.post(AUTHORIZE_PATH, async (c) => {
    let form: Record<string, unknown>
    try {
      form = await c.req.parseBody()
    } catch {
      return htmlError(c, '请求格式有误')
    }
    const f = AuthorizeForm.safeParse(form)
    if (!f.success) return htmlError(c, f.error.issues[0]?.message ?? '参数错误')
    const redirect = checkClient(f.data.client_id, f.data.redirect_uri)
    if (typeof redirect === 'string') return htmlError(c, redirect)
    const who = await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.id, f.data.citizenId)).limit(1)
    if (!who[0]) return htmlError(c, '用户不存在')
    const code = await issueCode(who[0].id, 'authorization_code', f.data.redirect_uri)
    redirect.searchParams.set('code', code)
    if (f.data.state) redirect.searchParams.set('state', f.data.state)
    c.header('Cache-Control', 'no-store')
    return c.redirect(redirect.toString(), 302)
  })

  app.post('/sso/token', async (c) => {
    const body = await client.body(c, TokenRequest)
    if (!body.ok) return body.res
    const t = now()
    const invalid = (message: string) => err(c, 400, 'INVALID_GRANT', message)
    // Single use: the code is consumed atomically whether or not the rest of the request is right.
    const used = await db
      .update(authCodes)
      .set({ usedAt: t })
      .where(and(eq(authCodes.codeHash, sha256(body.data.code)), isNull(authCodes.usedAt)))
      .returning()
    const row = used[0]
    if (!row) return invalid('授权码无效或已使用')
    if (row.expiresAt.getTime() <= t.getTime()) return invalid('授权码已过期')
    if (row.kind !== body.data.grant_type) return invalid('授权码类型不符')
    if (row.kind === 'authorization_code' && row.redirectUri !== body.data.redirect_uri) return invalid('redirect_uri 与授权时不一致')
    const token = newSecret()
    await db.insert(accessTokens).values({ tokenHash: sha256(token), citizenId: row.citizenId, expiresAt: new Date(t.getTime() + tokenTtl * 1000) })
    c.header('Cache-Control', 'no-store')
    return c.json({ access_token: token, token_type: 'Bearer' as const, expires_in: tokenTtl })
  })

  app.get('/sso/userinfo', async (c) => {
    const m = /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,512})\s*$/i.exec(c.req.header('authorization') ?? '')
    const denied = () => {
      c.header('WWW-Authenticate', 'Bearer realm="province"')
      return err(c, 401, 'UNAUTHORIZED', '访问令牌无效或已过期')
    }
    if (!m) return denied()
    const rows = await db
      .select({ c: citizens })
      .from(accessTokens)
      .innerJoin(citizens, eq(citizens.id, accessTokens.citizenId))
      .where(and(eq(accessTokens.tokenHash, sha256(m[1]!)), gt(accessTokens.expiresAt, now())))
      .limit(1)
    const who = rows[0]?.c
    if (!who) return denied()
    const info: UserInfo = {
      sub: who.id,
      name: who.name,
      kind: who.kind,
      idType: who.idType as UserInfo['idType'],
      idNumber: who.idNumber,
      phone: who.phone ?? null,
    }
    c.header('Cache-Control', 'no-store')
    return c.json(info)
  })

  app.post('/sso/container/code', async (c) => {
    const body = await client.body(c, ContainerCodeRequest)
    if (!body.ok) return body.res
    const who = await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.id, body.data.citizenId)).limit(1)
    if (!who[0]) return err(c, 404, 'NOT_FOUND', '用户不存在')
    return c.json({ code: await issueCode(who[0].id, 'container_code', null) })
  })

  app.get('/sso/demo-citizens', async (c) => {
    if (!client.ok(c)) return client.refuse(c)
    return c.json({ citizens: await demoCitizens() })
  })

  // 法定代表人 of an organisation's account (the relying party asks before a face check).
  app.post('/sso/legal-representative', async (c) => {
    const body = await client.body(c, LegalRepresentativeRequest)
    if (!body.ok) return body.res
    const org = await db
      .select({ kind: citizens.kind, repId: citizens.legalRepId })
      .from(citizens)
      .where(eq(citizens.id, body.data.sub))
      .limit(1)
    if (org[0]?.kind !== 'organization' || !org[0].repId) return err(c, 404, 'NOT_FOUND', '未登记法定代表人')
    const rep = await db.select({ sub: citizens.id, name: citizens.name }).from(citizens).where(eq(citizens.id, org[0].repId)).limit(1)
    if (!rep[0]) return err(c, 404, 'NOT_FOUND', '未登记法定代表人')
    c.header('Cache-Control', 'no-store')
    return c.json(rep[0] satisfies LegalRepresentative)
  })

  return app
}
