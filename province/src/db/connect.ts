/**
 * Opening the simulator's database: its own `province` schema and migration table, so it can share
 * one PostgreSQL database or one PGlite folder with the BFF without interference.
 * - `url` set (postgres://…): a PostgreSQL server through the `postgres` driver;
 * - otherwise: embedded PGlite in `dataDir` (in memory for 'memory://').
 *
 * PGlite has one connection: a transaction blocks every other query. Never await an outside call
 * inside a transaction, and use `tx` (not the outer `db`) inside it.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { provinceSchema, type ProvinceSchema } from './schema'

/** The package folder, found through Node's resolution so a bundle that includes this code finds it too. */
export const PACKAGE_ROOT = path.dirname(createRequire(import.meta.url).resolve('@bdc/province/package.json'))
/** The repository root (relative data folders resolve against it). */
export const REPO_ROOT = path.dirname(PACKAGE_ROOT)
const MIGRATIONS = { migrationsFolder: path.join(PACKAGE_ROOT, 'drizzle'), migrationsTable: '__province_migrations', migrationsSchema: 'drizzle' }

export type SimDb = PgDatabase<PgQueryResultHKT, ProvinceSchema>
/** The handle a `db.transaction(async (tx) => …)` callback receives. */
export type SimTx = Parameters<Parameters<SimDb['transaction']>[0]>[0]

export interface SimDatabase {
  db: SimDb
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
}

export async function openSimulatorDatabase(opts: { url?: string; dataDir?: string; maxConnections?: number } = {}): Promise<SimDatabase> {
  if (opts.url) {
    const sql = postgres(opts.url, { max: opts.maxConnections ?? 10, onnotice: () => {}, connect_timeout: 10, idle_timeout: 30 })
    const db = drizzlePostgres({ client: sql, schema: provinceSchema })
    await migratePostgres(db, MIGRATIONS)
    return { db: db as unknown as SimDb, kind: 'postgres', close: () => sql.end({ timeout: 5 }) }
  }
  const dataDir = opts.dataDir ?? 'memory://'
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true })
  const client = new PGlite(dataDir)
  await client.waitReady
  const db = drizzlePglite({ client, schema: provinceSchema })
  await migratePglite(db, MIGRATIONS)
  return { db: db as unknown as SimDb, kind: 'pglite', close: () => client.close() }
}

/** The rows of a raw `db.execute(sql…)` result: PGlite answers `{ rows }`, postgres-js an array of rows. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows?: T[] }).rows ?? (result as T[])
