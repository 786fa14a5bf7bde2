#!/usr/bin/env node
/**
 * `npm test`: every test of the project, in order, stopping at the first failure.
 *
 *   unit   vitest projects shared, bff, miniapp … (everything but e2e), incl. the real-PostgreSQL suites
 *   build  the mini-program (weapp, then H5) and its package check
 *   e2e    browser tests: real Chromium against the BFF serving the H5 build, the simulator as a
 *          separate process over HTTP, real PostgreSQL
 *
 * Prints each stage's wall time, per-suite test counts, and as the very last line
 * `N passed, M failed`. Exit code 0 only when everything passed.
 *
 *   node scripts/test.mjs [--only unit|build|e2e]   (repeatable: --only unit --only e2e)
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const resultsDir = path.join(root, 'artifacts', 'test-results')
const STAGES = ['unit', 'build', 'e2e']

function parseArgs(argv) {
  const only = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--only') only.push(argv[++i])
    else if (a.startsWith('--only=')) only.push(a.slice('--only='.length))
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/test.mjs [--only unit|build|e2e]')
      process.exit(0)
    } else {
      console.error(`unknown argument: ${a}`)
      process.exit(2)
    }
  }
  const flat = only.flatMap((o) => (o ?? '').split(',')).filter(Boolean)
  for (const o of flat) {
    if (!STAGES.includes(o)) {
      console.error(`--only takes one of ${STAGES.join(', ')}; got "${o}"`)
      process.exit(2)
    }
  }
  return flat.length ? STAGES.filter((s) => flat.includes(s)) : STAGES
}

let current // the running child, so a signal can be passed on
let stopping = false
function sh(cmd, args, { cwd = root } = {}) {
  return new Promise((resolve) => {
    console.log(`$ ${[cmd, ...args].join(' ')}`)
    // Own process group: a signal for us reaches the whole tree (npx alone would not pass it on).
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env, detached: true })
    current = child
    child.on('error', (e) => {
      console.error(`could not start ${cmd}: ${e.message}`)
      resolve(127)
    })
    child.on('exit', (code, signal) => {
      current = undefined
      resolve(code ?? (signal ? 128 : 1))
    })
  })
}
function killCurrent(sig) {
  if (!current?.pid) return
  try {
    process.kill(-current.pid, sig)
  } catch {
    // already gone
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) return
    stopping = true
    console.error(`\n${sig}: stopping the tests (servers and databases are torn down by the test processes)`)
    if (!current) process.exit(130)
    // The test processes clean up their throwaway clusters and servers on the signal; then we go.
    killCurrent(sig)
    current.once('exit', () => process.exit(130))
    setTimeout(() => {
      killCurrent('SIGKILL')
      process.exit(130)
    }, 15_000).unref()
  })
}
// If we die without a signal handler running (e.g. our parent closed the terminal), don't leave
// a detached test tree behind.
process.on('exit', () => killCurrent('SIGTERM'))

/** Counts from vitest's JSON reporter, per project (first folder of the test file path). */
function readVitestJson(file) {
  if (!fs.existsSync(file)) return undefined
  let json
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
  const suites = new Map()
  for (const f of json.testResults ?? []) {
    const rel = path.relative(root, f.name)
    const top = rel.split(path.sep)[0] || rel
    // Unit tests are reported per package; browser suites per file (foundation, stack, …).
    const suite = top === 'e2e' ? `e2e:${path.basename(rel).replace(/\.e2e\.test\.[cm]?[jt]s$/, '')}` : top
    const s = suites.get(suite) ?? { passed: 0, failed: 0, skipped: 0 }
    for (const t of f.assertionResults ?? []) {
      if (t.status === 'passed') s.passed++
      else if (t.status === 'failed') s.failed++
      else s.skipped++
    }
    // A file that failed to load has no assertions: count it as one failure.
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((t) => t.status === 'failed')) s.failed++
    suites.set(suite, s)
  }
  return suites
}

async function vitestStage(name, extraArgs) {
  fs.mkdirSync(resultsDir, { recursive: true })
  const out = path.join(resultsDir, `${name}.json`)
  fs.rmSync(out, { force: true })
  const code = await sh('npx', ['--no', 'vitest', 'run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile=${out}`])
  const suites = readVitestJson(out) ?? new Map()
  const failed = [...suites.values()].reduce((n, s) => n + s.failed, 0)
  // vitest failed but no test did (crash, unhandled error, no JSON): that still is a failure.
  if (code !== 0 && failed === 0) suites.set(`${name} (run)`, { passed: 0, failed: 1, skipped: 0, note: `vitest exited with ${code}` })
  return { ok: code === 0, suites }
}

async function buildStage() {
  const suites = new Map()
  let code = await sh('npm', ['run', 'build', '-w', '@bdc/miniapp'])
  if (code !== 0) {
    suites.set('build (miniapp)', { passed: 0, failed: 1, skipped: 0, note: `build exited with ${code}` })
    return { ok: false, suites }
  }
  const check = path.join(root, 'miniapp', 'scripts', 'check-weapp.mjs')
  if (fs.existsSync(check)) {
    code = await sh(process.execPath, [check])
    if (code !== 0) {
      suites.set('build (check-weapp)', { passed: 0, failed: 1, skipped: 0, note: `check-weapp exited with ${code}` })
      return { ok: false, suites }
    }
  } else {
    console.log('(miniapp/scripts/check-weapp.mjs not present: package check skipped)')
  }
  return { ok: true, suites }
}

const RUNNERS = {
  unit: () => vitestStage('unit', ['--project', '!e2e']),
  build: buildStage,
  e2e: () => vitestStage('e2e', ['--config', 'e2e/vitest.config.ts']),
}

function fmt(ms) {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${((ms % 60_000) / 1000).toFixed(1)}s` : `${(ms / 1000).toFixed(1)}s`
}

const stages = parseArgs(process.argv.slice(2))
const started = Date.now()
const report = []
let allOk = true
for (const stage of stages) {
  console.log(`\n━━━ ${stage} ━━━`)
  const t0 = Date.now()
  const { ok, suites } = await RUNNERS[stage]()
  const ms = Date.now() - t0
  report.push({ stage, ok, ms, suites })
  console.log(`━━━ ${stage}: ${ok ? 'ok' : 'FAILED'} in ${fmt(ms)} ━━━`)
  if (!ok) {
    allOk = false
    const rest = stages.slice(stages.indexOf(stage) + 1)
    if (rest.length) console.log(`stopping: not running ${rest.join(', ')}`)
    break
  }
}

let passed = 0
let failed = 0
console.log('\nsummary')
for (const { stage, ok, ms, suites } of report) {
  console.log(`  ${stage.padEnd(6)} ${ok ? 'ok    ' : 'FAILED'} ${fmt(ms).padStart(8)}`)
  for (const [suite, s] of suites) {
    passed += s.passed
    failed += s.failed
    const skipped = s.skipped ? `, ${s.skipped} skipped` : ''
    console.log(`    ${suite.padEnd(24)} ${s.passed} passed, ${s.failed} failed${skipped}${s.note ? ` (${s.note})` : ''}`)
  }
}
console.log(`  total  ${fmt(Date.now() - started).padStart(15)}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(allOk && failed === 0 ? 0 : 1)
