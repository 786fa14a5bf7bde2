/**
 * The provincial simulator: a Hono app implementing ../contract.ts against its own database.
 * The BFF talks to it exactly as it would to the real provincial platform.
 *
 * Privacy: nothing here logs names, ID numbers or request bodies.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'
import {
  AUTHORIZE_PATH,
  ContainerCodeRequest,
  HoldingsRequest,
  TokenRequest,
  UnitDetailRequest,
  type HolderRef,
  type UpstreamUnitSummary,
  type UserInfo,
} from '../contract'
import { faceRoutes } from './faces'
import type { IntakeEngine } from './intake'
import { renderErrorPage, renderLoginPage } from './html'
import { licenseRoutes } from './licenses'
import { loadUnitDetail, searchRoutes, unitSummary } from './search'
import { accessTokens, authCodes, citizens, restrictions, rightHolders, rights, units } from './schema'
import type { SimDb } from './seed'

export interface SimulatorOptions {
  db: SimDb
  clientId: string
  clientSecret: string
  /** mount point, e.g. '/province'; default '/' */
  basePath?: string
  /** clock for tests (code/token expiry) */
  now?: () => Date
  /** one-time code lifetime, default 300 s */
  codeTtlSeconds?: number
  /** access token lifetime, default 3600 s */
  tokenTtlSeconds?: number
  /** intake, progress push and 好差评 sink (./intake.ts); mounted when given */
  intake?: IntakeEngine
}

export type FaultMode = 'ok' | 'down' | 'slow' | 'garbage'
export interface FaultState {
  mode: FaultMode
  delayMs: number
  /** Only paths starting with one of these misbehave (e.g. ['/intake', '/evaluation']); unset = all. */
  paths?: string[]
}

const FaultRequest = z.object({
  mode: z.enum(['ok', 'down', 'slow', 'garbage']),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  paths: z.array(z.string().startsWith('/').max(100)).max(10).optional(),
})

const AuthorizeParams = z.object({
  response_type: z.literal('code', { message: 'response_type 必须为 code' }),
  client_id: z.string().min(1, '缺少 client_id').max(128),
  redirect_uri: z.string().min(1, '缺少 redirect_uri').max(2048),
  state: z.string().max(512).default(''),
})
const AuthorizeForm = AuthorizeParams.omit({ response_type: true }).extend({ citizenId: z.string().min(1, '请选择登录用户').max(64) })

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const newSecret = () => randomBytes(32).toString('base64url')
const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest())

function isHttpUrl(s: string): URL | null {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !u.hash ? u : null
  } catch {
    return null
  }
}

const err = (c: Context, status: 400 | 401 | 404 | 500 | 503, code: string, message: string) => c.json({ code, message }, status)
const zodMessage = (e: z.ZodError) =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ')

/** Reads a JSON body and validates it; returns the data, or a 400 response. */
async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<{ ok: true; data: z.infer<T> } | { ok: false; res: Response }> {
  let raw: unknown
  try {
    const text = await c.req.text()
    raw = JSON.parse(text)
  } catch {
    return { ok: false, res: err(c, 400, 'BAD_REQUEST', '请求体不是合法的 JSON') }
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) return { ok: false, res: err(c, 400, 'BAD_REQUEST', zodMessage(parsed.error)) }
  return { ok: true, data: parsed.data }
}


