/**
 * The whole stack as separate processes talking real HTTP, like production:
 *
 *   throwaway PostgreSQL (databases `province` and `bff`)
 *   provincial simulator  npx tsx province/src/main.ts   (SIM_PORT)
 *   BFF                   npx tsx bff/src/main.ts                       (PORT, serves the H5 build)
 *
 * Children run in their own process groups with stdout/stderr in e2e/artifacts/<name>/, and are
 * killed on stop(), on exit/SIGINT/SIGTERM, or by the reaper's watchdog if the test process dies.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { freePort, startPgCluster, type PgCluster } from '@bdc/shared/testing/pg-cluster'
import { isAlive, track } from '@bdc/shared/testing/reaper'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** The H5 build the BFF serves (E2E_H5_DIST overrides, e.g. a copy while someone rebuilds dist/). */
export const H5_DIST = path.resolve(REPO_ROOT, process.env.E2E_H5_DIST ?? 'miniapp/dist/h5')
const SIM_ENTRY = 'province/src/main.ts'
const BFF_ENTRY = 'bff/src/main.ts'
const READY_TIMEOUT_MS = 60_000

export type FaultMode = 'ok' | 'down' | 'slow' | 'garbage'

export interface Stack {
  bffUrl: string
  simUrl: string
  pg: PgCluster
  /** Where the children's logs go. */
  logDir: string
  /** Basic auth header value the BFF uses with the simulator. */
  simAuthorization: string
  setFault(mode: FaultMode): Promise<void>
  stopSimulator(): Promise<void>
  startSimulator(): Promise<void>
  /** Another BFF process on the same database and DATA_DIR (two instances behind one load balancer); returns its URL. */
  startAnotherBff(): Promise<string>
  stop(): Promise<void>
}

export interface StackOptions {
  /** Folder name under e2e/artifacts/ for the logs (default: 'stack'). */
  name?: string
  seedUnits?: number
  /** Extra environment for the BFF. */
  bffEnv?: Record<string, string>
  /** Extra environment for the simulator (e.g. SIM_INTAKE_STEP_MS=0: progress only when driven). */
  simEnv?: Record<string, string>
}

const require = createRequire(import.meta.url)

/** [command, args] that runs a TypeScript entry with tsx (the local binary: same as `npx tsx`). */
function tsxCommand(entry: string): [string, string[]] {
  try {
    return [process.execPath, [require.resolve('tsx/cli'), entry]]
  } catch {
    return ['npx', ['--no', 'tsx', entry]]
  }
}

