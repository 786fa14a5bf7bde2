/**
 * The face page's logic without a camera: the challenge's timeline, which captured frames to
 * upload, the live guidance from an on-device observation, and the Chinese copy of outcomes.
 * Pure functions, unit-tested; the page and the platform cameras only feed them.
 */
import type { AnswerResult, LivenessAction } from '@bdc/shared/liveness'

export type StepKind = 'neutral' | 'flash' | 'action'

/** A step as the BFF issues it (POST /api/liveness/challenges). */
export interface ChallengeStep {
  index: number
  kind: StepKind
  prompt: string
  action?: LivenessAction
  colour?: 'red' | 'green' | 'blue'
  hex?: string
}

/** Whose face is asked (GET /api/liveness/holder): the citizen, or a company's 法定代表人 (name masked). */
export interface FaceHolder {
  role: 'self' | 'legal_representative'
  name: string
  prompt: string
}

export interface Challenge {
  id: string
  nonce: string
  expiresAt: string
  face: FaceHolder
  steps: ChallengeStep[]
  frames: { min: number; max: number; maxBytes: number; minNeutral: number }
}


/** How long each kind of step stays on screen (ms). */
export const STEP_MS: Record<StepKind, number> = { neutral: 1800, flash: 1000, action: 2600 }
/** Capture cadence: frames are grabbed continuously, then a subset is uploaded. */
export const CAPTURE_INTERVAL_MS = 150
/** The camera and the screen need a moment after a colour switch before the face shows it. */
export const FLASH_SETTLE_MS = 350

export interface Slot {
  step: number
  startMs: number
  endMs: number
}

/** Step k runs from startMs to endMs after the capture starts, one after another. */
export function schedule(steps: readonly ChallengeStep[]): Slot[] {
  let t = 0
  return steps.map((s) => {
    const slot = { step: s.index, startMs: t, endMs: t + STEP_MS[s.kind] }
    t = slot.endMs
    return slot
  })
}

/** The step on screen at `t` ms into the capture, or null once the last step is over. */
export function stepAt(slots: readonly Slot[], t: number): Slot | null {
  return slots.find((s) => t >= s.startMs && t < s.endMs) ?? null
}

export interface Captured {
  /** ms since the first captured frame */
  t: number
  step: number
  /** base64 JPEG */
  image: string
  /** On-device eye closedness (0 open … 1 closed), when the detector gave landmarks. */
  closedness?: number
}

function evenly<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs]
  if (n <= 1) return xs.length ? [xs[Math.floor(xs.length / 2)]!] : []
  return Array.from({ length: n }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (n - 1))]!)
}

/**
 * Which frames to upload (the server takes at most `limits.max`): every step keeps frames spread
 * over its whole duration (first and last included, so gaps stay small), flashes only after the
 * colour settled, and a blink step keeps its most-closed frame and the one after it (a blink
 * lasts 100–300 ms; even spacing alone would miss it).
 */
export function selectFrames(captured: readonly Captured[], steps: readonly ChallengeStep[], limits: Challenge['frames'], slots = schedule(steps)): Captured[] {
  const byStep = new Map<number, Captured[]>()
  for (const f of captured) byStep.set(f.step, [...(byStep.get(f.step) ?? []), f])
  const flashes = steps.filter((s) => s.kind === 'flash')
  const actions = steps.filter((s) => s.kind === 'action')
  const neutralQuota = Math.max(limits.minNeutral, 3)
  const flashQuota = 2
  const actionQuota = actions.length ? Math.max(3, Math.min(6, Math.floor((limits.max - neutralQuota - flashQuota * flashes.length) / actions.length))) : 0
  const picked: Captured[] = []
  for (const s of steps) {
    let frames = byStep.get(s.index) ?? []
    if (s.kind === 'neutral') picked.push(...evenly(frames, neutralQuota))
    else if (s.kind === 'flash') {
      const start = slots.find((x) => x.step === s.index)?.startMs ?? 0
      const settled = frames.filter((f) => f.t >= start + FLASH_SETTLE_MS)
      if (settled.length) frames = settled
      picked.push(...evenly(frames, flashQuota))
    } else {
      const chosen = new Set(evenly(frames, actionQuota))
      const scored = frames.filter((f) => f.closedness !== undefined)
      if (s.action === 'blink' && scored.length) {
        const i = frames.indexOf(scored.reduce((a, b) => (b.closedness! > a.closedness! ? b : a)))
        const keep = [frames[i]!, frames[i + 1] ?? frames[i - 1]!]
        // Make room by dropping interior evenly-spaced frames (never the first or the last).
        for (const k of keep) {
          if (chosen.has(k)) continue
          const interior = [...chosen].filter((f) => f !== frames[0] && f !== frames[frames.length - 1] && !keep.includes(f))
          if (chosen.size >= actionQuota && interior.length) chosen.delete(interior[interior.length - 1]!)
          chosen.add(k)
        }
      }
      picked.push(...frames.filter((f) => chosen.has(f)))
    }
  }
  return picked.sort((a, b) => a.t - b.t).slice(0, limits.max)
}

export type Guidance = 'ok' | 'no_face' | 'too_dark' | 'not_frontal' | 'multiple' | 'too_far'

