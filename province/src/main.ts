/**
 * Standalone provincial simulator (`npm run sim`).
 *
 * Environment:
 *   SIM_PORT           port, default 8788
 *   SIM_DATABASE_URL   postgres://… ; otherwise embedded PGlite in SIM_DATA_DIR
 *   SIM_DATA_DIR       default `.data/province` (relative paths resolve against the repo root)
 *   SIM_CLIENT_ID      default 'bdc-bff'
 *   SIM_CLIENT_SECRET  if unset: read (or create) the file SIM_CLIENT_SECRET_FILE, default
 *                      `<parent of SIM_DATA_DIR>/upstream-client-secret` = `.data/upstream-client-secret`
 *                      (beside, not inside, the PGlite folder: PGlite refuses foreign files there),
 *                      so a BFF using the same `.data` folder can read the same secret
 *   SIM_REDIRECT_URIS  the BFF's registered SSO callback addresses, comma-separated (exact match), default
 *                      http://localhost:8787/api/auth/callback,http://127.0.0.1:8787/api/auth/callback
 *   SIM_SEED_UNITS     background registry size, default 200
 *   SIM_SEED           registry seed, default 1
 *   SIM_INTAKE_STEP_MS progress engine: auto-advance interval per step, default 20000 (0 = only /__sim/intake/advance)
 *   SIM_INTAKE_TICK_MS how often due steps and undelivered callbacks are processed, default 1000
 */
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { REPO_ROOT } from './db/connect'
import { openProvince } from './province'

export interface StartSimulatorOptions {
  port?: number // 0 = any free port
  hostname?: string
  databaseUrl?: string
  /** PGlite folder or 'memory://'; relative paths resolve against the repo root */
  dataDir?: string
  clientId?: string
  clientSecret?: string
  /** where the dev secret is read/created when clientSecret is not given; see defaultClientSecretFile */
  clientSecretFile?: string
  /** registered SSO callback addresses (default: the BFF's defaults) */
  redirectUris?: readonly string[]
  seedUnits?: number
  seed?: number
  basePath?: string
  /** progress engine speed (see SIM_INTAKE_STEP_MS / SIM_INTAKE_TICK_MS) */
  intakeStepMs?: number
  intakeTickMs?: number
}

export interface RunningSimulator {
  url: string
  clientId: string
  clientSecret: string
  close(): Promise<void>
}

/** Where the dev client secret lives when none is configured. */
export const CLIENT_SECRET_FILE = 'upstream-client-secret'

/** `.data/upstream-client-secret` for the default `.data/province`: the parent of the PGlite folder. */
export function defaultClientSecretFile(dataDir?: string): string {
  const dir = !dataDir || dataDir === 'memory://' ? path.join(REPO_ROOT, '.data') : path.dirname(path.resolve(REPO_ROOT, dataDir))
  return path.join(dir, CLIENT_SECRET_FILE)
}

/** Reads the secret file, creating it (mode 600) with a random secret if missing. */
export function readOrCreateClientSecretFile(file: string): string {
  const dir = path.dirname(file)
  try {
    const s = fs.readFileSync(file, 'utf8').trim()
    if (s) return s
  } catch {
    // not there yet
  }
  fs.mkdirSync(dir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  try {
    fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' })
    return secret
  } catch {
    // created concurrently by another process (e.g. the BFF): use theirs
    return fs.readFileSync(file, 'utf8').trim()
  }
}

export async function startSimulatorServer(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const dataDir = opts.dataDir === 'memory://' ? 'memory://' : path.resolve(REPO_ROOT, opts.dataDir ?? '.data/province')
  const clientId = opts.clientId ?? 'bdc-bff'
  const clientSecret = opts.clientSecret ?? readOrCreateClientSecretFile(opts.clientSecretFile ?? defaultClientSecretFile(dataDir))
  const { app, close } = await openProvince({
    databaseUrl: opts.databaseUrl,
    dataDir,
    clientId,
    clientSecret,
    redirectUris: opts.redirectUris,
    seed: opts.seed,
    seedUnits: opts.seedUnits ?? 200,
    basePath: opts.basePath,
    intake: { stepMs: opts.intakeStepMs ?? 20_000, tickMs: opts.intakeTickMs ?? 1000 },
  })
  const hostname = opts.hostname ?? '127.0.0.1'
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 8788, hostname }, () => resolve(s))
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 8788)
  const base = opts.basePath && opts.basePath !== '/' ? opts.basePath.replace(/\/$/, '') : ''
  return {
    url: `http://${hostname}:${port}${base}`,
    clientId,
    clientSecret,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await close()
    },
  }
}

async function main() {
  const env = process.env
  const sim = await startSimulatorServer({
    port: env.SIM_PORT ? Number(env.SIM_PORT) : 8788,
    hostname: env.SIM_HOST,
    databaseUrl: env.SIM_DATABASE_URL || undefined,
    dataDir: env.SIM_DATA_DIR || undefined,
    clientId: env.SIM_CLIENT_ID || undefined,
    clientSecret: env.SIM_CLIENT_SECRET || undefined,
    clientSecretFile: env.SIM_CLIENT_SECRET_FILE ? path.resolve(REPO_ROOT, env.SIM_CLIENT_SECRET_FILE) : undefined,
    redirectUris: env.SIM_REDIRECT_URIS
      ? env.SIM_REDIRECT_URIS.split(',')
          .map((u) => u.trim())
          .filter(Boolean)
      : undefined,
    seedUnits: env.SIM_SEED_UNITS ? Number(env.SIM_SEED_UNITS) : undefined,
    seed: env.SIM_SEED ? Number(env.SIM_SEED) : undefined,
    intakeStepMs: env.SIM_INTAKE_STEP_MS ? Number(env.SIM_INTAKE_STEP_MS) : undefined,
    intakeTickMs: env.SIM_INTAKE_TICK_MS ? Number(env.SIM_INTAKE_TICK_MS) : undefined,
  })
  console.log(`provincial simulator listening on ${sim.url} (client_id ${sim.clientId})`)
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error('simulator failed to start:', e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
