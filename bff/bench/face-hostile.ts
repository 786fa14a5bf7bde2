/**
 * `npm run bench` — event-loop delay of the BFF while 4 sessions post hostile 6 MB face answers
 * (issue 12 §5). The answer route's JSON is guarded as it streams in (lib/body.ts JsonGuard): each
 * hostile body is refused at the first byte that breaks a bound, never parsed whole on the main
 * thread. Printed: event-loop delay (perf_hooks.monitorEventLoopDelay) p50/p99/max in the BFF's
 * process while 4 clients — in a worker thread, so their own work is not on the measured loop —
 * post bodies of each hostile kind in a loop; requests answered and their statuses. Goal: p99 < 50 ms.
 * Also the same measure with no load, for reference. Never fails on speed.
 * Flags: --seconds N (default 8).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import fs from 'node:fs'
import path from 'node:path'
import { getRequestListener } from '@hono/node-server'
import { bootstrap } from '../src/bootstrap'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/lib/logger'
import { AnswerBodySchema } from '../src/features/liveness/liveness.routes'

const secondsArg = process.argv.indexOf('--seconds')
const seconds = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 8

/** The worker: 4 sessions, each posting hostile bodies back to back (written in 64 KB pieces, stopping once answered). */
const CLIENTS = `
const { workerData, parentPort } = require('node:worker_threads')
const http = require('node:http')
const { port, sessions, seconds, control } = workerData
const MB6 = 6 * 1024 * 1024 - 1024
const kinds = {
  'millions of numbers': () => '{"nonce":"nnnnnnnnnnnnnnnnnnnn","frames":[' + '1,'.repeat(MB6 / 2) + '1]}',
  'deep nesting': () => '{"frames":' + '['.repeat(MB6 / 2) + ']'.repeat(MB6 / 2) + '}',
  'one enormous string': () => '{"nonce":"' + 'a'.repeat(MB6) + '"}',
  'escapes everywhere': () => '{"frames":[{"image":"' + '\\\\u0041'.repeat(MB6 / 6) + '"}]}',
  'many tiny objects': () => '{"frames":[' + '{},'.repeat(MB6 / 3) + '{}]}',
  'a huge number': () => '{"frames":[{"t":' + '9'.repeat(MB6) + '}]}',
}
const bodies = Object.entries(kinds).map(([k, f]) => [k, Buffer.from(f())])
const statuses = {}
let n = 0
function post(s, body) {
  return new Promise((resolve) => {
    let answered = false
    const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: s.path, headers: { authorization: s.auth, 'content-type': 'application/json' } }, (res) => {
      answered = true
      res.resume()
      res.on('end', () => { resolve(res.statusCode); req.destroy() })
    })
    req.on('socket', (so) => so.on('error', () => {}))
    req.on('error', () => resolve(answered ? 0 : -1))
    const write = (from) => {
      for (let i = from; i < body.length; i += 65536) {
        if (answered) return
        if (!req.write(body.subarray(i, i + 65536))) return void req.once('drain', () => write(i + 65536))
      }
      if (!answered) req.end()
    }
    write(0)
  })
}
function get(s) {
  return new Promise((resolve) => {
    http.get({ port, host: '127.0.0.1', path: '/api/me', headers: { authorization: s.auth } }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) }).on('error', () => resolve(-1))
  })
}
async function loop(s, offset) {
  const until = Date.now() + seconds * 1000
  for (let i = offset; Date.now() < until; i++) {
    const [kind, body] = bodies[i % bodies.length]
    const st = control ? await get(s) : await post(s, body)
    statuses[st] = (statuses[st] || 0) + 1
    n++
  }
}
parentPort.postMessage({ ready: true })
Promise.all(sessions.map((s, i) => loop(s, i))).then(() => parentPort.postMessage({ n, statuses, kinds: Object.keys(kinds) }))
`

const MB6 = 6 * 1024 * 1024 - 1024
const HOSTILE: Record<string, () => string> = {
  'millions of numbers': () => `{"nonce":"${'n'.repeat(20)}","frames":[${'1,'.repeat(MB6 / 2)}1]}`,
  'deep nesting': () => `{"frames":${'['.repeat(MB6 / 2)}${']'.repeat(MB6 / 2)}}`,
  'one enormous string': () => `{"nonce":"${'a'.repeat(MB6)}"}`,
  'escapes everywhere': () => `{"frames":[{"image":"${'\\u0041'.repeat(MB6 / 6)}"}]}`,
  'many tiny objects': () => `{"frames":[${'{},'.repeat(MB6 / 3)}{}]}`,
  'a huge number': () => `{"frames":[{"t":${'9'.repeat(MB6)}}]}`,
}

