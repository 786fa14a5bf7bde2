/**
 * A small pool of worker threads running face-api on the tfjs WASM backend (face-worker.mjs).
 * tfjs is single-threaded and a frame costs ≈ 100–160 ms of CPU, so the work never runs on the
 * event loop: requests queue here and each worker takes one frame at a time.
 *
 * This is per-process compute, not state: two processes each have their own pool and share
 * nothing through it. Workers start lazily on the first frame and are replaced if one dies.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export interface FaceBox {
  x: number
  y: number
  width: number
  height: number
}

export interface FrameAnalysis {
  decoded: boolean
  width?: number
  height?: number
  brightness?: number
  faces?: { score: number; box: FaceBox }[]
  /** 68 points [x, y] of the single face (only when exactly one face was found). */
  landmarks?: [number, number][]
  descriptor?: number[]
  /** Mean RGB of the inner face region. */
  faceColour?: [number, number, number]
  /** CPU time of the worker thread for this frame (Linux: that thread only; elsewhere process-wide). */
  cpuMs?: number
  /** Wall time of the decode + resize (on sharp's threads, outside the worker's CPU figure). */
  decodeMs?: number
}

interface Job {
  id: number
  image: Uint8Array
  descriptor: boolean
  resolve(r: FrameAnalysis): void
  reject(e: Error): void
}

interface Slot {
  worker: Worker
  ready: Promise<void>
  busy: Job | undefined
}

export interface FacePool {
  analyze(image: Uint8Array, opts?: { descriptor?: boolean }): Promise<FrameAnalysis>
  /** Resolves once every worker has loaded its models (for start-up and benchmarks). */
  warm(): Promise<void>
  readonly size: number
  close(): Promise<void>
}

// Resolved through the package's own exports, so the bundled BFF (bff/build/main.mjs) finds it too.
const WORKER_FILE = createRequire(import.meta.url).resolve('@bdc/face/worker')

export function createFacePool(size: number, workerFile = WORKER_FILE): FacePool {
  const slots: (Slot | undefined)[] = Array.from({ length: size }, () => undefined)
  const queue: Job[] = []
  let nextId = 1
  let closed = false

  const spawn = (index: number): Slot => {
    const worker = new Worker(workerFile)
    worker.unref()
    let markReady!: () => void
    let markFailed!: (e: Error) => void
    const ready = new Promise<void>((res, rej) => {
      markReady = res
      markFailed = rej
    })
    ready.catch(() => undefined)
    const slot: Slot = { worker, ready, busy: undefined }
    worker.on('message', (m: { type: string; id?: number; result?: FrameAnalysis; error?: string }) => {
      if (m.type === 'ready') return markReady()
      if (m.type === 'failed') return markFailed(new Error(m.error ?? 'face worker failed'))
      const job = slot.busy
      if (!job || job.id !== m.id) return
      slot.busy = undefined
      if (m.type === 'result' && m.result) job.resolve(m.result)
      else job.reject(new Error(m.error ?? 'face worker error'))
      pump()
    })
    const die = (e: Error) => {
      markFailed(e)
      if (slots[index] === slot) slots[index] = undefined
      const job = slot.busy
      slot.busy = undefined
      job?.reject(e)
      if (!closed) pump()
    }
    worker.on('error', die)
    worker.on('exit', (code) => die(new Error(`face worker exited (${code})`)))
    return slot
  }

  const slotAt = (i: number): Slot => (slots[i] ??= spawn(i))

  function pump() {
    if (closed) return
    for (let i = 0; i < size && queue.length; i++) {
      const slot = slotAt(i)
      if (slot.busy) continue
      const job = queue.shift()!
      slot.busy = job
      slot.ready.then(
        () => {
          // Copy into a transferable buffer: the caller's bytes stay untouched.
          const copy = new Uint8Array(job.image)
          slot.worker.postMessage({ id: job.id, image: copy, descriptor: job.descriptor }, [copy.buffer])
        },
        (e: Error) => {
          if (slot.busy === job) slot.busy = undefined
          job.reject(e)
        },
      )
    }
  }

  return {
    size,
    analyze(image, opts = {}) {
      if (closed) return Promise.reject(new Error('face pool closed'))
      return new Promise<FrameAnalysis>((resolve, reject) => {
        queue.push({ id: nextId++, image, descriptor: opts.descriptor ?? false, resolve, reject })
        pump()
      })
    },
    async warm() {
      await Promise.all(Array.from({ length: size }, (_, i) => slotAt(i).ready))
    },
    async close() {
      closed = true
      for (const job of queue.splice(0)) job.reject(new Error('face pool closed'))
      await Promise.all(
        slots.map(async (s, i) => {
          slots[i] = undefined
          if (s) await s.worker.terminate()
        }),
      )
    },
  }
}

let shared: FacePool | undefined

/** The process's one pool (created on first use with the configured size). */
export function sharedFacePool(size: number): FacePool {
  shared ??= createFacePool(size)
  return shared
}