export const GUIDANCE_TEXT: Record<Guidance, string> = {
  ok: '很好，请保持不动',
  no_face: '请将面部移入框内',
  too_dark: '光线太暗',
  not_frontal: '请正对屏幕',
  multiple: '检测到多张人脸',
  too_far: '请靠近一些',
}

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** What the on-device detector saw in one preview frame. `faces` undefined: no detector (brightness only). */
export interface Observation {
  width: number
  height: number
  /** Mean luma 0–255 of the frame's centre. */
  brightness: number
  faces?: { box: Box; landmarks?: readonly (readonly [number, number])[] }[]
}

/** Below this mean luma the server's detector struggles (it refuses faces under 40). */
export const MIN_BRIGHTNESS = 60

/** Nose tip between the jaw edges, 0.5 = frontal (the server's yaw measure). */
export function yawOf(l: readonly (readonly [number, number])[]): number {
  const left = l[0]![0]
  const right = l[16]![0]
  return right === left ? 0.5 : (l[30]![0] - left) / (right - left)
}

/** Eye aspect ratio (as the server measures it), mean of both eyes. */
export function eyeAspect(l: readonly (readonly [number, number])[]): number {
  const d = (a: number, b: number) => Math.hypot(l[a]![0] - l[b]![0], l[a]![1] - l[b]![1])
  const eye = (s: number) => (d(s + 1, s + 5) + d(s + 2, s + 4)) / (2 * Math.max(d(s, s + 3), 1e-6))
  return (eye(36) + eye(42)) / 2
}

/** The one message to show for a preview frame, the most important problem first. */
export function guidanceFor(o: Observation): Guidance {
  if (o.faces && o.faces.length > 1) return 'multiple'
  if (o.brightness < MIN_BRIGHTNESS) return 'too_dark'
  if (!o.faces) return 'ok'
  const face = o.faces[0]
  if (!face) return 'no_face'
  const side = Math.min(o.width, o.height)
  const cx = (face.box.x + face.box.width / 2) / o.width
  const cy = (face.box.y + face.box.height / 2) / o.height
  // The frame overlay is the centre of the picture: a face far off it is "not in the frame".
  if (Math.abs(cx - 0.5) > 0.22 || Math.abs(cy - 0.5) > 0.25) return 'no_face'
  if (face.box.width / side < 0.22) return 'too_far'
  if (face.landmarks && face.landmarks.length === 68 && Math.abs(yawOf(face.landmarks) - 0.5) > 0.1) return 'not_frontal'
  return 'ok'
}

/** Mean luma of the centre half of an RGBA frame, sampling every `step`-th pixel. */
export function centreBrightness(rgba: ArrayLike<number>, width: number, height: number, step = 4): number {
  let sum = 0
  let n = 0
  for (let y = Math.floor(height / 4); y < Math.floor((3 * height) / 4); y += step) {
    for (let x = Math.floor(width / 4); x < Math.floor((3 * width) / 4); x += step) {
      const i = (y * width + x) * 4
      sum += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!
      n++
    }
  }
  return n ? sum / n : 0
}

/** "HH:mm" of an ISO time in the device's zone. */
export function clock(iso: string): string {
  const d = new Date(iso)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

export type Verdict =
  | { kind: 'passed' }
  | { kind: 'failed'; reason: string; remaining: number }
  | { kind: 'locked'; message: string }

/** The server's decision as the page shows it. */
export function verdictOf(r: AnswerResult): Verdict {
  if (r.passed) return { kind: 'passed' }
  if (r.lockedUntil) return { kind: 'locked', message: `失败次数过多，人脸核验已锁定，将于 ${clock(r.lockedUntil)} 解除。${r.reason ? `最近一次未通过：${r.reason}` : ''}` }
  return { kind: 'failed', reason: r.reason ?? '人脸核验未通过', remaining: r.remainingAttempts }
}

/** 429 LIVENESS_LOCKED → the message with the time the lock lifts (from the error details). */
export function lockedMessage(details?: readonly { path: string; message: string }[]): string {
  const when = details?.find((d) => d.path === 'lockedUntil')?.message
  return `人脸核验失败次数过多，已暂时锁定。${when ? `${when}。` : '请 30 分钟后再试。'}`
}

export interface CameraProblem {
  title: string
  text: string
}

/** Why the camera could not start, in words a citizen can act on. */
export function cameraProblem(kind: 'insecure' | 'unsupported' | 'denied' | 'none' | 'busy' | 'other'): CameraProblem {
  switch (kind) {
    case 'insecure':
      return { title: '当前网页无法使用摄像头', text: '浏览器只允许在安全连接（https）下使用摄像头。请通过 https 地址打开本页面，或在“天府通办”小程序中办理。' }
    case 'unsupported':
      return { title: '当前浏览器不支持摄像头', text: '请使用系统浏览器（如 Chrome、Safari）的最新版本打开，或在“天府通办”小程序中办理。' }
    case 'denied':
      return { title: '未获得摄像头权限', text: '请在浏览器或手机的设置中允许本网站使用摄像头，然后点“重试”。' }
    case 'none':
      return { title: '未找到可用的摄像头', text: '请确认设备带有前置摄像头且未被禁用；电脑上可连接摄像头后点“重试”，或改用手机办理。' }
    case 'busy':
      return { title: '摄像头正被占用', text: '请关闭正在使用摄像头的其他应用（如视频通话），然后点“重试”。' }
    default:
      return { title: '摄像头无法启动', text: '请稍后点“重试”；如仍不行，请改用手机或“天府通办”小程序办理。' }
  }
}