/** The test runner's own variables would change how the servers behave: leave them out. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VITEST') || k === 'TEST' || k === 'NODE_OPTIONS') continue
    if (k === 'NODE_ENV' && v === 'test') continue
    env[k] = v
  }
  return { ...env, ...extra }
}

interface Server {
  name: string
  child: ChildProcess
  exited: Promise<number | null>
  stderrFile: string
  stdoutFile: string
  release(): void
}

function tail(file: string, lines = 60): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no output)'
  }
}

function startServer(name: string, entry: string, env: Record<string, string>, logDir: string): Server {
  const stdoutFile = path.join(logDir, `${name}.stdout.log`)
  const stderrFile = path.join(logDir, `${name}.stderr.log`)
  const out = fs.openSync(stdoutFile, 'a')
  const err = fs.openSync(stderrFile, 'a')
  const [cmd, args] = tsxCommand(entry)
  const child = spawn(cmd, args, { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', out, err], detached: true })
  fs.closeSync(out)
  fs.closeSync(err)
  const pgid = child.pid
  if (!pgid) throw new Error(`could not start ${name}: ${cmd} ${args.join(' ')}`)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const killGroup = () => {
    try {
      process.kill(-pgid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  const tracked = track({ pgid }, killGroup)
  return { name, child, exited, stdoutFile, stderrFile, release: tracked.release }
}

async function stopServer(s: Server): Promise<void> {
  const pgid = s.child.pid!
  if (s.child.exitCode === null && s.child.signalCode === null) {
    try {
      process.kill(-pgid, 'SIGTERM')
    } catch {
      // already gone
    }
    const done = await Promise.race([s.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))])
    if (!done) {
      try {
        process.kill(-pgid, 'SIGKILL')
      } catch {
        // gone
      }
      await s.exited
    }
  }
  // tsx runs the script in a grandchild: make sure nothing of the group is left.
  try {
    process.kill(-pgid, 'SIGKILL')
  } catch {
    // the group is empty
  }
  s.release()
}

async function waitHealthy(s: Server, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let exitCode: number | null | undefined
  void s.exited.then((c) => (exitCode = c))
  let last = ''
  while (Date.now() < deadline) {
    if (exitCode !== undefined || !isAlive(s.child.pid!)) {
      throw new Error(`${s.name} exited (code ${exitCode}) before ${url} answered 200.\n--- ${s.name} stderr ---\n${tail(s.stderrFile)}\n--- ${s.name} stdout ---\n${tail(s.stdoutFile, 20)}`)
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = (e as Error).message
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${s.name} did not answer 200 on ${url} within ${READY_TIMEOUT_MS / 1000} s (last: ${last}).\n--- ${s.name} stderr ---\n${tail(s.stderrFile)}\n--- ${s.name} stdout ---\n${tail(s.stdoutFile, 20)}`)
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  if (!fs.existsSync(path.join(H5_DIST, 'index.html'))) {
    throw new Error(`The H5 build is missing (${path.relative(REPO_ROOT, H5_DIST)}/index.html). Build it first: npm run build -w @bdc/miniapp (or: node scripts/test.mjs --only build)`)
  }
  const logDir = path.join(REPO_ROOT, 'e2e/artifacts', opts.name ?? 'stack')
  fs.rmSync(logDir, { recursive: true, force: true })
  fs.mkdirSync(logDir, { recursive: true })

  const pg = await startPgCluster()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-e2e-data-'))
  const dataTracked = track({ dir: dataDir }, () => fs.rmSync(dataDir, { recursive: true, force: true }))
  let sim: Server | undefined
  let bff: Server | undefined
  const moreBffs: Server[] = []

  const stop = async () => {
    for (const extra of moreBffs.splice(0)) await stopServer(extra)
    if (bff) await stopServer(bff)
    if (sim) await stopServer(sim)
    bff = sim = undefined
    await pg.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
    dataTracked.release()
  }

  try {
    const [provinceDb, bffDb] = await Promise.all([pg.createDatabase('province'), pg.createDatabase('bff')])
    const secret = crypto.randomBytes(24).toString('hex')
    const simPort = await freePort()
    const bffPort = await freePort()
    const simUrl = `http://127.0.0.1:${simPort}`
    const bffUrl = `http://127.0.0.1:${bffPort}`
    const simAuthorization = `Basic ${Buffer.from(`bdc-bff:${secret}`).toString('base64')}`
    const simEnv = {
      SIM_PORT: String(simPort),
      SIM_DATABASE_URL: provinceDb,
      SIM_CLIENT_ID: 'bdc-bff',
      SIM_CLIENT_SECRET: secret,
      SIM_REDIRECT_URIS: `${bffUrl}/api/auth/callback`,
      SIM_SEED_UNITS: String(opts.seedUnits ?? 50),
      ...opts.simEnv,
    }
    const bffEnv = {
      PORT: String(bffPort),
      DATABASE_URL: bffDb,
      DATA_DIR: dataDir,
      UPSTREAM_BASE_URL: simUrl,
      UPSTREAM_CLIENT_ID: 'bdc-bff',
      UPSTREAM_CLIENT_SECRET: secret,
      UPSTREAM_IS_SIMULATOR: 'true',
      PUBLIC_BASE_URL: bffUrl,
      H5_DIST,
      ...opts.bffEnv,
    }

    // The simulator seeds its database first; the BFF migrates its own meanwhile.
    sim = startServer('simulator', SIM_ENTRY, simEnv, logDir)
    bff = startServer('bff', BFF_ENTRY, bffEnv, logDir)
    await Promise.all([waitHealthy(sim, `${simUrl}/health`), waitHealthy(bff, `${bffUrl}/healthz`)])

    const stack: Stack = {
      bffUrl,
      simUrl,
      pg,
      logDir,
      simAuthorization,
      async setFault(mode) {
        const res = await fetch(`${simUrl}/__sim/faults`, {
          method: 'POST',
          headers: { authorization: simAuthorization, 'content-type': 'application/json' },
          body: JSON.stringify({ mode }),
        })
        if (!res.ok) throw new Error(`setFault(${mode}): HTTP ${res.status} ${await res.text()}`)
      },
      async stopSimulator() {
        if (sim) await stopServer(sim)
        sim = undefined
      },
      async startSimulator() {
        if (sim) return
        sim = startServer('simulator', SIM_ENTRY, simEnv, logDir)
        await waitHealthy(sim, `${simUrl}/health`)
      },
      async startAnotherBff() {
        const port = await freePort()
        const extra = startServer(`bff-${moreBffs.length + 2}`, BFF_ENTRY, { ...bffEnv, PORT: String(port) }, logDir)
        moreBffs.push(extra)
        await waitHealthy(extra, `http://127.0.0.1:${port}/healthz`)
        return `http://127.0.0.1:${port}`
      },
      stop,
    }
    return stack
  } catch (e) {
    await stop().catch(() => {})
    throw e
  }
}
