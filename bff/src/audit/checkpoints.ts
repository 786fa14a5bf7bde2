/**
 * Audit checkpoints: at intervals (AUDIT_CHECKPOINT_MS) and on shutdown, this instance's chain head
 * (chain, seq, hash) is signed with the audit key and written OUTSIDE the database, as one JSON line
 * appended to a dated file `<DATA_DIR>/audit/checkpoints-YYYY-MM-DD.jsonl` (Beijing date), and — where
 * AUDIT_CHECKPOINT_UPLOAD is on — uploaded to the provincial 综合监管 service through the contract.
 * An upload that fails stays queued and is retried at the next interval; the queue is kept on disk
 * (`<dir>/upload-queue/<chain>.jsonl`), so a restart loses nothing: the next instance to start with
 * the same folder sends what an earlier one left (the service is idempotent on chain, seq and kind,
 * so a checkpoint sent twice counts once). Nothing here is on a request's path.
 *
 * Whoever can rewrite the database cannot sign: re-chaining after an edit or deleting the tail then
 * no longer matches a checkpoint (verify.ts). The retention purge writes an 'anchor' checkpoint for
 * the last row it archives, from which verification of the remaining chain starts.
 */
import fs from 'node:fs'
import { beijingIso } from '@bdc/shared/ids/normalize'
import path from 'node:path'
import type { AuditCheckpointPush } from '@bdc/shared/province-contract'
import type { Db } from '../db/connect'
import type { AppSchema } from '../db/schema'
import type { Logger } from '../lib/logger'
import type { AuditKey } from '../security/keys'
import type { ChainHead } from './chain'
import { chainHead } from './writer'

export type Checkpoint = AuditCheckpointPush

/** The bytes a checkpoint's signature covers. */
export function checkpointMessage(cp: Omit<Checkpoint, 'signature' | 'publicKey'>): string {
  return JSON.stringify(['bdc-audit-checkpoint', cp.version, cp.kind, cp.chain, cp.seq, cp.hash, cp.at, cp.kid])
}

export function signCheckpoint(key: AuditKey, head: ChainHead, kind: Checkpoint['kind'], at: Date): Checkpoint {
  const unsigned = { version: 1 as const, kind, chain: head.chain, seq: head.seq, hash: head.hash, at: at.toISOString(), kid: key.kid }
  return { ...unsigned, publicKey: key.publicKey, signature: key.sign(checkpointMessage(unsigned)) }
}

/** The Beijing calendar date of `at`, YYYY-MM-DD. */
export const beijingDate = (at: Date) => beijingIso(at).slice(0, 10)

export const CHECKPOINT_FILE = /^checkpoints-(\d{4}-\d{2}-\d{2})\.jsonl$/

