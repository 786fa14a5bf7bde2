import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import postgres from 'postgres'
import { startPgCluster } from './pg-cluster'
import { DB_KINDS, useDatabaseUrl } from './databases'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

describe('throwaway PostgreSQL cluster', () => {
  it('starts a PostgreSQL 15 server, serves a new database, and stops leaving no process and no temp dir', async () => {
    const pg = await startPgCluster()
    let postmasterPid = 0
    try {
      expect(fs.existsSync(pg.dir)).toBe(true)
      postmasterPid = Number(fs.readFileSync(`${pg.dir}/data/postmaster.pid`, 'utf8').split('\n')[0])
      expect(alive(postmasterPid)).toBe(true)

      const url = await pg.createDatabase('province')
      expect(url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/province`)
      const sql = postgres(url, { max: 1, onnotice: () => {} })
      try {
        const [row] = await sql<{ version: string }[]>`select version()`
        expect(row?.version).toMatch(/^PostgreSQL 15\./)
        const [db] = await sql<{ name: string; encoding: string }[]>`select current_database() as name, pg_encoding_to_char(encoding) as encoding from pg_database where datname = current_database()`
        expect(db).toEqual({ name: 'province', encoding: 'UTF8' })
        const [fsync] = await sql<{ fsync: string }[]>`show fsync`
        expect(fsync?.fsync).toBe('off')
      } finally {
        await sql.end({ timeout: 1 })
      }
    } finally {
      await pg.stop()
    }
    expect(alive(postmasterPid)).toBe(false)
    expect(fs.existsSync(pg.dir)).toBe(false)
    // stop() is idempotent
    await pg.stop()
  })

  it('listens on loopback only, so nothing outside this machine can reach the test data', async () => {
    const pg = await startPgCluster()
    try {
      const sql = postgres(pg.url(), { max: 1, onnotice: () => {} })
      const [row] = await sql<{ listen_addresses: string }[]>`show listen_addresses`
      await sql.end({ timeout: 1 })
      expect(row?.listen_addresses).toBe('127.0.0.1')
    } finally {
      await pg.stop()
    }
  })
})

describe.each(DB_KINDS)('useDatabaseUrl(%s)', (kind) => {
  const freshDatabaseUrl = useDatabaseUrl(kind)

  it('gives each call its own empty database (postgres) or undefined for embedded PGlite', async () => {
    const a = await freshDatabaseUrl()
    const b = await freshDatabaseUrl()
    if (kind === 'pglite') {
      expect(a).toBeUndefined()
      return
    }
    expect(a).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/t\d+_\d+_/)
    expect(b).not.toBe(a)
    const sql = postgres(a!, { max: 1, onnotice: () => {} })
    try {
      await sql`create table note (body text)`
      await sql`insert into note values ('只在这个库里')`
      const rows = await sql`select body from note`
      expect(rows.map((r) => r.body)).toEqual(['只在这个库里'])
    } finally {
      await sql.end({ timeout: 1 })
    }
    const other = postgres(b!, { max: 1, onnotice: () => {} })
    try {
      const [t] = await other<{ n: number }[]>`select count(*)::int as n from pg_tables where tablename = 'note'`
      expect(t?.n).toBe(0)
    } finally {
      await other.end({ timeout: 1 })
    }
  })
})
