/**
 * A running simulated province: its database opened and migrated, the demo citizens and the
 * background registry seeded, the e-license library in step with the registry, the intake's
 * progress engine started, and the app answering the contract. The standalone server (main.ts) and
 * the embedded mode (embedded.ts) both start it here.
 */
import path from 'node:path'
import type { Hono } from 'hono'
import { createSimulator } from './app'
import { openSimulatorDatabase } from './db/connect'
import { createIntakeEngine } from './intake/intake'
import { syncLicenses } from './licenses/licenses'
import { loadOrCreateDocumentSigningKeys, useDocumentSigningKeys } from './licenses/pdf-signing'
import { seedDemo, seedRegistry } from './seed/seed'

export interface ProvinceOptions {
  /** postgres://… ; otherwise embedded PGlite in dataDir */
  databaseUrl?: string
  /** PGlite folder or 'memory://' */
  dataDir: string
  /**
   * Folder of the library's document-signing keys (`document-signing.json`, generated at first
   * start): default the parent of dataDir (`.data`, the BFF's DATA_DIR); with dataDir 'memory://'
   * and no folder given, a throwaway set per process (tests).
   */
  keysDir?: string
  maxConnections?: number
  clientId: string
  clientSecret: string
  /** the client's registered SSO callback addresses (default: the BFF's defaults) */
  redirectUris?: readonly string[]
  /** registry seed and size of the generated background registry */
  seed?: number
  seedUnits: number
  /** mount point, e.g. '/province'; default '/' */
  basePath?: string
  /** progress engine: auto-advance interval per step (0 = only when driven), tick, and how callbacks reach the BFF */
  intake: { stepMs: number; tickMs: number; fetch?: (url: string, init: RequestInit) => Promise<Response> }
}

export interface Province {
  app: Hono
  /** how long seeding took, and how many background units this start generated (0 when already there) */
  seeded: { ms: number; generatedUnits: number }
  close(): Promise<void>
}

export async function openProvince(opts: ProvinceOptions): Promise<Province> {
  const database = await openSimulatorDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir, maxConnections: opts.maxConnections })
  const keysDir = opts.keysDir ?? (opts.dataDir === 'memory://' ? undefined : path.dirname(opts.dataDir))
  if (keysDir) useDocumentSigningKeys(loadOrCreateDocumentSigningKeys(keysDir))
  const started = performance.now()
  await seedDemo(database.db)
  const seeded = await seedRegistry(database.db, { seed: opts.seed ?? 1, units: opts.seedUnits })
  await syncLicenses(database.db)
  const intake = createIntakeEngine({ db: database.db, clientId: opts.clientId, clientSecret: opts.clientSecret, ...opts.intake })
  const app = createSimulator({ db: database.db, clientId: opts.clientId, clientSecret: opts.clientSecret, redirectUris: opts.redirectUris, basePath: opts.basePath, intake })
  intake.start()
  return {
    app,
    seeded: { ms: Math.round(performance.now() - started), generatedUnits: seeded.skipped ? 0 : seeded.units },
    close: async () => {
      await intake.stop()
      await database.close()
    },
  }
}