async function main() {
  console.log(`# hostile face-answer bench on ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} (the machine is shared)`)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-bench-face-hostile-'))
  const boot = await bootstrap(loadConfig({ DATA_DIR: dataDir, SIM_SEED_UNITS: '20', LOG_LEVEL: 'silent' }), { inMemory: true, logger: createLogger('silent') })
  const server = http.createServer(getRequestListener(boot.app.fetch))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  const base = `http://127.0.0.1:${port}`
  const post = async <T>(p: string, body: unknown, headers: Record<string, string> = {}) =>
    (await (await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })).json()) as T
  const sessions = []
  for (const citizenId of ['c-zhangwei', 'c-liuyang', 'c-chenjing', 'c-wangqiang']) {
    const { code } = await post<{ code: string }>('/api/auth/dev-container-code', { citizenId })
    const { token } = await post<{ token: string }>('/api/auth/container', { code })
    const c = await post<{ id: string }>('/api/liveness/challenges', {}, { authorization: `Bearer ${token}` })
    sessions.push({ auth: `Bearer ${token}`, path: `/api/liveness/challenges/${c.id}/answer` })
  }
  const measure = async (work: () => Promise<unknown>) => {
    const h = monitorEventLoopDelay({ resolution: 5 })
    h.enable()
    const out = await work()
    h.disable()
    return { out, p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 }
  }
  const f = (x: number) => `${x.toFixed(1)} ms`
  const idle = await measure(() => new Promise((r) => setTimeout(r, 2000)))
  console.log(`idle (2 s): event-loop delay p50 ${f(idle.p50)}, p99 ${f(idle.p99)}, max ${f(idle.max)}`)
  const worker = new Worker(CLIENTS, { eval: true, workerData: { port, sessions, seconds } })
  await new Promise((r) => worker.once('message', r)) // bodies built
  const loaded = await measure(() => new Promise<{ n: number; statuses: Record<string, number>; kinds: string[] }>((r) => worker.once('message', r)))
  const res = loaded.out as { n: number; statuses: Record<string, number>; kinds: string[] }
  console.log(`hostile bodies: ${res.kinds.join(', ')} (each ≈ 6 MB)`)
  console.log(
    `4 sessions posting them for ${seconds} s: ${res.n} requests answered (statuses ${JSON.stringify(res.statuses)}); ` +
      `event-loop delay p50 ${f(loaded.p50)}, p99 ${f(loaded.p99)}, max ${f(loaded.max)} (goal: p99 < 50 ms)`,
  )
  await worker.terminate()
  // Control: the same 4 clients calling GET /api/me back to back — the delay the load itself causes on this machine.
  const control = new Worker(CLIENTS, { eval: true, workerData: { port, sessions, seconds, control: true } })
  await new Promise((r) => control.once('message', r))
  const ctl = await measure(() => new Promise<{ n: number; statuses: Record<string, number> }>((r) => control.once('message', r)))
  const cres = ctl.out as { n: number; statuses: Record<string, number> }
  console.log(`control, 4 sessions calling GET /api/me for ${seconds} s: ${cres.n} requests (statuses ${JSON.stringify(cres.statuses)}); event-loop delay p50 ${f(ctl.p50)}, p99 ${f(ctl.p99)}, max ${f(ctl.max)}`)
  await control.terminate()
  // What these bodies would cost parsed whole on the main thread (JSON.parse + the answer schema), as before the guard.
  const whole: string[] = []
  for (const [kind, make] of Object.entries(HOSTILE)) {
    const text = make()
    const t0 = performance.now()
    try {
      AnswerBodySchema.safeParse(JSON.parse(text))
    } catch {
      // deep nesting: JSON.parse overflows the stack
    }
    whole.push(`${kind} ${f(performance.now() - t0)}`)
  }
  console.log(`each parsed whole on the main thread (JSON.parse + schema, what the guard now avoids): ${whole.join('; ')}`)
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
  await boot.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