/** Appends to the dated file and flushes it to disk before returning. */
export function appendCheckpoints(dir: string, cps: Checkpoint[]): void {
  if (!cps.length) return
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `checkpoints-${beijingDate(new Date(cps[0]!.at))}.jsonl`)
  const fd = fs.openSync(file, 'a', 0o600)
  try {
    fs.writeSync(fd, cps.map((c) => JSON.stringify(c) + '\n').join(''))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Every checkpoint line in the dated files of `dir` (oldest file first); unreadable lines are returned as errors. */
export function readCheckpoints(dir: string): { checkpoints: (Checkpoint & { file: string; line: number })[]; unreadable: string[] } {
  const checkpoints: (Checkpoint & { file: string; line: number })[] = []
  const unreadable: string[] = []
  if (!fs.existsSync(dir)) return { checkpoints, unreadable }
  for (const name of fs.readdirSync(dir).filter((n) => CHECKPOINT_FILE.test(n)).sort()) {
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split('\n')
    lines.forEach((l, i) => {
      if (!l.trim()) return
      try {
        checkpoints.push({ ...(JSON.parse(l) as Checkpoint), file: name, line: i + 1 })
      } catch {
        unreadable.push(`${name}:${i + 1}`)
      }
    })
  }
  return { checkpoints, unreadable }
}

export interface Checkpointer {
  start(): void
  /** Signs and writes the head now if it moved since the last checkpoint; then tries queued uploads. */
  tick(): Promise<Checkpoint | null>
  /** Stops the timer and checkpoints the head a last time (shutdown). */
  stop(): Promise<void>
  /** Checkpoints not yet accepted by the supervision service. */
  pendingUploads(): number
}

export function createCheckpointer(opts: {
  db: Db<AppSchema>
  dir: string
  key: AuditKey
  intervalMs: number
  logger: Logger
  /** Where configured: the upload to 综合监管 (the upstream client has its deadline). */
  upload?: (cp: Checkpoint) => Promise<unknown>
  now?: () => Date
}): Checkpointer {
  const now = opts.now ?? (() => new Date())
  let lastSeq = 0
  let timer: NodeJS.Timeout | undefined
  let running: Promise<Checkpoint | null> | null = null
  const queueDir = path.join(opts.dir, 'upload-queue')
  /** Queued uploads, oldest first, with the queue file each came from. */
  const pending: { cp: Checkpoint; file: string }[] = []
  let adopted = false

  /** Queue files left by earlier runs (a crash, a restart while the service was down): sent first. */
  function adoptLeftovers() {
    adopted = true
    if (!fs.existsSync(queueDir)) return
    for (const name of fs.readdirSync(queueDir).filter((n) => n.endsWith('.jsonl')).sort()) {
      const file = path.join(queueDir, name)
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue
        try {
          pending.push({ cp: JSON.parse(line) as Checkpoint, file })
        } catch {
          opts.logger.warn('audit checkpoint upload queue: unreadable line skipped (the dated checkpoint file still has it)', { file: name })
        }
      }
    }
  }

  function enqueue(cp: Checkpoint) {
    fs.mkdirSync(queueDir, { recursive: true })
    const file = path.join(queueDir, `${cp.chain.replace(/[^\w-]/g, '_')}.jsonl`)
    fs.appendFileSync(file, JSON.stringify(cp) + '\n', { mode: 0o600 })
    pending.push({ cp, file })
  }

  /** Rewrites each touched queue file with what is still pending from it (removed when empty). */
  function persist(files: Set<string>) {
    for (const file of files) {
      const left = pending.filter((p) => p.file === file)
      if (!left.length) fs.rmSync(file, { force: true })
      else fs.writeFileSync(file, left.map((p) => JSON.stringify(p.cp) + '\n').join(''), { mode: 0o600 })
    }
  }

  async function flushUploads() {
    if (!opts.upload) return
    if (!adopted) adoptLeftovers()
    const touched = new Set<string>()
    try {
      while (pending.length) {
        try {
          await opts.upload(pending[0]!.cp)
          touched.add(pending.shift()!.file)
        } catch (e) {
          opts.logger.warn('audit checkpoint upload failed; retried at the next interval', { pending: pending.length, error: (e as Error).message })
          return
        }
      }
    } finally {
      persist(touched)
    }
  }

  async function tickOnce(): Promise<Checkpoint | null> {
    const head = await chainHead(opts.db)
    let cp: Checkpoint | null = null
    if (head.seq > lastSeq) {
      cp = signCheckpoint(opts.key, head, 'head', now())
      appendCheckpoints(opts.dir, [cp])
      lastSeq = head.seq
      if (opts.upload) {
        if (!adopted) adoptLeftovers()
        enqueue(cp)
      }
    }
    await flushUploads()
    return cp
  }

  const tick = () => (running ??= tickOnce().finally(() => (running = null)))

  return {
    start() {
      timer = setInterval(() => {
        tick().catch((e: unknown) => opts.logger.error('audit checkpoint failed', { error: (e as Error).message }))
      }, opts.intervalMs)
      timer.unref()
    },
    tick,
    async stop() {
      clearInterval(timer)
      await running?.catch(() => null)
      await tick()
    },
    pendingUploads: () => pending.length,
  }
}
