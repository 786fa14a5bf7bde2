/**
 * Test harness for BFF integration tests: boots the real wiring (bootstrap) on a fresh database
 * (in-memory PGlite or a database on the throwaway PostgreSQL cluster), with a controllable clock
 * and a captured log, and drives the app like a browser or the mini-program would.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { bootstrap } from '../src/bootstrap'
import { createApiClient, type ApiClient } from '../src/client'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/lib/logger'
import { isErrorBody, type ErrorBody } from '@bdc/shared/errors'

const BASE_URL = 'http://localhost:8787'

/** Who calls the API: nobody, the mini-program (its `Authorization: Bearer` header), or an H5 browser (its cookie jar). */
export type Caller = Record<string, string> | CookieJar | undefined

export interface TestBff {
  /** The API through the app's typed client, as `caller` (an H5 jar also sends the CSRF token, as the app does). */
  api(caller?: Caller): ApiClient
  /** A raw request: for what the typed client cannot send (pages, redirects, attacks on the transport). */
  request(pathname: string, init?: RequestInit & { jar?: CookieJar }): Promise<Response>
  clock: { now: Date; advance(ms: number): void }
  logs: string[]
  boot: Awaited<ReturnType<typeof bootstrap>>
  /** Makes the in-process simulator misbehave like a real provincial outage would. */
  setFault(mode: 'ok' | 'down' | 'slow' | 'garbage', delayMs?: number): Promise<void>
  close(): Promise<void>
}

export class CookieJar {
  readonly cookies = new Map<string, string>()
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  get(name: string) {
    return this.cookies.get(name)
  }
}

export async function startTestBff(opts: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestBff> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-bff-test-'))
  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: 'http://localhost:8787',
    SIM_SEED_UNITS: '20',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  })
  const logs: string[] = []
  const clock = {
    now: new Date('2026-11-27T09:00:00+08:00'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms)
    },
  }
  const boot = await bootstrap(config, {
    inMemory: !opts.databaseUrl,
    logger: createLogger('debug', { svc: 'bff' }, (l) => logs.push(l)),
    now: () => clock.now,
  })
  return {
    boot,
    clock,
    logs,
    api: (caller) => apiClient(boot.app, caller),
    async request(pathname, init = {}) {
      const { jar, ...rest } = init
      const headers = new Headers(rest.headers)
      if (jar && jar.cookies.size) headers.set('cookie', jar.header())
      const res = await boot.app.request(pathname, { ...rest, headers })
      jar?.take(res)
      return res
    },
    async setFault(mode, delayMs) {
      const secret = fs.readFileSync(path.join(dataDir, 'upstream-client-secret'), 'utf8').trim()
      const res = await boot.app.request('/province/__sim/faults', {
        method: 'POST',
        body: JSON.stringify({ mode, ...(delayMs !== undefined ? { delayMs } : {}) }),
        headers: {
          'content-type': 'application/json',
          authorization: 'Basic ' + Buffer.from(`${config.upstream.clientId}:${secret}`).toString('base64'),
        },
      })
      if (res.status !== 200) throw new Error(`setFault: ${res.status} ${await res.text()}`)
    },
    async close() {
      await boot.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The typed API client of `app` (a booted BFF), calling it in-process as `caller`. */
export function apiClient(app: { request(input: string, init: RequestInit): Response | Promise<Response> }, caller?: Caller): ApiClient {
  const jar = caller instanceof CookieJar ? caller : undefined
  return createApiClient(BASE_URL, async (input, init = {}) => {
    const headers = new Headers(init.headers)
    if (jar) {
      if (jar.cookies.size) headers.set('cookie', jar.header())
      for (const [k, v] of Object.entries(csrfHeaders(jar))) headers.set(k, v)
    } else for (const [k, v] of Object.entries(caller ?? {})) headers.set(k, v)
    const res = await app.request(input, { ...init, headers })
    jar?.take(res)
    return res
  })
}

/** The H5 login as a browser does it: BFF → simulator login page → pick a citizen → callback. */
export async function loginH5(bff: TestBff, citizenId: string, returnTo = '/pages/properties/index') {
  const jar = new CookieJar()
  const start = await bff.request(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`, { jar })
  if (start.status !== 302) throw new Error(`login start: ${start.status}`)
  const authorize = new URL(start.headers.get('location')!)
  // In embedded mode the SSO page is served by this same app under /province.
  const form = new URLSearchParams({
    citizenId,
    client_id: authorize.searchParams.get('client_id')!,
    redirect_uri: authorize.searchParams.get('redirect_uri')!,
    state: authorize.searchParams.get('state')!,
  })
  const picked = await bff.request(authorize.pathname, {
    method: 'POST',
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })
  if (picked.status !== 302) throw new Error(`sso authorize: ${picked.status} ${await picked.text()}`)
  const callback = new URL(picked.headers.get('location')!)
  const done = await bff.request(callback.pathname + callback.search, { jar })
  return { jar, done, callback }
}

/** The mini-program login: container code for a demo citizen → bearer token. */
export async function loginWeapp(bff: TestBff, citizenId: string) {
  const api = bff.api()
  const { code } = await bodyOf(await api.auth['dev-container-code'].$post({ json: { citizenId } }), 200)
  const res = await api.auth.container.$post({ json: { code } })
  const { token } = await bodyOf(res, 200)
  return { res, token, code, auth: { authorization: `Bearer ${token}` } }
}

export function csrfHeaders(jar: CookieJar, extra: Record<string, string> = {}) {
  return { 'x-csrf-token': jar.get('bdc_csrf') ?? '', origin: BASE_URL, ...extra }
}

/**
 * The body of `res`, which must have `status` (the test fails with the body it got otherwise), typed
 * by what the route's contract says it answers with that status: success bodies, and error envelopes
 * whose `code` is the list of codes the route declares.
 */
export async function bodyOf<R extends { status: number; json(): Promise<unknown>; clone(): Response }, S extends R['status']>(
  res: R,
  status: S,
): Promise<Awaited<ReturnType<Extract<R, { status: S }>['json']>>> {
  if (res.status !== status) expect.fail(`expected HTTP ${status}, got ${res.status}: ${await res.clone().text()}`)
  return (await res.json()) as Awaited<ReturnType<Extract<R, { status: S }>['json']>>
}

/** The error envelope of a raw response (a request the typed client cannot make), which must have `status`. */
export async function errorOf(res: Response, status: number): Promise<ErrorBody> {
  if (res.status !== status) expect.fail(`expected HTTP ${status}, got ${res.status}: ${await res.clone().text()}`)
  const body: unknown = await res.json()
  if (!isErrorBody(body)) return expect.fail(`not the error envelope: ${JSON.stringify(body)}`)
  return body
}
