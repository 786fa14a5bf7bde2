/**
 * One way to open a database for both the BFF and the provincial simulator:
 * - `url` set (postgres://…): a real PostgreSQL server through the `postgres` driver;
 * - otherwise: embedded PGlite in `dataDir` (or in memory when dataDir is 'memory://').
 * Callers get a drizzle handle typed by their own schema; both kinds share PgDatabase's API.
 *
 * PGlite has one connection: a transaction blocks every other query. Never await an upstream
 * call inside a transaction, and use `tx` (not the outer `db`) inside it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import postgres from 'postgres'

export type Db<TSchema extends Record<string, unknown>> = PgDatabase<PgQueryResultHKT, TSchema>
/** The handle a `db.transaction(async (tx) => …)` callback receives. */
export type Tx<D extends { transaction: (...args: never[]) => unknown }> = Parameters<Parameters<D['transaction']>[0]>[0]

export interface OpenOptions<TSchema extends Record<string, unknown>> {
  schema: TSchema
  /** postgres://… — when absent, embedded PGlite is used. */
  url?: string
  /** PGlite data folder, or 'memory://' for a throwaway in-memory database. */
  dataDir?: string
  /** Folder of drizzle-kit migrations to apply at open. */
  migrationsFolder: string
  /** Separate bookkeeping per migration set, so app and simulator can share one database. */
  migrationsTable: string
  /** Pool size for PostgreSQL. */
  maxConnections?: number
  /**
   * PostgreSQL only: the owner role's URL. When set, migrations run as the owner (through a short
   * connection of its own) and then `grants` runs as the owner with the app role's name (the user of
   * `url`); the app's pool never migrates. Unset: migrations run through `url` as before.
   */
  ownerUrl?: string
  grants?: (owner: postgres.Sql, appRole: string) => Promise<void>
}

export interface OpenDatabase<TSchema extends Record<string, unknown>> {
  db: Db<TSchema>
  kind: 'pglite' | 'postgres'
  /** Cheap round trip used by /readyz. */
  ping(): Promise<void>
  close(): Promise<void>
}

export async function openDatabase<TSchema extends Record<string, unknown>>(
  opts: OpenOptions<TSchema>,
): Promise<OpenDatabase<TSchema>> {
  const migrationConfig = {
    migrationsFolder: opts.migrationsFolder,
    migrationsTable: opts.migrationsTable,
    migrationsSchema: 'drizzle',
  }
  if (opts.url) {
    const sql = postgres(opts.url, {
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      idle_timeout: 30,
    })
    const db = drizzlePostgres({ client: sql, schema: opts.schema })
    if (opts.ownerUrl) {
      const owner = postgres(opts.ownerUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 })
      try {
        const ownerDb = drizzlePostgres({ client: owner, schema: opts.schema })
        await migratePostgres(ownerDb, migrationConfig)
        const [{ role }] = (await sql`select current_user as role`) as unknown as [{ role: string }]
        await opts.grants?.(owner, role)
      } finally {
        await owner.end({ timeout: 5 })
      }
    } else {
      await migratePostgres(db, migrationConfig)
    }
    return {
      db: db as unknown as Db<TSchema>,
      kind: 'postgres',
      ping: async () => {
        await sql`select 1`
      },
      close: () => sql.end({ timeout: 5 }),
    }
  }
  const dataDir = opts.dataDir ?? 'memory://'
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true })
  const client = new PGlite(dataDir)
  await client.waitReady
  const db = drizzlePglite({ client, schema: opts.schema })
  await migratePglite(db, migrationConfig)
  return {
    db: db as unknown as Db<TSchema>,
    kind: 'pglite',
    ping: async () => {
      await client.query('select 1')
    },
    close: () => client.close(),
  }
}
