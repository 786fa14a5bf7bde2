/**
 * `npm run bench` — prints the foundation's figures; never fails on speed.
 *   1. BFF start → /healthz OK: first start (fresh data folder: migrations + simulator seed) and
 *      restart (same folder), as separate processes exactly as `npm start` runs them.
 *   2. Request latency over real HTTP on the embedded stack: GET /api/properties and a detail,
 *      10 concurrent clients for a fixed number of requests.
 *   3. Client sizes (weapp total/main package, H5 first-load JS gzip) when the builds exist.
 *   4. Face + liveness: per frame, per check, event-loop delay under 4 concurrent checks (bench/liveness.ts).
 * Flags: --with-h5-build also times a clean H5 build (part of the very first `npm start`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { REPO_ROOT } from '../src/config'

const args = new Set(process.argv.slice(2))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
    srv.on('error', reject)
  })
}

async function startBff(dataDir: string, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const t0 = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (;;) {
    if (child.exitCode !== null) throw new Error(`BFF exited with ${child.exitCode}`)
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`)
      if (res.ok) return { child, ms: performance.now() - t0 }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 25))
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function load(label: string, url: string, headers: Record<string, string>, total = 600, concurrency = 10) {
  const times: number[] = []
  let errors = 0
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++
        const s = performance.now()
        const res = await fetch(url, { headers })
        await res.arrayBuffer()
        if (!res.ok) errors++
        times.push(performance.now() - s)
      }
    }),
  )
  const wall = (performance.now() - t0) / 1000
  times.sort((a, b) => a - b)
  console.log(
    `${label.padEnd(28)} ${String(total).padStart(5)} req  ${(total / wall).toFixed(0).padStart(5)} req/s  p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms  errors ${errors}`,
  )
}

async function main() {
  console.log(`# bench on ${os.cpus().length} cores, node ${process.version}\n`)
  if (args.has('--with-h5-build')) {
    fs.rmSync(path.join(REPO_ROOT, 'miniapp/dist/h5'), { recursive: true, force: true })
    const t = performance.now()
    spawnSync('npm', ['run', 'build:h5', '-w', '@bdc/miniapp'], { cwd: REPO_ROOT, stdio: 'ignore' })
    console.log(`H5 build (clean)              ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-bench-'))
  const port = await freePort()
  const first = await startBff(dataDir, port)
  console.log(`BFF first start → /healthz    ${(first.ms / 1000).toFixed(2)} s  (fresh PGlite, migrations, simulator seed)`)
  await stop(first.child)
  const again = await startBff(dataDir, port)
  console.log(`BFF restart → /healthz        ${(again.ms / 1000).toFixed(2)} s\n`)

  const base = `http://127.0.0.1:${port}/api`
  const post = (p: string, body: unknown) =>
    fetch(base + p, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) => r.json())
  const { code } = (await post('/auth/dev-container-code', { citizenId: 'c-liuyang' })) as { code: string }
  const { token } = (await post('/auth/container', { code })) as { token: string }
  const auth = { authorization: `Bearer ${token}` }
  const { items } = (await (await fetch(`${base}/properties`, { headers: auth })).json()) as { items: { unitCode: string }[] }
  await load('GET /healthz', `http://127.0.0.1:${port}/healthz`, {})
  await load('GET /api/properties', `${base}/properties`, auth)
  await load('GET /api/properties/{unit}', `${base}/properties/${items[0]!.unitCode}`, auth)
  await stop(again.child)
  fs.rmSync(dataDir, { recursive: true, force: true })

  console.log('')
  for (const script of ['miniapp/scripts/check-weapp.mjs']) {
    const r = spawnSync(process.execPath, [script], { cwd: REPO_ROOT, encoding: 'utf8' })
    if (r.status === 0) process.stdout.write(r.stdout.split('\n').filter((l) => /KB|pages/.test(l) && !l.startsWith('/')).join('\n') + '\n')
    else console.log(`(${script}: build missing — run npm run build first)`)
  }

  // Face + liveness figures (bench/liveness.ts), in their own process so worker threads and
  // models do not skew the figures above.
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/liveness.ts'], { cwd: path.join(REPO_ROOT, 'bff'), stdio: 'inherit' })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
