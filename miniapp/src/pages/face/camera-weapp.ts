/**
 * Mini-program camera: the page renders <Camera devicePosition="front" frameSize="small">;
 * CameraContext.onCameraFrame hands RGBA frames, which are encoded to JPEG through a 2d
 * OffscreenCanvas (the server takes JPEG/PNG, not raw pixels). Guidance: VisionKit face
 * detection (VKSession, track.face mode 2) where the WeChat version offers it, else brightness.
 */
import Taro from '@tarojs/taro'
import { CameraUnavailable, UPLOAD_SIDE, type FaceCamera } from '../../face/camera'
import { cameraProblem, centreBrightness, type Observation } from '../../face/flow'

interface RawFrame {
  data: ArrayBuffer
  width: number
  height: number
}

/* The platform objects we touch, typed narrowly (Taro's typings are partial for VisionKit). */
interface Canvas2d {
  width: number
  height: number
  getContext(t: '2d'): {
    createImageData(w: number, h: number): { data: Uint8ClampedArray }
    putImageData(d: unknown, x: number, y: number): void
    drawImage(c: unknown, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void
  }
}
interface VkSession {
  start(cb: (err: unknown) => void): void
  on(ev: 'updateAnchors', cb: (anchors: { origin?: { x: number; y: number }; size?: { width: number; height: number }; points?: { x: number; y: number }[] }[]) => void): void
  detectFace(o: { frameBuffer: ArrayBuffer; width: number; height: number; scoreThreshold: number; sourceType: number; modelMode: number }): void
  destroy(): void
}

function visionKit(): VkSession | null {
  const t = Taro as unknown as { createVKSession?: (o: unknown) => VkSession; isVKSupport?: (v: string) => boolean }
  try {
    if (typeof t.createVKSession !== 'function') return null
    const session = t.createVKSession({ track: { face: { mode: 2 } }, version: 'v1' })
    session.start(() => undefined)
    return session
  } catch {
    return null
  }
}

export async function openWeappCamera(): Promise<FaceCamera> {
  const auth = await Taro.authorize({ scope: 'scope.camera' }).then(
    () => true,
    () => false,
  )
  if (!auth) throw new CameraUnavailable(cameraProblem('denied'))
  const ctx = Taro.createCameraContext()
  let latest: RawFrame | null = null
  const listener = ctx.onCameraFrame((f: RawFrame) => {
    latest = f
  })
  listener.start({})
  const first = Date.now()
  while (!latest && Date.now() - first < 5_000) await new Promise((r) => setTimeout(r, 100))
  if (!latest) {
    listener.stop({})
    throw new CameraUnavailable(cameraProblem('other'))
  }
  const frame = () => latest!
  const vk = visionKit()
  let anchors: Observation['faces'] = undefined
  vk?.on('updateAnchors', (list) => {
    const f = frame()
    anchors = list.map((a) => ({
      // VisionKit gives the box relative to the frame (0–1).
      box: { x: (a.origin?.x ?? 0) * f.width, y: (a.origin?.y ?? 0) * f.height, width: (a.size?.width ?? 0) * f.width, height: (a.size?.height ?? 0) * f.height },
    }))
  })

  const raw = Taro.createOffscreenCanvas({ type: '2d', width: 480, height: 640 }) as unknown as Canvas2d
  const out = Taro.createOffscreenCanvas({ type: '2d', width: UPLOAD_SIDE, height: UPLOAD_SIDE }) as unknown as Canvas2d
  const fs = Taro.getFileSystemManager()

  return {
    detector: vk ? 'visionkit' : 'none',
    async observe() {
      const f = frame()
      const px = new Uint8Array(f.data)
      const brightness = centreBrightness(px, f.width, f.height, 6)
      if (vk) {
        anchors = []
        vk.detectFace({ frameBuffer: f.data, width: f.width, height: f.height, scoreThreshold: 0.5, sourceType: 1, modelMode: 1 })
        await new Promise((r) => setTimeout(r, 120))
      }
      return { width: f.width, height: f.height, brightness, faces: vk ? anchors : undefined }
    },
    async capture() {
      const f = frame()
      raw.width = f.width
      raw.height = f.height
      const rc = raw.getContext('2d')
      const img = rc.createImageData(f.width, f.height)
      img.data.set(new Uint8ClampedArray(f.data))
      rc.putImageData(img, 0, 0)
      const s = Math.min(f.width, f.height)
      out.getContext('2d').drawImage(raw, (f.width - s) / 2, (f.height - s) / 2, s, s, 0, 0, UPLOAD_SIDE, UPLOAD_SIDE)
      // Newer base libraries: the 2d canvas' own data URL; else through a temp file.
      const toDataURL = (out as unknown as { toDataURL?: (t: string, q: number) => string }).toDataURL
      if (typeof toDataURL === 'function') return { image: toDataURL.call(out, 'image/jpeg', 0.85).replace(/^data:image\/\w+;base64,/, '') }
      const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas: out, fileType: 'jpg', quality: 0.85 } as unknown as Taro.canvasToTempFilePath.Option)
      return { image: fs.readFileSync(tempFilePath, 'base64') as string }
    },
    stop() {
      listener.stop({})
      vk?.destroy()
    },
  }
}
