/**
 * Test processes leave nothing behind: throwaway PostgreSQL clusters, child servers and temp dirs
 * are torn down
 *  - by their owner's stop() in the normal case;
 *  - synchronously on process exit and on SIGINT/SIGTERM/SIGHUP (a test failed, Ctrl-C, CI timeout);
 *  - by a detached watchdog when the process dies without a chance to run any code (SIGKILL, a
 *    crashed worker): it notices the parent is gone and kills what is still listed.
 *
 * The watchdog (one per process, started on first use) re-reads a small JSON list in the temp dir,
 * so it always acts on the current set of resources.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Resource {
  /** Process group to SIGTERM, then SIGKILL (children spawned with `detached: true`). */
  pgid?: number
  /** A postmaster.pid: its first line is the postmaster, SIGQUIT = immediate shutdown. */
  postmasterPidFile?: string
  /** Removed last. */
  dir?: string
}

interface Entry {
  resource: Resource
  /** Synchronous in-process teardown (exit/signal path). */
  teardown: () => void
}

// One reaper per process: vitest re-imports modules for every test file in the same worker.
interface ReaperState {
  entries: Map<number, Entry>
  nextId: number
  specFile?: string
  installed: boolean
}
const state: ReaperState = ((globalThis as Record<symbol, unknown>)[Symbol.for('bdc.test.reaper')] ??= {
  entries: new Map<number, Entry>(),
  nextId: 1,
  installed: false,
}) as ReaperState
const entries = state.entries

function writeSpec(): void {
  const specFile = state.specFile
  if (!specFile) return
  const list = [...entries.values()].map((e) => e.resource)
  try {
    fs.writeFileSync(specFile, JSON.stringify(list))
  } catch {
    // the temp dir vanished: the in-process handlers still work
  }
}

const WATCHDOG = `
const fs = require('node:fs');
const [parent, spec] = process.argv.slice(1);
const zombie = (pid) => { try { const st = fs.readFileSync('/proc/' + pid + '/stat', 'utf8'); return st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3) === 'Z' } catch { return false } };
const alive = (pid) => { try { process.kill(pid, 0) } catch (e) { if (e.code !== 'EPERM') return false } return !zombie(pid) };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const timer = setInterval(async () => {
  if (alive(Number(parent))) return;
  clearInterval(timer);
  let list = [];
  try { list = JSON.parse(fs.readFileSync(spec, 'utf8')) } catch {}
  const pms = [];
  for (const r of list) {
    if (r.pgid) { try { process.kill(-r.pgid, 'SIGTERM') } catch {} }
    if (r.postmasterPidFile) {
      try { const pm = Number(fs.readFileSync(r.postmasterPidFile, 'utf8').split('\\n')[0]); if (pm > 0) { pms.push(pm); process.kill(pm, 'SIGQUIT') } } catch {}
    }
  }
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && (pms.some(alive) || list.some((r) => r.pgid && alive(r.pgid)))) await sleep(100);
  for (const r of list) { if (r.pgid) { try { process.kill(-r.pgid, 'SIGKILL') } catch {} } }
  for (const pm of pms) { try { process.kill(pm, 'SIGKILL') } catch {} }
  if (list.some((r) => r.dir)) await sleep(1500);
  for (const r of list) { if (r.dir) { try { fs.rmSync(r.dir, { recursive: true, force: true }) } catch {} } }
  try { fs.rmSync(spec, { force: true }) } catch {}
  process.exit(0);
}, 500);
`

function install(): void {
  if (state.installed) return
  state.installed = true
  const specFile = path.join(os.tmpdir(), `bdc-reaper-${process.pid}-${Date.now()}.json`)
  state.specFile = specFile
  writeSpec()
  try {
    const child = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), specFile], { detached: true, stdio: 'ignore' })
    child.unref()
  } catch {
    // no watchdog: exit/signal handlers still clean up
  }

  // The list file stays as it is: the watchdog makes a second pass after this process is gone
  // (a browser may still be writing into its profile while we remove it here).
  const teardownAll = () => {
    for (const e of [...entries.values()]) {
      try {
        e.teardown()
      } catch {
        // best effort while exiting
      }
    }
  }
  process.on('exit', teardownAll)
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      const hadWork = entries.size > 0
      teardownAll()
      process.removeListener(sig, onSignal)
      // Alone: re-raise with the default action, so the process dies of the signal.
      if (process.listenerCount(sig) === 0) {
        process.kill(process.pid, sig)
        return
      }
      // Others listen too (vitest's worker, playwright). With servers and databases torn down the
      // tests cannot go on, and a vitest worker whose parent is gone loops in its error handler,
      // where no graceful exit ever comes: end hard. Chromium exits when its pipe closes; the
      // watchdog sweeps what is left.
      if (hadWork) process.kill(process.pid, 'SIGKILL')
    }
    process.on(sig, onSignal)
  }
}

/**
 * Track a resource until the returned release() is called. `teardown` must be synchronous and
 * idempotent; it runs on exit/signal if the owner has not released the resource by then.
 */
export function track(resource: Resource, teardown: () => void): { update(r: Resource): void; release(): void } {
  install()
  const id = state.nextId++
  entries.set(id, { resource, teardown })
  writeSpec()
  return {
    update(r: Resource) {
      const e = entries.get(id)
      if (!e) return
      e.resource = r
      writeSpec()
    },
    release() {
      if (entries.delete(id)) writeSpec()
    },
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
