/**
 * The provincial simulator running inside the BFF process (the `npm start` default). It keeps its
 * own schema (`province`) and database handle; with DATABASE_URL set it shares that server, else it
 * has its own PGlite folder. The BFF still reaches it only through the HTTP contract (a Request
 * object handed to the simulator's fetch), so switching to a real endpoint is configuration only.
 */
import path from 'node:path'
import type { Hono } from 'hono'
import { REPO_ROOT } from '../config'
import { openDatabase } from '../db/connect'
import type { Logger } from '../lib/logger'
import { createSimulator } from './simulator/app'
import * as simSchema from './simulator/schema'
import { seedDemo, seedRegistry } from './simulator/seed'

export const PROVINCE_MIGRATIONS = path.join(REPO_ROOT, 'bff/drizzle/province')

export async function openEmbeddedSimulator(opts: {
  databaseUrl?: string
  dataDir: string
  clientId: string
  clientSecret: string
  seedUnits: number
  logger: Logger
}): Promise<{ app: Hono; close(): Promise<void> }> {
  const database = await openDatabase({
    schema: simSchema,
    url: opts.databaseUrl,
    dataDir: opts.dataDir,
    migrationsFolder: PROVINCE_MIGRATIONS,
    migrationsTable: '__province_migrations',
    maxConnections: 5,
  })
  const started = performance.now()
  await seedDemo(database.db)
  await seedRegistry(database.db, { seed: 1, units: opts.seedUnits })
  opts.logger.info('simulator ready', { seedMs: Math.round(performance.now() - started) })
  const app = createSimulator({ db: database.db, clientId: opts.clientId, clientSecret: opts.clientSecret })
  return { app, close: () => database.close() }
}