export function createSimulator(opts: SimulatorOptions): Hono {
  const { db } = opts
  const now = opts.now ?? (() => new Date())
  const codeTtl = (opts.codeTtlSeconds ?? 300) * 1000
  const tokenTtl = opts.tokenTtlSeconds ?? 3600

  // Fault injection lives in this app instance: the simulator is a single-instance test double
  // (one process per test run or demo), so process memory is the simplest correct place for it.
  const faults: FaultState = { mode: 'ok', delayMs: 0 }

  const base = opts.basePath && opts.basePath !== '/' ? opts.basePath.replace(/\/$/, '') : ''
  const app = base ? new Hono().basePath(base) : new Hono()

  // ------------------------------------------------------------------ cross-cutting

  app.onError((e, c) => {
    if (e instanceof HTTPException) return err(c, e.status === 401 ? 401 : 400, e.status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST', '请求无效')
    // The error itself may carry SQL parameters (ID numbers): log its kind only.
    console.error(`[simulator] internal error on ${c.req.method} ${c.req.path}: ${e.name}${(e as { code?: string }).code ? ` (${(e as { code?: string }).code})` : ''}`)
    return err(c, 500, 'INTERNAL', '模拟器内部错误')
  })
  app.notFound((c) => err(c, 404, 'NOT_FOUND', '接口不存在'))

  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => err(c, 400, 'BAD_REQUEST', '请求体过大') }))

  // Faults apply to every JSON endpoint of the contract (sso JSON, registry, health), not to the
  // HTML login page and not to the fault switch itself.
  app.use('*', async (c, next) => {
    const p = c.req.path.slice(base.length)
    if (faults.mode === 'ok' || p.startsWith('/__sim/') || p === AUTHORIZE_PATH) return next()
    if (faults.paths && !faults.paths.some((prefix) => p.startsWith(prefix))) return next()
    if (faults.mode === 'down') return err(c, 503, 'UNAVAILABLE', '省级服务暂不可用（模拟故障）')
    if (faults.mode === 'garbage') return c.body('{"holdings": [ <html>502 Bad Gateway', 200, { 'content-type': 'application/json' })
    await new Promise((r) => setTimeout(r, faults.delayMs))
    return next()
  })

  const clientOk = (c: Context): boolean => {
    const h = c.req.header('authorization') ?? ''
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h)
    if (!m) return false
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
    const i = decoded.indexOf(':')
    if (i < 0) return false
    // evaluate both comparisons so timing does not reveal which part was wrong
    const idOk = sameSecret(decoded.slice(0, i), opts.clientId)
    const secretOk = sameSecret(decoded.slice(i + 1), opts.clientSecret)
    return idOk && secretOk
  }
  const unauthorized = (c: Context) => {
    c.header('WWW-Authenticate', 'Basic realm="province"')
    return err(c, 401, 'UNAUTHORIZED', '客户端认证失败')
  }

  const findHolder = async (ref: HolderRef) => {
    const rows = await db
      .select({ id: citizens.id })
      .from(citizens)
      .where(and(eq(citizens.idType, ref.idType), eq(citizens.idNumber, ref.idNumber)))
      .limit(1)
    return rows[0]?.id ?? null
  }

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

  // ------------------------------------------------------------------ health & faults

  app.get('/health', (c) => c.json({ ok: true }))

  app.get('/__sim/faults', (c) => (clientOk(c) ? c.json(faults) : unauthorized(c)))
  app.post('/__sim/faults', async (c) => {
    if (!clientOk(c)) return unauthorized(c)
    const body = await readJson(c, FaultRequest)
    if (!body.ok) return body.res
    faults.mode = body.data.mode
    faults.delayMs = body.data.mode === 'slow' ? (body.data.delayMs ?? 5000) : 0
    faults.paths = body.data.mode === 'ok' ? undefined : body.data.paths
    return c.json(faults)
  })

  // ------------------------------------------------------------------ SSO (统一身份认证)

  const htmlError = (c: Context, message: string) => c.html(renderErrorPage(message), 400)
  const checkClient = (clientId: string, redirectUri: string): string | URL => {
    if (!sameSecret(clientId, opts.clientId)) return '未登记的应用（client_id 无效）'
    return isHttpUrl(redirectUri) ?? '回调地址无效（redirect_uri 须为 http(s) 地址）'
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
    if (!clientOk(c)) return unauthorized(c)
    const body = await readJson(c, TokenRequest)
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
    if (!clientOk(c)) return unauthorized(c)
    const body = await readJson(c, ContainerCodeRequest)
    if (!body.ok) return body.res
    const who = await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.id, body.data.citizenId)).limit(1)
    if (!who[0]) return err(c, 404, 'NOT_FOUND', '用户不存在')
    return c.json({ code: await issueCode(who[0].id, 'container_code', null) })
  })

  app.get('/sso/demo-citizens', async (c) => {
    if (!clientOk(c)) return unauthorized(c)
    return c.json({ citizens: await demoCitizens() })
  })

  // ------------------------------------------------------------------ registry (不动产登记信息)

  const currentTypes = async (codes: string[]) => {
    const byUnit = new Map<string, Set<string>>()
    if (!codes.length) return byUnit
    const rows = await db
      .select({ bdcdyh: restrictions.bdcdyh, xzlx: restrictions.xzlx })
      .from(restrictions)
      .where(and(inArray(restrictions.bdcdyh, codes), eq(restrictions.status, 'current')))
    for (const r of rows) {
      const s = byUnit.get(r.bdcdyh) ?? new Set<string>()
      s.add(r.xzlx)
      byUnit.set(r.bdcdyh, s)
    }
    return byUnit
  }

  const summaryColumns = {
    bdcdyh: units.bdcdyh,
    zl: units.zl,
    yt: units.yt,
    jzmj: units.jzmj,
    bdcqzh: rights.bdcqzh,
    qllx: rights.qllx,
    gyfs: rights.gyfs,
  }

  app.post('/registry/holdings', async (c) => {
    if (!clientOk(c)) return unauthorized(c)
    const body = await readJson(c, HoldingsRequest)
    if (!body.ok) return body.res
    const holderId = await findHolder(body.data.holder)
    if (!holderId) return c.json({ holdings: [] })
    const rows = await db
      .select(summaryColumns)
      .from(rightHolders)
      .innerJoin(rights, and(eq(rights.id, rightHolders.rightId), eq(rights.status, 'current')))
      .innerJoin(units, eq(units.bdcdyh, rights.bdcdyh))
      .where(eq(rightHolders.citizenId, holderId))
      .orderBy(asc(rights.djsj), asc(units.bdcdyh))
    const types = await currentTypes(rows.map((r) => r.bdcdyh))
    const holdings: UpstreamUnitSummary[] = rows.map((r) => unitSummary(r, types.get(r.bdcdyh)))
    return c.json({ holdings })
  })

  app.post('/registry/units/detail', async (c) => {
    if (!clientOk(c)) return unauthorized(c)
    const body = await readJson(c, UnitDetailRequest)
    if (!body.ok) return body.res
    const notFound = () => err(c, 404, 'NOT_FOUND', '未找到该不动产单元，或该权利人在此单元无现势权利')
    const holderId = await findHolder(body.data.holder)
    if (!holderId) return notFound()
    const found = await db
      .select({ right: rights, unit: units })
      .from(rightHolders)
      .innerJoin(rights, and(eq(rights.id, rightHolders.rightId), eq(rights.status, 'current'), eq(rights.bdcdyh, body.data.unitCode)))
      .innerJoin(units, eq(units.bdcdyh, rights.bdcdyh))
      .where(eq(rightHolders.citizenId, holderId))
      .limit(1)
    if (!found[0]) return notFound()
    // Same assembly as the unfiltered look-up (search.ts): one definition of a unit's detail.
    const detail = await loadUnitDetail(db, body.data.unitCode)
    if (!detail) return notFound()
    return c.json(detail)
  })

  app.route('/', searchRoutes({ db, clientOk }))
  app.route('/', faceRoutes({ clientOk, unauthorized, readJson }))
  app.route('/', licenseRoutes({ db, now, clientOk, unauthorized, readJson }))
  if (opts.intake) app.route('/', opts.intake.routes({ clientOk, unauthorized, readJson }))

  return app
}
