/**
 * H5 QR scanner for 证照核验: the rear camera (getUserMedia) into a <video>, frames drawn on a
 * canvas and read by jsQR. This module is imported only when 扫码核验 is tapped, and jsQR only once
 * the camera is running: neither is part of the H5 first load. The mini-program uses Taro.scanCode.
 */

/** Why the camera could not start, in words a clerk can act on; the page offers manual entry next to it. */
export interface ScanProblem {
  kind: 'insecure' | 'unsupported' | 'denied' | 'none' | 'busy' | 'other'
  title: string
  text: string
}

const MANUAL = '也可以在下方粘贴二维码中的核验地址（以 /v/ 开头的网址）进行核验。'

export function scanProblem(kind: ScanProblem['kind']): ScanProblem {
  switch (kind) {
    case 'insecure':
      return { kind, title: '当前网页无法使用摄像头', text: `浏览器只允许在安全连接（https）下使用摄像头。${MANUAL}` }
    case 'unsupported':
      return { kind, title: '当前浏览器不支持扫码', text: `请用手机系统相机直接扫描证书二维码（会打开核验页），或使用最新版 Chrome、Safari。${MANUAL}` }
    case 'denied':
      return { kind, title: '未获得摄像头权限', text: `扫码需要使用摄像头，仅用于识别二维码，画面不保存、不上传。请在浏览器或手机设置中允许本网站使用摄像头后点“重新扫码”。${MANUAL}` }
    case 'none':
      return { kind, title: '未找到可用的摄像头', text: `请确认设备带有摄像头且未被禁用。${MANUAL}` }
    case 'busy':
      return { kind, title: '摄像头正被占用', text: `请关闭正在使用摄像头的其他应用后点“重新扫码”。${MANUAL}` }
    default:
      return { kind, title: '摄像头无法启动', text: `请稍后点“重新扫码”。${MANUAL}` }
  }
}

export class ScanUnavailable extends Error {
  constructor(readonly problem: ScanProblem) {
    super(problem.title)
    this.name = 'ScanUnavailable'
  }
}

/** The browser's camera error → what to tell the user. */
export function problemOf(e: unknown): ScanProblem {
  const name = (e as { name?: string })?.name ?? ''
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return scanProblem('denied')
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return scanProblem('none')
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return scanProblem('busy')
  return scanProblem('other')
}

/** Frames read per second (a QR is found within a few; more only costs battery). */
const FPS = 8
/** Longest side of the frame handed to jsQR (px): enough for a version-9 code at arm's length. */
const DECODE_SIDE = 640

export interface Scan {
  /** The QR's text, once one is read; rejects with ScanUnavailable, or 'cancelled' after stop(). */
  result: Promise<string>
  stop(): void
}

/** Starts the rear camera into `video` and reads frames until a QR code is found or stop() is called. */
export async function startScan(video: HTMLVideoElement): Promise<Scan> {
  if (typeof window !== 'undefined' && window.isSecureContext === false) throw new ScanUnavailable(scanProblem('insecure'))
  if (!navigator.mediaDevices?.getUserMedia) throw new ScanUnavailable(scanProblem('unsupported'))
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } })
  } catch (e) {
    throw new ScanUnavailable(problemOf(e))
  }
  video.muted = true
  video.playsInline = true
  video.srcObject = stream
  await video.play().catch(() => undefined)
  const { default: jsQR } = await import('jsqr')

  let timer: ReturnType<typeof setTimeout> | undefined
  let settle: { resolve(s: string): void; reject(e: unknown): void } | undefined
  const stop = () => {
    clearTimeout(timer)
    for (const t of stream.getTracks()) t.stop()
    video.srcObject = null
    settle?.reject(new Error('cancelled'))
    settle = undefined
  }
  const canvas = document.createElement('canvas')
  const result = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject }
    const frame = () => {
      if (!settle) return
      const w = video.videoWidth
      const h = video.videoHeight
      const ctx = w && h ? canvas.getContext('2d', { willReadFrequently: true }) : null
      if (ctx) {
        const k = Math.min(1, DECODE_SIDE / Math.max(w, h))
        canvas.width = Math.round(w * k)
        canvas.height = Math.round(h * k)
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height)
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height)
        const found = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })
        if (found?.data) {
          const s = settle
          settle = undefined
          stop()
          s.resolve(found.data)
          return
        }
      }
      timer = setTimeout(frame, 1000 / FPS)
    }
    frame()
  })
  return { result, stop }
}
