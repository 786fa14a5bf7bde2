/**
 * Run a suite against both database kinds the BFF supports:
 *
 *   describe.each(DB_KINDS)('sessions on %s', (kind) => {
 *     const freshDatabaseUrl = useDatabaseUrl(kind)
 *     it('…', async () => {
 *       const db = await openDatabase({ url: await freshDatabaseUrl(), dataDir: 'memory://', … })
 *     })
 *   })
 *
 * 'pglite'   → undefined: the caller opens an embedded in-memory PGlite.
 * 'postgres' → a new, empty database on a real PostgreSQL server. One throwaway cluster per test
 *              file (vitest isolates modules per file), started in beforeAll, stopped in afterAll.
 *
 * Missing PostgreSQL binaries make the postgres suites fail loudly (never skip): see pg-cluster.ts.
 */
import { afterAll, beforeAll } from 'vitest'
import { startPgCluster, type PgCluster } from './pg-cluster'

export const DB_KINDS = ['pglite', 'postgres'] as const
export type DbKind = (typeof DB_KINDS)[number]

let cluster: Promise<PgCluster> | undefined
let users = 0
let dbCounter = 0

/** The file's shared cluster, started on first use. */
function acquireCluster(): Promise<PgCluster> {
  users++
  cluster ??= startPgCluster()
  return cluster
}

async function releaseCluster(): Promise<void> {
  users--
  if (users > 0 || !cluster) return
  const c = cluster
  cluster = undefined
  await (await c).stop()
}

/**
 * Registers the cluster hooks in the current describe block; the returned function makes a fresh
 * database per call with `make` (or gives undefined for embedded PGlite).
 */
function useFreshDatabase<T>(kind: DbKind, caller: string, make: (pg: PgCluster, name: string) => Promise<T>): () => Promise<T | undefined> {
  if (kind === 'pglite') return async () => undefined
  let pg: PgCluster | undefined
  beforeAll(async () => {
    pg = await acquireCluster()
  }, 120_000)
  afterAll(async () => {
    pg = undefined
    await releaseCluster()
  }, 60_000)
  return async () => {
    if (!pg) throw new Error(`${caller}: the PostgreSQL cluster is not running (call it inside a test, not at collection time)`)
    dbCounter++
    return make(pg, `t${process.pid}_${dbCounter}_${Math.random().toString(36).slice(2, 8)}`)
  }
}

/**
 * Like useDatabaseUrl, with the two roles a deployment has: `url` for the app's role
 * (DATABASE_URL) and `ownerUrl` for the owner that migrates (DATABASE_OWNER_URL); undefined on PGlite.
 */
export function useDatabaseUrls(kind: DbKind): () => Promise<{ url: string; ownerUrl: string } | undefined> {
  return useFreshDatabase(kind, 'useDatabaseUrls', (pg, name) => pg.createDatabaseWithRoles(name))
}

/**
 * Registers the hooks for `kind` in the current describe block and returns a function that gives a
 * fresh database URL per call (or undefined for embedded PGlite).
 */
export function useDatabaseUrl(kind: DbKind): () => Promise<string | undefined> {
  return useFreshDatabase(kind, 'useDatabaseUrl', (pg, name) => pg.createDatabase(name))
}
