/**
 * Our liveness check on one uploaded burst: frames → worker pool → measures → one decision with
 * a specific reason. Frames live only in memory for the duration of the call.
 */
import type { FacePool, FrameAnalysis } from '@bdc/face'
import {
  ACTION_LABELS,
  baselineOf,
  checkColours,
  checkOrder,
  checkSmoothness,
  checkTiming,
  descriptorDistance,
  detectEvents,
  scoreFrame,
  type FlashColour,
  type Landmarks,
  type LivenessAction,
} from '@bdc/face'

export interface ChallengeSpec {
  actions: LivenessAction[]
  colours: FlashColour[]
}

/** Step indices of a challenge: 0 = neutral, 1..colours = flashes, then one step per action. */
export function stepsOf(spec: ChallengeSpec) {
  return [
    { kind: 'neutral' as const },
    ...spec.colours.map((colour) => ({ kind: 'flash' as const, colour })),
    ...spec.actions.map((action) => ({ kind: 'action' as const, action })),
  ]
}

export interface Frame {
  /** ms since the start of the capture (client clock) */
  t: number
  step: number
  image: Uint8Array
}

export const FAIL_REASONS = {
  FRAME_UNREADABLE: '有画面无法识别，请重新拍摄',
  NO_FACE: '部分画面中未检测到人脸，请将面部保持在框内',
  MULTIPLE_FACES: '检测到多张人脸，请确保画面中只有您本人',
  FACE_TOO_SMALL: '面部太小，请将手机靠近一些',
  TOO_DARK: '光线太暗，请到明亮处重试',
  NOT_CONTINUOUS: '画面不连续，请保持摄像头持续拍摄后重试',
  NOT_LIVE: '画面异常（静止或跳变），请本人实时完成动作',
  ACTION_MISSING: '未检测到要求的动作',
  WRONG_ORDER: '动作顺序与提示不符，请按提示顺序完成动作',
  FACE_CHANGED: '检测过程中人脸发生变化，请本人完成全部动作',
  NO_REFLECTION: '未检测到屏幕闪光在面部的反射，请正对屏幕、避免强光直射后重试',
  NO_MATCH: '与身份登记照片比对不一致，请本人办理',
  NO_REFERENCE: '未能获取您的身份登记照片，暂无法进行人脸核验',
  CERTIFIED_REJECTED: '权威人脸核验未通过，请本人办理',
} as const
export type FailReason = keyof typeof FAIL_REASONS

export interface CheckThresholds {
  /** Same person between frames of one burst (an open mouth or a turn moves the descriptor: measured up to 0.46 on warps of one photo; different people 0.64–0.83). */
  samePerson: number
  /** Match against the reference (ID) photo. */
  reference: number
  minFaceFraction: number
  minBrightness: number
}

export const DEFAULT_CHECK_THRESHOLDS: CheckThresholds = {
  samePerson: 0.55,
  reference: 0.5,
  minFaceFraction: 0.15,
  minBrightness: 40,
}

export interface CheckOutcome {
  passed: boolean
  reason?: FailReason
  /** Chinese reason shown to the citizen. */
  message?: string
  scores: {
    events?: LivenessAction[]
    maxSamePersonDistance?: number
    referenceDistance?: number
    colourMatched?: boolean[]
    spanMs?: number
  }
  timing: { frames: number; wallMs: number; cpuMs: number; perFrameMs: number }
  /** The most frontal neutral frame and its face box (in the analysed, downscaled image), for a certified provider. */
  bestFace?: { index: number; box: { x: number; y: number; width: number; height: number } }
}

const fail = (reason: FailReason, detail?: string) => ({ reason, message: detail ? `${FAIL_REASONS[reason]}：${detail}` : FAIL_REASONS[reason] })

