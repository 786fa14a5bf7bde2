// Face analysis worker (node:worker_threads). Plain JavaScript on purpose: it must start the same
// way under tsx, vitest and the bundled BFF without a TypeScript loader in the worker.
//
// One frame in (encoded image bytes), numbers out: face boxes, the 68 landmarks, the 128-d
// descriptor and the mean colour of the face's inner region. The image never leaves this worker
// and is not kept after the reply. All decisions are made on the main thread (measures.ts).
//
// tfjs runs on the WASM backend (SIMD, single thread); we check that setBackend('wasm') really
// returned true, because tfjs otherwise falls back silently to a CPU backend 10-40x slower.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'

const require = createRequire(import.meta.url)
const sharp = require('sharp')
const tf = require('@tensorflow/tfjs')
const wasm = require('@tensorflow/tfjs-backend-wasm')
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js')

const MAX_SIDE = (workerData && workerData.maxSide) || 480
const INPUT_SIZE = (workerData && workerData.inputSize) || 416

// Requests first, faces second: this thread runs at a lower scheduling priority (nice) than the
// event loop. On Linux, setpriority(PRIO_PROCESS, 0) applies to the calling THREAD only, so the
// main thread keeps its priority; when the cores are contended (2 cores, a burst of checks, other
// processes) the kernel runs the event loop first and a check takes a little longer instead.
// Elsewhere the call may renice the whole process or fail: then it is skipped.
const NICE = workerData && Number.isInteger(workerData.nice) ? workerData.nice : Number.parseInt(process.env.FACE_WORKER_NICE ?? '10', 10) || 0
let niced = false
if (os.platform() === 'linux') {
  try {
    os.setPriority(Math.max(os.getPriority(), NICE))
    niced = true
  } catch {
    // not permitted here: run at the normal priority
  }
}

/** CPU time of THIS thread in ms (Linux schedstat, ns precision); process-wide CPU elsewhere. */
function threadCpuMs() {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6
  } catch {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
}

async function init() {
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep)
  const ok = await tf.setBackend('wasm')
  if (!ok) throw new Error('tfjs wasm backend unavailable')
  await tf.ready()
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model')
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir)
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir)
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir)
  return tf.getBackend()
}

function meanColour(data, width, height, box) {
  // Inner part of the face box (forehead, cheeks, nose): mostly skin, little hair or background.
  const x0 = Math.max(0, Math.round(box.x + box.width * 0.25))
  const x1 = Math.min(width, Math.round(box.x + box.width * 0.75))
  const y0 = Math.max(0, Math.round(box.y + box.height * 0.2))
  const y1 = Math.min(height, Math.round(box.y + box.height * 0.8))
  let r = 0
  let g = 0
  let b = 0
  let n = 0
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0; x < x1; x += 2) {
      const i = (y * width + x) * 3
      r += data[i]
      g += data[i + 1]
      b += data[i + 2]
      n++
    }
  }
  return n ? [r / n, g / n, b / n] : [0, 0, 0]
}

function brightness(data) {
  let s = 0
  let n = 0
  for (let i = 0; i < data.length; i += 3 * 16) {
    s += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]
    n++
  }
  return n ? s / n : 0
}

async function analyze(bytes, wantDescriptor) {
  const started = threadCpuMs()
  const wallStarted = performance.now()
  let decoded
  try {
    decoded = await sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { limitInputPixels: 40_000_000 })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
  } catch {
    return { decoded: false }
  }
  const decodeMs = performance.now() - wallStarted
  const { data, info } = decoded
  const { width, height } = info
  const tensor = tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), [height, width, 3], 'int32')
  try {
    const options = new faceapi.TinyFaceDetectorOptions({ inputSize: INPUT_SIZE, scoreThreshold: 0.5 })
    const found = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks()
    const faces = found.map((d) => ({
      score: d.detection.score,
      box: { x: d.detection.box.x, y: d.detection.box.y, width: d.detection.box.width, height: d.detection.box.height },
    }))
    const out = { decoded: true, width, height, brightness: brightness(data), faces, decodeMs }
    if (found.length === 1) {
      const one = found[0]
      out.landmarks = one.landmarks.positions.map((p) => [p.x, p.y])
      out.faceColour = meanColour(data, width, height, one.detection.box)
      if (wantDescriptor) {
        const [aligned] = await faceapi.extractFaceTensors(tensor, [one.alignedRect])
        try {
          out.descriptor = Array.from(await faceapi.computeFaceDescriptor(aligned))
        } finally {
          aligned.dispose()
        }
      }
    }
    // this thread's CPU: the models (the decode runs on sharp's threads: decodeMs is its wall time)
    out.cpuMs = threadCpuMs() - started
    return out
  } finally {
    tensor.dispose()
  }
}

const ready = init()
ready.then(
  (backend) => parentPort.postMessage({ type: 'ready', backend, nice: niced ? os.getPriority() : null }),
  (e) => parentPort.postMessage({ type: 'failed', error: String(e && e.message ? e.message : e) }),
)

parentPort.on('message', async (msg) => {
  try {
    await ready
    const result = await analyze(msg.image, msg.descriptor)
    parentPort.postMessage({ type: 'result', id: msg.id, result })
  } catch (e) {
    parentPort.postMessage({ type: 'error', id: msg.id, error: String(e && e.message ? e.message : e) })
  }
})
