/**
 * H5 camera: getUserMedia (front camera) into a <video>, frames drawn on a canvas. Guidance comes
 * from face-api's tiny face detector + tiny 68-point landmarks, loaded on demand (this module is
 * itself only imported when the face page opens, and the model files are fetched from
 * /static/face-models/ only then).
 */
import { CameraUnavailable, UPLOAD_SIDE, type FaceCamera } from '../../face/camera'
import { cameraProblem, centreBrightness, eyeAspect, type Observation } from '../../face/flow'

export const MODEL_URL = '/static/face-models'
const DETECT_SIDE = 224

type Detector = (c: HTMLCanvasElement) => Promise<Observation['faces']>

let detectorPromise: Promise<Detector | null> | null = null

/** face-api + the two tiny models; null when they cannot load (guidance falls back to brightness). */
function loadDetector(): Promise<Detector | null> {
  detectorPromise ??= (async () => {
    try {
      const faceapi = await import('@vladmandic/face-api')
      // The bundled tfjs' typings are partial; these two calls exist at runtime.
      const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> }
      // WebGL when the phone has it (fast); the CPU backend otherwise (slower, still usable at 224 px).
      if (!(await tf.setBackend('webgl').catch(() => false))) await tf.setBackend('cpu')
      await tf.ready()
      await Promise.all([faceapi.nets.tinyFaceDetector.loadFromUri(MODEL_URL), faceapi.nets.faceLandmark68TinyNet.loadFromUri(MODEL_URL)])
      const options = new faceapi.TinyFaceDetectorOptions({ inputSize: DETECT_SIDE, scoreThreshold: 0.45 })
      return async (canvas: HTMLCanvasElement) => {
        const found = await faceapi.detectAllFaces(canvas, options).withFaceLandmarks(true)
        return found.map((f) => ({
          box: { x: f.detection.box.x, y: f.detection.box.y, width: f.detection.box.width, height: f.detection.box.height },
          landmarks: f.landmarks.positions.map((p) => [p.x, p.y] as const),
        }))
      }
    } catch (e) {
      console.warn('face detector unavailable, brightness-only guidance', (e as Error).message)
      return null
    }
  })()
  return detectorPromise
}

function problemOf(e: unknown) {
  const name = (e as { name?: string })?.name ?? ''
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return cameraProblem('denied')
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return cameraProblem('none')
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return cameraProblem('busy')
  return cameraProblem('other')
}

/** Starts the front camera into `video`. Throws CameraUnavailable with what to do. */
export async function openH5Camera(video: HTMLVideoElement): Promise<FaceCamera> {
  if (typeof window !== 'undefined' && window.isSecureContext === false) throw new CameraUnavailable(cameraProblem('insecure'))
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraUnavailable(cameraProblem('unsupported'))
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } } })
  } catch (e) {
    throw new CameraUnavailable(problemOf(e))
  }
  video.muted = true
  video.playsInline = true
  video.srcObject = stream
  await video.play().catch(() => undefined)
  if (video.readyState < 2) await new Promise((r) => video.addEventListener('loadeddata', r, { once: true }))
  const detector = await loadDetector()

  const square = (c: HTMLCanvasElement, side: number) => {
    c.width = side
    c.height = side
    const s = Math.min(video.videoWidth, video.videoHeight)
    const ctx = c.getContext('2d', { willReadFrequently: true })!
    ctx.drawImage(video, (video.videoWidth - s) / 2, (video.videoHeight - s) / 2, s, s, 0, 0, side, side)
    return ctx
  }
  const upload = document.createElement('canvas')
  const small = document.createElement('canvas')
  const observeNow = async (): Promise<Observation> => {
    const ctx = square(small, DETECT_SIDE)
    const brightness = centreBrightness(ctx.getImageData(0, 0, DETECT_SIDE, DETECT_SIDE).data, DETECT_SIDE, DETECT_SIDE)
    const faces = detector ? await detector(small) : undefined
    return { width: DETECT_SIDE, height: DETECT_SIDE, brightness, faces }
  }
  return {
    detector: detector ? 'face-api' : 'none',
    observe: observeNow,
    async capture() {
      square(upload, UPLOAD_SIDE)
      return { image: upload.toDataURL('image/jpeg', 0.85).replace(/^data:image\/jpeg;base64,/, '') }
    },
    async closedness() {
      if (!detector) return undefined
      const o = await observeNow()
      const l = o.faces?.length === 1 ? o.faces[0]!.landmarks : undefined
      return l ? Math.max(0, Math.min(1, 1 - eyeAspect(l) / 0.3)) : undefined
    },
    stop() {
      for (const t of stream.getTracks()) t.stop()
      video.srcObject = null
    },
  }
}
