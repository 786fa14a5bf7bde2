/**
 * Builds a running BFF from a Config: keys, database (migrated), upstream client, and — in the
 * embedded mode — the provincial simulator in-process. Used by main.ts and by integration tests,
 * so tests exercise the same wiring as production.
 */
import path from 'node:path'
import { createApp } from './app'
import { REPO_ROOT, type Config } from './config'
import { openDatabase } from './db/connect'
import { createCheckpointer, grantAppRole } from './audit/index'
import { schema } from './db/schema'
import type { Deps } from './env'
import { createLogger, type Logger } from './lib/logger'
import { createFieldCipher } from './security/crypto'
import { seedAppointments } from './features/appointments/appointments.index'
import { seedDemoInstitutions } from './features/institutions/institutions.index'
import { createStatusFeed, loadOrCreateCertificateKeys } from './features/certificates/certificates.index'
import { loadOrCreateAuditKey, loadOrCreateKeys, loadOrCreateSecret } from './security/keys'
import { createProvincialClient, type FetchLike } from './upstream/client'
import { callbackKey } from '@bdc/shared/province-contract'
import { createOutbox } from './outbox/outbox.worker'
import { applicationsDeliverers } from './features/applications/applications.index'
import { ratingsDeliverers } from './features/ratings/ratings.index'

export const APP_MIGRATIONS = path.join(REPO_ROOT, 'bff/drizzle/app')

export interface BootOptions {
  logger?: Logger
  now?: () => Date
  /** Use an in-memory PGlite for both databases (tests). */
  inMemory?: boolean
}

export async function bootstrap(config: Config, opts: BootOptions = {}) {
  const logger = opts.logger ?? createLogger(config.logLevel, { svc: 'bff' })
  const keys = loadOrCreateKeys(config.dataDir)
  const clientSecret = config.upstream.clientSecret ?? loadOrCreateSecret(config.dataDir, 'upstream-client-secret')

  const database = await openDatabase({
    schema,
    url: config.databaseUrl,
    dataDir: opts.inMemory ? 'memory://' : path.join(config.dataDir, 'bff'),
    migrationsFolder: APP_MIGRATIONS,
    migrationsTable: '__app_migrations',
    maxConnections: config.databasePool,
    ownerUrl: config.databaseOwnerUrl,
    grants: grantAppRole,
  })
  await seedAppointments(database.db)
  // Against the simulator: demo institutions (a bank, a 公积金 centre) sharing one secret kept in
  // DATA_DIR/institution-demo-secret, for docs/institution-client.mjs. Real ones are registered with
  // `npm run institutions -w @bdc/bff -- register …`.
  if (config.upstream.isSimulator) {
    await seedDemoInstitutions(database.db, createFieldCipher(keys), loadOrCreateSecret(config.dataDir, 'institution-demo-secret'))
  }

  let simulator: { app: { fetch(req: Request): Response | Promise<Response> }; close(): Promise<void> } | undefined
  // The embedded simulator pushes progress callbacks straight into this app (no socket needed).
  const appRef: { current?: { fetch(req: Request): Response | Promise<Response> } } = {}
  const callbackBase = new URL(config.applications.callbackUrl).origin
  let fetchImpl: FetchLike
  let baseUrl: string
  if (config.upstream.baseUrl) {
    baseUrl = config.upstream.baseUrl
    fetchImpl = (url, init) => fetch(url, init)
  } else {
    // The one place the BFF touches the simulator package: loaded only in the embedded mode.
    const { EMBEDDED_PROVINCE_PATH, openEmbeddedProvince } = await import('@bdc/province/embedded')
    const province = await openEmbeddedProvince({
      // The simulator stands for other systems: on a shared test database it owns its tables.
      databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl,
      dataDir: opts.inMemory ? 'memory://' : path.join(config.dataDir, 'province'),
      clientId: config.upstream.clientId,
      clientSecret,
      // the BFF's SSO callback, registered with the simulated identity service (features/auth)
      redirectUris: [`${config.publicBaseUrl}/api/auth/callback`],
      seedUnits: config.upstream.seedUnits,
      intake: {
        stepMs: config.applications.simStepMs,
        tickMs: config.applications.simTickMs,
        fetch: async (url, init) => (appRef.current && url.startsWith(callbackBase) ? appRef.current.fetch(new Request(url, init)) : fetch(url, init)),
      },
    })
    logger.child({ svc: 'simulator' }).info('simulator ready', { seedMs: province.seeded.ms, generatedUnits: province.seeded.generatedUnits })
    simulator = province
    baseUrl = `http://province.internal${EMBEDDED_PROVINCE_PATH}`
    const simApp = province.app
    fetchImpl = async (url, init) => simApp.fetch(new Request(url, init))
  }

  const base = {
    config,
    db: database.db,
    dbKind: database.kind,
    ping: database.ping,
    cipher: createFieldCipher(keys),
    // Created (first start) on the app clock, so a key is never "not yet valid" for the codes it signs.
    certificateKeys: loadOrCreateCertificateKeys(config.dataDir, (opts.now ?? (() => new Date()))()),
    upstream: createProvincialClient({
      baseUrl,
      clientId: config.upstream.clientId,
      clientSecret,
      timeoutMs: config.upstream.timeoutMs,
      fetch: fetchImpl,
      logger: logger.child({ svc: 'upstream' }),
    }),
    intakeCallbackKey: callbackKey(clientSecret),
    logger,
    now: opts.now ?? (() => new Date()),
  }
  // The outbox exists before the app; each feature registers what it delivers through it.
  const outbox = createOutbox(base)
  const deps: Deps = { ...base, outbox }
  outbox.register([...applicationsDeliverers(deps), ...ratingsDeliverers(deps)])
  const app = createApp(deps, { simulator: simulator?.app })
  appRef.current = app
  outbox.start()
  const statusFeed = createStatusFeed(deps)
  statusFeed.start()
  // The audit chain's head, signed at intervals and on shutdown, kept outside the database.
  const auditCheckpoints = createCheckpointer({
    db: deps.db,
    dir: config.audit.dir,
    key: loadOrCreateAuditKey(config.dataDir),
    intervalMs: config.audit.checkpointMs,
    logger: logger.child({ svc: 'audit' }),
    upload: config.audit.upload ? (cp) => deps.upstream.auditCheckpointPush(cp) : undefined,
  })
  auditCheckpoints.start()
  return {
    app,
    deps,
    simulator,
    outbox,
    statusFeed,
    auditCheckpoints,
    async close() {
      await statusFeed.stop()
      await outbox.stop()
      await auditCheckpoints.stop().catch((e: unknown) => logger.error('audit checkpoint at shutdown failed', { error: (e as Error).message }))
      await simulator?.close()
      await database.close()
    },
  }
}
