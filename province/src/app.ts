/**
 * The provincial simulator: one Hono app speaking the provincial HTTP contract
 * (@bdc/shared/province-contract) against its own database, one folder per provincial system.
 * The BFF talks to it exactly as it would to the real provincial platform.
 *
 * Privacy: nothing here logs names, ID numbers or request bodies.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { SimDb } from './db/connect'
import { evaluationRoutes } from './evaluation/evaluation'
import { supervisionRoutes } from './supervision/supervision'
import { createFaults } from './faults/faults'
import { clientAuth, err } from './http'
import { faceRoutes } from './identity/faces'
import { DEFAULT_REDIRECT_URIS, ssoRoutes } from './identity/sso'
import { testPeopleRoutes } from './identity/test-people'
import type { IntakeEngine } from './intake/intake'
import { licenseRoutes } from './licenses/licenses'
import { proofRoutes } from './proofs/proofs'
import { registryRoutes } from './registry/registry'
import { searchRoutes } from './registry/search'

export type { FaultMode, FaultState } from './faults/faults'

export interface SimulatorOptions {
  db: SimDb
  clientId: string
  clientSecret: string
  /** the client's registered SSO callback addresses (exact); default DEFAULT_REDIRECT_URIS (the BFF's defaults) */
  redirectUris?: readonly string[]
  /** mount point, e.g. '/province'; default '/' */
  basePath?: string
  /** clock for tests (code/token expiry) */
  now?: () => Date
  /** one-time code lifetime, default 300 s */
  codeTtlSeconds?: number
  /** access token lifetime, default 3600 s */
  tokenTtlSeconds?: number
  /** intake and its progress push (./intake); mounted when given */
  intake?: IntakeEngine
}

export function createSimulator(opts: SimulatorOptions): Hono {
  const { db } = opts
  const now = opts.now ?? (() => new Date())
  const client = clientAuth(opts.clientId, opts.clientSecret)
  const base = opts.basePath && opts.basePath !== '/' ? opts.basePath.replace(/\/$/, '') : ''
  const app = base ? new Hono().basePath(base) : new Hono()
  const faults = createFaults(base)

  app.onError((e, c) => {
    if (e instanceof HTTPException) return err(c, e.status === 401 ? 401 : 400, e.status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST', '请求无效')
    // The error itself may carry SQL parameters (ID numbers): log its kind only.
    console.error(`[simulator] internal error on ${c.req.method} ${c.req.path}: ${e.name}${(e as { code?: string }).code ? ` (${(e as { code?: string }).code})` : ''}`)
    return err(c, 500, 'INTERNAL', '模拟器内部错误')
  })
  app.notFound((c) => err(c, 404, 'NOT_FOUND', '接口不存在'))
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => err(c, 400, 'BAD_REQUEST', '请求体过大') }))
  app.use('*', faults.middleware)

  app.get('/health', (c) => c.json({ ok: true }))
  app.route('/', faults.routes(client))
  app.route('/', ssoRoutes({ db, client, redirectUris: opts.redirectUris ?? DEFAULT_REDIRECT_URIS, now, codeTtlSeconds: opts.codeTtlSeconds, tokenTtlSeconds: opts.tokenTtlSeconds }))
  app.route('/', faceRoutes({ client }))
  app.route('/', testPeopleRoutes({ db, client }))
  app.route('/', registryRoutes({ db, client, now }))
  app.route('/', searchRoutes({ db, client, now }))
  app.route('/', licenseRoutes({ db, now, client }))
  app.route('/', proofRoutes({ db, now, client }))
  if (opts.intake) app.route('/', opts.intake.routes(client))
  app.route('/', evaluationRoutes({ db, client, now }))
  app.route('/', supervisionRoutes({ client, now }))
  return app
}
