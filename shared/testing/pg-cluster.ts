/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp dir, start on a free port on
 * 127.0.0.1 (unix socket in the temp dir, fsync off), and tear it all down afterwards — on stop(),
 * on process exit or SIGINT/SIGTERM, and, through the reaper's watchdog, even when the test process
 * is killed outright.
 *
 * `initdb` and `pg_ctl` refuse to run as root, so as root they run as the `postgres` system user
 * (through runuser) in a temp dir that user owns. The superuser role is always `postgres` with trust
 * auth on 127.0.0.1 only. Two more login roles exist as a deployment has them: `bdc_owner` (owns the
 * databases made by createDatabaseWithRoles and runs migrations) and `bdc_app` (the app's role).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { isAlive, track } from './reaper'

export interface PgCluster {
  /** Connection URL of a database on this cluster (default `postgres`). */
  url(dbName?: string): string
  /** CREATE DATABASE; returns its URL (superuser). */
  createDatabase(name: string): Promise<string>
  /**
   * CREATE DATABASE owned by the owner role; returns the URLs of the owner role (migrations,
   * DATABASE_OWNER_URL) and of the app role (DATABASE_URL: rights granted by the app after migrating).
   */
  createDatabaseWithRoles(name: string): Promise<{ url: string; ownerUrl: string }>
  /** Immediate shutdown and removal of the temp dir. Idempotent. */
  stop(): Promise<void>
  readonly port: number
  readonly dir: string
  readonly binDir: string
}

const MISSING_MESSAGE =
  'PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found. ' +
  'The Postgres test suite needs a real PostgreSQL 15 server: install the Debian package ' +
  '`postgresql` (apt-get install -y postgresql), or set PG_BINDIR to the folder holding initdb.'

const SERVER_TOOLS = ['initdb', 'pg_ctl', 'postgres'] as const

function hasServerTools(dir: string): boolean {
  return SERVER_TOOLS.every((tool) => fs.existsSync(path.join(dir, tool)))
}

/** The folder with initdb/pg_ctl: $PG_BINDIR, `pg_config --bindir`, /usr/lib/postgresql/<newest>/bin, PATH. */
export function findPgBinDir(): string {
  const candidates: string[] = []
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR)
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim())
  } catch {
    // pg_config comes with libpq-dev; its absence says nothing about the server.
  }
  try {
    const versions = fs
      .readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`))
  } catch {
    // no Debian layout
  }
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean))
  const found = candidates.find(hasServerTools)
  if (!found) throw new Error(MISSING_MESSAGE)
  return found
}

/** A TCP port that was free a moment ago (the caller retries on a lost race). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

interface RunAs {
  /** Prefix argv so a command runs as the cluster's owner. */
  wrap(cmd: string, args: string[]): [string, string[]]
  uid: number
  gid: number
}

function runAsOwner(): RunAs {
  if (process.getuid?.() !== 0) {
    return { wrap: (cmd, args) => [cmd, args], uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1 }
  }
  const lookup = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  const gidLookup = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
  if (lookup.status !== 0 || gidLookup.status !== 0) {
    throw new Error(
      'Running as root, but there is no `postgres` system user to run initdb/pg_ctl as ' +
        '(initdb refuses to run as root). Install the Debian package `postgresql`, which creates it.',
    )
  }
  return {
    wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]],
    uid: Number(lookup.stdout.trim()),
    gid: Number(gidLookup.stdout.trim()),
  }
}

function run(runAs: RunAs, cmd: string, args: string[], what: string): string {
  const [c, a] = runAs.wrap(cmd, args)
  const r = spawnSync(c, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 })
  if (r.status !== 0) {
    throw new Error(`${what} failed (exit ${r.status ?? r.signal}): ${c} ${a.join(' ')}\n${r.stdout}\n${r.stderr}`)
  }
  return r.stdout
}

// ---------------------------------------------------------------- the cluster

export const OWNER_ROLE = 'bdc_owner'
export const APP_ROLE = 'bdc_app'

export async function startPgCluster(): Promise<PgCluster> {
  const binDir = findPgBinDir()
  const runAs = runAsOwner()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-pg-'))
  const dataDir = path.join(dir, 'data')
  const sockDir = path.join(dir, 'sock')
  const logFile = path.join(dir, 'server.log')
  const pidFile = path.join(dataDir, 'postmaster.pid')
  fs.mkdirSync(sockDir)
  if (process.getuid?.() === 0) {
    for (const p of [dir, sockDir]) fs.chownSync(p, runAs.uid, runAs.gid)
  }

  let stopped = false
  const pgCtl = path.join(binDir, 'pg_ctl')

  const teardownSync = () => {
    if (stopped) return
    stopped = true
    tracked.release()
    if (fs.existsSync(pidFile)) {
      const [c, a] = runAs.wrap(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'])
      spawnSync(c, a, { stdio: 'ignore', timeout: 35_000 })
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const tracked = track({ postmasterPidFile: pidFile, dir }, teardownSync)

  try {
    run(
      runAs,
      path.join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      'initdb',
    )

    let port = 0
    let lastError: unknown
    for (let attempt = 0; attempt < 5; attempt++) {
      port = await freePort()
      const opts = [
        `-p ${port}`,
        `-k ${sockDir}`,
        `-c listen_addresses=127.0.0.1`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
        '-c shared_buffers=32MB',
      ].join(' ')
      try {
        run(runAs, pgCtl, ['start', '-D', dataDir, '-l', logFile, '-o', opts, '-w', '-t', '60'], 'pg_ctl start')
        lastError = undefined
        break
      } catch (e) {
        // Most likely the port was taken between freePort() and bind: try another.
        lastError = e
        const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''
        if (!/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(log)) break
      }
    }
    if (lastError) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''
      throw new Error(`${(lastError as Error).message}\n--- server.log ---\n${log}`)
    }

    const url = (dbName = 'postgres', user = 'postgres') => `postgres://${user}@127.0.0.1:${port}/${encodeURIComponent(dbName)}`

    // pg_ctl -w says the server accepts connections; prove it over TCP before handing it out.
    const admin = postgres(url(), { max: 1, onnotice: () => {}, connect_timeout: 10 })
    const deadline = Date.now() + 30_000
    for (;;) {
      try {
        await admin`select 1`
        break
      } catch (e) {
        if (Date.now() > deadline) throw e
        await new Promise((r) => setTimeout(r, 100))
      }
    }

    await admin.unsafe(`create role ${OWNER_ROLE} login; create role ${APP_ROLE} login`)

    return {
      port,
      dir,
      binDir,
      url: (dbName?: string) => url(dbName),
      async createDatabaseWithRoles(name: string) {
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name: ${name}`)
        await admin.unsafe(`create database "${name}" owner ${OWNER_ROLE}`)
        // PostgreSQL 15: public schema is the database owner's; others may not create in it.
        return { url: url(name, APP_ROLE), ownerUrl: url(name, OWNER_ROLE) }
      },
      async createDatabase(name: string) {
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name: ${name}`)
        await admin.unsafe(`create database "${name}"`)
        return url(name)
      },
      async stop() {
        if (stopped) return
        await admin.end({ timeout: 1 }).catch(() => {})
        const pm = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0
        teardownSync()
        // pg_ctl -w returns once the pid file is gone; make sure the postmaster really is.
        const until = Date.now() + 10_000
        while (pm > 0 && isAlive(pm) && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
      },
    }
  } catch (e) {
    teardownSync()
    throw e
  }
}
