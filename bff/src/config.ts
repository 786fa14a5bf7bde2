/**
 * Configuration, parsed once from the environment. Every setting has a working default for the
 * embedded mode (`npm start`: PGlite + in-process simulator). A bad value stops the process with a
 * message naming the variable; nothing starts half-configured.
 */
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { parseCidr } from './lib/client-address'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** An empty variable counts as unset (shells and .env files often export VAR=). */
const optionalUrl = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url().optional())

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** Folder for embedded data and generated development keys (git-ignored). */
  DATA_DIR: z.string().default('.data'),
  /** postgres://… to use a PostgreSQL server instead of embedded PGlite. */
  DATABASE_URL: optionalUrl,
  DATABASE_POOL: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * PostgreSQL: the owner role's postgres://… URL. Set: migrations run as this role and the app's
   * role (DATABASE_URL) gets INSERT and SELECT only on the audit tables. Unset: DATABASE_URL migrates.
   */
  DATABASE_OWNER_URL: optionalUrl,
  /** How often the chain head is signed into an audit checkpoint (also on shutdown). */
  AUDIT_CHECKPOINT_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  /** Also upload each checkpoint to the provincial 综合监管 service ('true'); the file under DATA_DIR/audit/ is always written. */
  AUDIT_CHECKPOINT_UPLOAD: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Public origin of this BFF as browsers see it; used for the SSO redirect_uri and CSRF origin check. */
  PUBLIC_BASE_URL: optionalUrl,
  /** Provincial services base URL. Unset: the simulator runs in-process, mounted at /province. */
  UPSTREAM_BASE_URL: optionalUrl,
  /** Browser-facing base of the provincial SSO pages when it differs from UPSTREAM_BASE_URL. */
  UPSTREAM_PUBLIC_URL: optionalUrl,
  UPSTREAM_CLIENT_ID: z.string().min(1).default('bdc-bff'),
  /** Unset: read or create `<DATA_DIR>/upstream-client-secret` (development only). */
  UPSTREAM_CLIENT_SECRET: z.string().min(16).optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(3000).default(3000),
  /** Deadline of a file the provincial side renders and signs at the request (certificate file, 查询结果证明). */
  UPSTREAM_FILE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  /** Whether the upstream is the simulator (enables the demo-citizen picker). Default: true when embedded. */
  UPSTREAM_IS_SIMULATOR: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  SIM_SEED_UNITS: z.coerce.number().int().min(0).max(100_000).default(200),
  /**
   * Who may show the app in a frame: 'none' (default), or origins (space- or comma-separated, e.g. the
   * 天府通办 container's https://… origin) and/or 'self'. Drives CSP frame-ancestors and X-Frame-Options.
   */
  FRAME_ANCESTORS: z
    .string()
    .default('none')
    .transform((v, ctx) => {
      const items = v.split(/[\s,]+/).filter(Boolean).map((i) => i.replace(/^'(.*)'$/, '$1'))
      if (items.length === 0 || (items.length === 1 && items[0] === 'none')) return []
      const out: string[] = []
      for (const item of items) {
        if (item === 'self') {
          out.push("'self'")
          continue
        }
        let origin: string | undefined
        try {
          const u = new URL(item)
          if ((u.protocol === 'https:' || u.protocol === 'http:') && u.origin === item.replace(/\/$/, '')) origin = u.origin
        } catch {
          // reported below
        }
        if (!origin) {
          ctx.addIssue({ code: 'custom', message: `'none', 'self' or origins like https://host[:port], not "${item}"` })
          return z.NEVER
        }
        out.push(origin)
      }
      return out
    }),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  /** Built H5 app to serve at `/`. */
  H5_DIST: z.string().default('miniapp/dist/h5'),
  /**
   * Require a fresh face check (step-up) before every sensitive operation. Default: on when
   * NODE_ENV=production, off otherwise (the local demo: the developer's face is not a demo
   * citizen's reference photo).
   */
  REQUIRE_FACE_STEP_UP: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  NODE_ENV: z.string().optional(),
  /** Face-check worker threads (tfjs WASM, one frame at a time each). Default: 1 on ≤ 2 cores, else 2. */
  FACE_WORKERS: z.coerce.number().int().min(1).max(8).optional(),
  /** Whose decision is binding: our own check ('local') or the certified provincial face service. */
  FACE_DECISION: z.enum(['local', 'certified']).default('local'),
  /** Descriptor distance to the reference photo that still counts as the same person (measured: same 0.29–0.41, different 0.64–0.83). */
  FACE_MATCH_THRESHOLD: z.coerce.number().min(0.2).max(0.8).default(0.5),
  /** How long a passed face check counts as a fresh step-up on the session. */
  FACE_STEP_UP_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Where the province pushes application progress (signed callbacks). Default: PUBLIC_BASE_URL + /api/callbacks/intake-progress. */
  INTAKE_CALLBACK_URL: optionalUrl,
  /** How often the outbox worker looks for submissions and ratings to deliver upstream. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /**
   * Certificate status feed (features/certificates/certificates.status-feed.ts): how often the BFF reads the
   * e-license library's change feed (0 = never: every verification asks the library), and how old
   * the last read may be for a verification to be answered from it (else the library is asked).
   */
  STATUS_FEED_POLL_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  STATUS_FEED_FRESH_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** Embedded simulator: progress engine step interval (0 = only driven by /__sim/intake/advance) and tick. */
  SIM_INTAKE_STEP_MS: z.coerce.number().int().min(0).max(3_600_000).default(20_000),
  SIM_INTAKE_TICK_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  /**
   * Proxies whose X-Forwarded-For is believed (lib/client-address.ts): comma-separated CIDRs or
   * addresses, IPv4 and IPv6 (`10.0.0.0/8,fd00::/8`). Default none: the socket address is the client.
   */
  /** How often expired rows are purged (purge/purge.ts; retention per table in the README). 0: never. */
  PURGE_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((xs) => xs.every((x) => parseCidr(x) !== null), '须为逗号分隔的 CIDR 或 IP 地址，如 10.0.0.0/8,fd00::/8'),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl?: string
  databaseOwnerUrl?: string
  databasePool: number
  audit: { checkpointMs: number; upload: boolean; dir: string }
  publicBaseUrl: string
  upstream: {
    /** undefined → in-process simulator */
    baseUrl?: string
    publicUrl: string
    clientId: string
    clientSecret?: string
    timeoutMs: number
    /** deadline of a file rendered upstream (POST /licenses/file, POST /proofs/file) */
    fileTimeoutMs: number
    isSimulator: boolean
    seedUnits: number
  }
  session: { idleMs: number; absoluteMs: number }
  cookieSecure: boolean
  /** FRAME_ANCESTORS: origins (or "'self'") that may frame the app; empty = none. */
  frameAncestors: string[]
  h5Dist: string
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  requireFaceStepUp: boolean
  face: { workers: number; decision: 'local' | 'certified'; matchThreshold: number; stepUpMs: number }
  applications: { callbackUrl: string; outboxPollMs: number; simStepMs: number; simTickMs: number }
  statusFeed: { pollMs: number; freshMs: number }
  /** CIDRs of the proxies whose X-Forwarded-For is believed (empty: none). */
  trustedProxies: readonly string[]
  /** Interval of the scheduled purge of expired rows (0: off). */
  purgeIntervalMs: number
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  const embedded = e.UPSTREAM_BASE_URL === undefined
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(REPO_ROOT, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    databasePool: e.DATABASE_POOL,
    audit: { checkpointMs: e.AUDIT_CHECKPOINT_MS, upload: e.AUDIT_CHECKPOINT_UPLOAD, dir: path.join(path.resolve(REPO_ROOT, e.DATA_DIR), 'audit') },
    publicBaseUrl,
    upstream: {
      baseUrl: e.UPSTREAM_BASE_URL?.replace(/\/+$/, ''),
      publicUrl: (e.UPSTREAM_PUBLIC_URL ?? e.UPSTREAM_BASE_URL ?? `${publicBaseUrl}/province`).replace(/\/+$/, ''),
      clientId: e.UPSTREAM_CLIENT_ID,
      clientSecret: e.UPSTREAM_CLIENT_SECRET,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      fileTimeoutMs: e.UPSTREAM_FILE_TIMEOUT_MS,
      isSimulator: e.UPSTREAM_IS_SIMULATOR ?? embedded,
      seedUnits: e.SIM_SEED_UNITS,
    },
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    cookieSecure: publicBaseUrl.startsWith('https://'),
    frameAncestors: e.FRAME_ANCESTORS,
    h5Dist: path.resolve(REPO_ROOT, e.H5_DIST),
    logLevel: e.LOG_LEVEL,
    requireFaceStepUp: e.REQUIRE_FACE_STEP_UP ?? e.NODE_ENV === 'production',
    face: {
      workers: e.FACE_WORKERS ?? (os.availableParallelism() <= 2 ? 1 : 2),
      decision: e.FACE_DECISION,
      matchThreshold: e.FACE_MATCH_THRESHOLD,
      stepUpMs: e.FACE_STEP_UP_MINUTES * 60_000,
    },
    applications: {
      callbackUrl: e.INTAKE_CALLBACK_URL ?? `${publicBaseUrl}/api/callbacks/intake-progress`,
      outboxPollMs: e.OUTBOX_POLL_MS,
      simStepMs: e.SIM_INTAKE_STEP_MS,
      simTickMs: e.SIM_INTAKE_TICK_MS,
    },
    statusFeed: { pollMs: e.STATUS_FEED_POLL_MS, freshMs: e.STATUS_FEED_FRESH_MS },
    trustedProxies: e.TRUSTED_PROXIES,
    purgeIntervalMs: e.PURGE_INTERVAL_MS,
  }
}
