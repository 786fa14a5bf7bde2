/**
 * The provincial simulator running inside the BFF process (the `npm start` default). It keeps its
 * own schema (`province`) and database handle; with DATABASE_URL set it shares that server, else it
 * has its own PGlite folder. The BFF still reaches it only through the HTTP contract (a Request
 * object handed to the simulator's fetch), so switching to a real endpoint is configuration only.
 */
import type { Hono } from 'hono'
import type { Logger } from '../lib/logger'
import { createSimulator } from './simulator/app'
import { createIntakeEngine } from './simulator/intake'
import { openSimulatorDatabase } from './simulator/db'
import { syncLicenses } from './simulator/licenses'
import { seedDemo, seedRegistry } from './simulator/seed'

/** Where the embedded simulator lives on the BFF's own server (its SSO page must be reachable by browsers). */
export const EMBEDDED_SIMULATOR_PATH = '/province'

export async function openEmbeddedSimulator(opts: {
  databaseUrl?: string
  dataDir: string
  clientId: string
  clientSecret: string
  seedUnits: number
  logger: Logger
  /** progress engine of the simulated intake: step interval, tick, and how callbacks reach the BFF */
  intake?: { stepMs: number; tickMs: number; fetch?: (url: string, init: RequestInit) => Promise<Response> }
}): Promise<{ app: Hono; close(): Promise<void> }> {
  const database = await openSimulatorDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir, maxConnections: 5 })
  const started = performance.now()
  await seedDemo(database.db)
  const seeded = await seedRegistry(database.db, { seed: 1, units: opts.seedUnits })
  await syncLicenses(database.db)
  opts.logger.info('simulator ready', { seedMs: Math.round(performance.now() - started), generatedUnits: seeded.skipped ? 0 : seeded.units })
  const intake = createIntakeEngine({ db: database.db, clientId: opts.clientId, clientSecret: opts.clientSecret, ...opts.intake })
  const app = createSimulator({ db: database.db, clientId: opts.clientId, clientSecret: opts.clientSecret, basePath: EMBEDDED_SIMULATOR_PATH, intake })
  intake.start()
  return {
    app,
    close: async () => {
      await intake.stop()
      await database.close()
    },
  }
}
