/**
 * `npm run bench` (audit part) — audit write throughput on a real PostgreSQL (throwaway cluster,
 * owner and app roles as deployed); never fails on speed.
 *   1. Raw appends: 1 and 2 writer processes, 50 concurrent appends each, for the current design
 *      (a chain per instance, group commit, no lock) and the former one (one global advisory lock
 *      per event), events/s summed over the processes.
 *   2. Audited requests: GET /api/properties/{unitCode} (each writes a `property.view` row) with
 *      wrk at 50 connections against one BFF instance, then split over two instances on the same
 *      database; requests/s summed, p99, and the audit rows written (checked against the requests).
 * Needs `wrk` for part 2 (prints a note and skips it otherwise).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { REPO_ROOT } from '../src/config'
import { freePort, startPgCluster } from '@bdc/shared/testing/pg-cluster'

const out = (s = '') => process.stdout.write(s + '\n')
const SECONDS = 8

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: path.join(REPO_ROOT, 'bff'), stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.join(' ')} exited with ${code}`))))
  })
}

async function rawAppends(url: string, ownerUrl: string, mode: 'chains' | 'lock', processes: number): Promise<number> {
  const outs = await Promise.all(Array.from({ length: processes }, () => runChild(['bench/audit-writer.ts', url, ownerUrl, mode, String(SECONDS), '50'])))
  return outs.reduce((n, o) => n + (JSON.parse(o.trim().split('\n').pop()!) as { events: number }).events, 0) / SECONDS
}

async function waitFor(url: string, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

function wrk(url: string, token: string, connections: number): Promise<{ rps: number; p99: string; non2xx: number; requests: number }> {
  const lua = path.join(os.tmpdir(), `bdc-wrk-audit-${process.pid}-${Math.random().toString(36).slice(2)}.lua`)
  fs.writeFileSync(lua, `wrk.headers["Authorization"] = "Bearer ${token}"\n`)
  const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${SECONDS}s`, '--latency', '-s', lua, url])
  let stdout = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  return new Promise((resolve) =>
    child.once('exit', () => {
      fs.rmSync(lua, { force: true })
      resolve({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
        p99: /99%\s+(\S+)/.exec(stdout)?.[1] ?? '?',
        non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0),
        requests: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0),
      })
    }),
  )
}

async function main() {
  out(`# audit bench on ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} (the machine is shared)`)
  const pg = await startPgCluster()
  const dataDirs: string[] = []
  const bffs: ChildProcess[] = []
  let sql: postgres.Sql | undefined
  try {
    // 1. raw appends
    for (const mode of ['lock', 'chains'] as const) {
      for (const processes of [1, 2]) {
        const { url, ownerUrl } = await pg.createDatabaseWithRoles(`raw_${mode}_${processes}`)
        // migrated once before the measured writers start (each of them runs as the app role)
        await runChild(['bench/audit-writer.ts', url, ownerUrl, mode, '0', '1'])
        const rate = await rawAppends(url, ownerUrl, mode, processes)
        out(`raw audit appends, ${mode === 'lock' ? 'former: one advisory lock per event' : 'now: chain per instance + group commit'}, ${processes} process${processes > 1 ? 'es' : ''} × 50 concurrent: ${rate.toFixed(0)} events/s`)
      }
    }

    // 2. audited requests through 1 and 2 BFF instances on one database
    if (spawnSync('which', ['wrk']).status !== 0) {
      out('wrk not installed (apt-get install -y wrk): audited request throughput skipped')
      return
    }
    const { url, ownerUrl } = await pg.createDatabaseWithRoles('bench_http')
    sql = postgres(ownerUrl, { max: 2, onnotice: () => {} })
    const ports: number[] = []
    for (let i = 0; i < 2; i++) {
      const port = await freePort()
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-bench-audit-'))
      dataDirs.push(dataDir)
      if (i === 1) for (const f of ['keys.json', 'upstream-client-secret']) fs.copyFileSync(path.join(dataDirs[0]!, f), path.join(dataDir, f))
      const bff = spawn(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          PORT: String(port),
          DATA_DIR: dataDir,
          DATABASE_URL: url,
          DATABASE_OWNER_URL: ownerUrl,
          DATABASE_POOL: '20',
          LOG_LEVEL: 'warn',
          PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
          SIM_SEED_UNITS: '20',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      bffs.push(bff)
      ports.push(port)
      await waitFor(`http://127.0.0.1:${port}/healthz`, bff)
    }
    const base = `http://127.0.0.1:${ports[0]}`
    const post = async <T>(p: string, body: unknown): Promise<T> =>
      (await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<T>
    const { code } = await post<{ code: string }>('/api/auth/dev-container-code', { citizenId: 'c-zhangwei' })
    const { token } = await post<{ token: string }>('/api/auth/container', { code })
    const list = (await (await fetch(`${base}/api/properties`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { unitCode: string }[] }
    const unit = list.items[0]!.unitCode
    const rows = async () => Number((await sql!`select count(*)::int as n from audit_log where action = 'property.view'`)[0]!.n)

    for (const instances of [1, 2]) {
      const before = await rows()
      const results = await Promise.all(ports.slice(0, instances).map((p) => wrk(`http://127.0.0.1:${p}/api/properties/${unit}`, token, 50 / instances)))
      const written = (await rows()) - before
      const rps = results.reduce((n, r) => n + r.rps, 0)
      const ok = results.reduce((n, r) => n + r.requests - r.non2xx, 0)
      out(
        `audited requests (GET /api/properties/{unit}, wrk 50 connections over ${instances} instance${instances > 1 ? 's' : ''}): ${rps.toFixed(0)} req/s, p99 ${results.map((r) => r.p99).join(' / ')}, ` +
          `non-2xx ${results.reduce((n, r) => n + r.non2xx, 0)}, audit rows written ${written} for ${ok} answered requests (plus those in flight when wrk stopped)`,
      )
    }
    const chains = await sql`select chain, count(*)::int as n from audit_log group by chain order by chain`
    out(`chains in the database: ${chains.length} (${chains.map((c) => c.n).join(', ')} rows)`)
  } finally {
    await sql?.end()
    for (const b of bffs) {
      if (b.exitCode === null) {
        await new Promise<void>((r) => {
          b.once('exit', () => r())
          b.kill('SIGTERM')
        })
      }
    }
    await pg.stop()
    for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
