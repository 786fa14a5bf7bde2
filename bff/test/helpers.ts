/**
 * Test harness for BFF integration tests: boots the real wiring (bootstrap) on a fresh database
 * (in-memory PGlite or a database on the throwaway PostgreSQL cluster), with a controllable clock
 * and a captured log, and drives the app like a browser or the mini-program would.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bootstrap } from '../src/bootstrap'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/lib/logger'

export interface TestBff {
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
  const codeRes = await bff.request('/api/auth/dev-container-code', {
    method: 'POST',
    body: JSON.stringify({ citizenId }),
    headers: { 'content-type': 'application/json' },
  })
  if (codeRes.status !== 200) throw new Error(`container code: ${codeRes.status} ${await codeRes.text()}`)
  const { code } = (await codeRes.json()) as { code: string }
  const res = await bff.request('/api/auth/container', {
    method: 'POST',
    body: JSON.stringify({ code }),
    headers: { 'content-type': 'application/json' },
  })
  const body = (await res.json()) as { token: string }
  return { res, token: body.token, code, auth: { authorization: `Bearer ${body.token}` } }
}

export function csrfHeaders(jar: CookieJar, extra: Record<string, string> = {}) {
  return { 'x-csrf-token': jar.get('bdc_csrf') ?? '', origin: 'http://localhost:8787', ...extra }
}
