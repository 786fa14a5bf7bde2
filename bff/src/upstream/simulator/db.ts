/**
 * Opening the simulator's database (its own `province` schema and migration table, so it can
 * share one PostgreSQL database or one PGlite folder with the BFF without interference).
 */
import path from 'node:path'
import { REPO_ROOT } from '../../config'
import { openDatabase, type OpenDatabase } from '../../db/connect'
import { simulatorSchema, type SimulatorSchema } from './schema'

// One definition of the repository root (config.ts), which also holds in the bundled BFF.
export { REPO_ROOT }
export const SIM_MIGRATIONS_FOLDER = path.join(REPO_ROOT, 'bff/drizzle/province')
export const SIM_MIGRATIONS_TABLE = '__province_migrations'

export function openSimulatorDatabase(opts: { url?: string; dataDir?: string; maxConnections?: number } = {}): Promise<OpenDatabase<SimulatorSchema>> {
  return openDatabase({
    schema: simulatorSchema,
    url: opts.url,
    dataDir: opts.dataDir ?? 'memory://',
    maxConnections: opts.maxConnections,
    migrationsFolder: SIM_MIGRATIONS_FOLDER,
    migrationsTable: SIM_MIGRATIONS_TABLE,
  })
}