export async function runCheck(input: {
  pool: FacePool
  spec: ChallengeSpec
  frames: Frame[]
  /** Descriptor of the reference photo; undefined skips the match (certified provider decides). */
  reference?: number[]
  maxSpanMs: number
  thresholds?: CheckThresholds
}): Promise<CheckOutcome> {
  const th = input.thresholds ?? DEFAULT_CHECK_THRESHOLDS
  const started = performance.now()
  const frames = [...input.frames].sort((a, b) => a.t - b.t)
  const steps = stepsOf(input.spec)
  const scores: CheckOutcome['scores'] = {}
  const analyze = (i: number) => input.pool.analyze(frames[i]!.image, { descriptor: steps[frames[i]!.step]?.kind !== 'action' || i % 3 === 0 })
  const basic = (a: FrameAnalysis): FailReason | null => {
    if (!a.decoded) return 'FRAME_UNREADABLE'
    if ((a.faces?.length ?? 0) > 1) return 'MULTIPLE_FACES'
    if ((a.faces?.length ?? 0) === 0 || !a.landmarks) return (a.brightness ?? 255) < th.minBrightness ? 'TOO_DARK' : 'NO_FACE'
    const box = a.faces![0]!.box
    if (box.width / Math.max(1, Math.min(a.width ?? 1, a.height ?? 1)) < th.minFaceFraction) return 'FACE_TOO_SMALL'
    return null
  }
  let analysed = 0
  let cpuMs = 0
  const done = (v: { passed: boolean; reason?: FailReason; message?: string; bestFace?: CheckOutcome['bestFace'] }): CheckOutcome => {
    const wallMs = performance.now() - started
    return { ...v, scores, timing: { frames: frames.length, wallMs, cpuMs, perFrameMs: analysed ? cpuMs / analysed : 0 } }
  }

  // 1. Every frame: decodable, bright enough, exactly one face of usable size. The first two
  //    frames go first: a burst without a usable face costs two frames of work, not all of them.
  const indices = frames.map((_, i) => i)
  const analyses: FrameAnalysis[] = new Array<FrameAnalysis>(frames.length)
  for (const batch of [indices.slice(0, 2), indices.slice(2)]) {
    const got = await Promise.all(batch.map(analyze))
    got.forEach((a, k) => {
      analyses[batch[k]!] = a
      cpuMs += a.cpuMs ?? 0
      analysed++
    })
    for (const a of got) {
      const r = basic(a)
      if (r) return done({ passed: false, ...fail(r) })
    }
  }
  const landmarks = analyses.map((a) => a.landmarks as Landmarks)

  // 2. A continuous burst within the allowed span, moving like a live face.
  const timing = checkTiming(
    frames.map((f) => f.t),
    input.maxSpanMs,
  )
  scores.spanMs = timing.spanMs
  if (!timing.ok) return done({ passed: false, ...fail('NOT_CONTINUOUS') })
  const smooth = checkSmoothness(landmarks)
  if (!smooth.ok) return done({ passed: false, ...fail('NOT_LIVE') })

  // 3. Same person throughout.
  const neutralIdx = frames.map((f, i) => (steps[f.step]?.kind === 'neutral' ? i : -1)).filter((i) => i >= 0)
  const anchorIdx = neutralIdx[0]!
  const anchor = analyses[anchorIdx]!.descriptor!
  let maxSame = 0
  for (const a of analyses) if (a.descriptor) maxSame = Math.max(maxSame, descriptorDistance(anchor, a.descriptor))
  scores.maxSamePersonDistance = round(maxSame)
  if (maxSame > th.samePerson) return done({ passed: false, ...fail('FACE_CHANGED') })

  // 4. The requested actions, in order, relative to the neutral frames.
  const baseline = baselineOf(neutralIdx.map((i) => landmarks[i]!))
  const actionIdx = frames.map((f, i) => (steps[f.step]?.kind === 'action' ? i : -1)).filter((i) => i >= 0)
  const events = detectEvents(actionIdx.map((i) => scoreFrame(landmarks[i]!, baseline)))
  scores.events = events
  const order = checkOrder(input.spec.actions, events)
  if (!order.ok) {
    if (order.reason === 'missing') return done({ passed: false, ...fail('ACTION_MISSING', `「${ACTION_LABELS[order.action]}」`) })
    return done({ passed: false, ...fail('WRONG_ORDER') })
  }

  // 5. Colour flashes reflected by the face.
  const colour = checkColours(
    neutralIdx.map((i) => analyses[i]!.faceColour!),
    input.spec.colours.map((c, k) => ({
      colour: c,
      samples: frames.flatMap((f, i) => (f.step === k + 1 ? [analyses[i]!.faceColour!] : [])),
    })),
  )
  scores.colourMatched = colour.matched
  if (!colour.ok) return done({ passed: false, ...fail('NO_REFLECTION') })

  // 6. The reference photo.
  let bestNeutral = anchorIdx
  let bestYaw = Infinity
  for (const i of neutralIdx) {
    const lm = landmarks[i]!
    const yaw = Math.abs((lm[30]![0] - lm[0]![0]) / Math.max(1, lm[16]![0] - lm[0]![0]) - 0.5)
    if (yaw < bestYaw && analyses[i]!.descriptor) {
      bestYaw = yaw
      bestNeutral = i
    }
  }
  if (input.reference) {
    const d = Math.min(...neutralIdx.filter((i) => analyses[i]!.descriptor).map((i) => descriptorDistance(input.reference!, analyses[i]!.descriptor!)))
    scores.referenceDistance = round(d)
    if (d > th.reference) return done({ passed: false, ...fail('NO_MATCH') })
  }
  return done({ passed: true, bestFace: { index: bestNeutral, box: analyses[bestNeutral]!.faces![0]!.box } })
}

const round = (x: number) => Math.round(x * 1000) / 1000
