/**
 * Liveness measures from the 68-point landmarks (iBUG layout: jaw 0–16, brows 17–26, nose 27–35,
 * right eye 36–41, left eye 42–47, outer lips 48–59, inner lips 60–67), and the decision logic
 * built on them. Pure functions: no I/O, unit-tested on synthetic landmark sequences.
 *
 * Every measure is taken RELATIVE to the user's own neutral frames (the first step of a
 * challenge), so face shape, distance to the camera and small habitual head tilt cancel out.
 *
 * Direction convention: frames are the camera's raw (unmirrored) image. When the citizen turns
 * their head to THEIR left, the nose moves towards the image's right, so the yaw ratio rises.
 */

import { ACTIONS, ACTION_LABELS, type LivenessAction } from '@bdc/shared/liveness'

export type Point = readonly [number, number]
export type Landmarks = readonly Point[]

export { ACTIONS, ACTION_LABELS, type LivenessAction }

export const COLOURS = ['red', 'green', 'blue'] as const
export type FlashColour = (typeof COLOURS)[number]
export const COLOUR_HEX: Record<FlashColour, string> = { red: '#FF0000', green: '#00FF00', blue: '#0000FF' }
export const COLOUR_LABELS: Record<FlashColour, string> = { red: '红色', green: '绿色', blue: '蓝色' }

/** Thresholds, tuned on synthetic warps of the fixtures and on the geometry of real motion. */
export const THRESHOLDS = {
  /** Blink: eye aspect ratio falls below this fraction of the neutral value… */
  blinkRatio: 0.7,
  /** …and comes back above this fraction afterwards. */
  blinkRecover: 0.85,
  /** Mouth opening ratio rises by at least this much over neutral (absolute MAR units). */
  mouthDelta: 0.12,
  /** Yaw ratio (nose between jaw edges, 0.5 = frontal) moves by at least this much. */
  yawDelta: 0.07,
  /** Nod: face height/width aspect shrinks (foreshortening, head down or up) by at least this fraction of neutral… */
  nodAspect: 0.08,
  /** …or the nose moves by this much between eye line and chin. */
  nodNose: 0.07,
  /** Yaw beyond this disqualifies a frame as a nod (a turn also changes the aspect). */
  nodMaxYaw: 0.05,
  /** Frame timing: continuous capture between these intervals (ms). */
  minIntervalMs: 30,
  maxIntervalMs: 1500,
  /** Largest plausible move of the nose between consecutive frames, in face widths. */
  maxJump: 1.0,
  /** Colour flash: chromaticity shift of the flashed channel at least this much over neutral. */
  colourDelta: 0.006,
} as const

const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1])
const mid = (a: Point, b: Point): Point => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
const pt = (l: Landmarks, i: number): Point => {
  const p = l[i]
  if (!p) throw new RangeError(`landmark ${i} missing`)
  return p
}

export function assertLandmarks(l: Landmarks): void {
  if (l.length !== 68) throw new RangeError(`expected 68 landmarks, got ${l.length}`)
}

function eyeAspect(l: Landmarks, s: number): number {
  const width = dist(pt(l, s), pt(l, s + 3))
  if (width === 0) return 0
  return (dist(pt(l, s + 1), pt(l, s + 5)) + dist(pt(l, s + 2), pt(l, s + 4))) / (2 * width)
}

/** Eye aspect ratio (Soukupová & Čech 2016), mean of both eyes. ≈0.25–0.35 open, <0.15 closed. */
export function eyeAspectRatio(l: Landmarks): number {
  return (eyeAspect(l, 36) + eyeAspect(l, 42)) / 2
}

/** Inner-lip opening over mouth width: ≈0 closed, >0.3 clearly open. */
export function mouthOpening(l: Landmarks): number {
  const width = dist(pt(l, 60), pt(l, 64))
  if (width === 0) return 0
  return (dist(pt(l, 61), pt(l, 67)) + dist(pt(l, 62), pt(l, 66)) + dist(pt(l, 63), pt(l, 65))) / (3 * width)
}

/** Where the nose tip sits between the jaw edges: 0.5 frontal, rises as the head turns to the citizen's left. */
export function yawRatio(l: Landmarks): number {
  const left = pt(l, 0)[0]
  const right = pt(l, 16)[0]
  if (right === left) return 0.5
  return (pt(l, 30)[0] - left) / (right - left)
}

/** Pitch measures: face aspect (eye line to chin over jaw width) and the nose's place between eye line and chin. */
export function pitchMeasures(l: Landmarks): { aspect: number; nose: number } {
  const eyes = mid(mid(pt(l, 36), pt(l, 39)), mid(pt(l, 42), pt(l, 45)))
  const chin = pt(l, 8)
  const width = dist(pt(l, 0), pt(l, 16))
  const height = chin[1] - eyes[1]
  return { aspect: width ? height / width : 0, nose: height ? (pt(l, 30)[1] - eyes[1]) / height : 0 }
}

/** Face width in pixels (jaw edge to jaw edge), the unit for movement between frames. */
export function faceWidth(l: Landmarks): number {
  return dist(pt(l, 0), pt(l, 16))
}

export interface Baseline {
  ear: number
  mouth: number
  yaw: number
  aspect: number
  nose: number
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** The citizen's own neutral face: medians over the neutral frames. */
export function baselineOf(frames: Landmarks[]): Baseline {
  if (!frames.length) throw new RangeError('no neutral frames')
  const p = frames.map(pitchMeasures)
  return {
    ear: median(frames.map(eyeAspectRatio)),
    mouth: median(frames.map(mouthOpening)),
    yaw: median(frames.map(yawRatio)),
    aspect: median(p.map((x) => x.aspect)),
    nose: median(p.map((x) => x.nose)),
  }
}

export interface FrameScores {
  /** EAR as a fraction of neutral (1 = as open as neutral). */
  eye: number
  /** MAR minus neutral. */
  mouth: number
  /** Yaw ratio minus neutral (+ = citizen's left). */
  yaw: number
  /** Relative change of face aspect (negative = foreshortened, head down or up). */
  aspect: number
  /** Nose position change between eye line and chin. */
  nose: number
}

export function scoreFrame(l: Landmarks, b: Baseline): FrameScores {
  const p = pitchMeasures(l)
  return {
    eye: b.ear > 0 ? eyeAspectRatio(l) / b.ear : 1,
    mouth: mouthOpening(l) - b.mouth,
    yaw: yawRatio(l) - b.yaw,
    aspect: b.aspect > 0 ? p.aspect / b.aspect - 1 : 0,
    nose: p.nose - b.nose,
  }
}

/**
 * The action a single frame shows, if any: the strongest signal relative to its threshold.
 * A closed eye counts only when the head is not turned (turning alone changes the eye shape).
 */
export function frameAction(s: FrameScores): LivenessAction | null {
  const t = THRESHOLDS
  const candidates: [LivenessAction, number][] = []
  if (s.yaw >= t.yawDelta) candidates.push(['turn_left', s.yaw / t.yawDelta])
  if (s.yaw <= -t.yawDelta) candidates.push(['turn_right', -s.yaw / t.yawDelta])
  // An open mouth lengthens the face (aspect rises): only a shrinking aspect counts as a nod.
  if (Math.abs(s.yaw) < t.nodMaxYaw && s.mouth < t.mouthDelta) {
    const n = Math.max(-s.aspect / t.nodAspect, Math.abs(s.nose) / t.nodNose)
    if (n >= 1) candidates.push(['nod', n])
  }
  if (s.mouth >= t.mouthDelta) candidates.push(['mouth', s.mouth / t.mouthDelta])
  if (Math.abs(s.yaw) < t.yawDelta && s.eye <= t.blinkRatio) candidates.push(['blink', t.blinkRatio / Math.max(s.eye, 0.01)])
  if (!candidates.length) return null
  candidates.sort((a, b) => b[1] - a[1])
  return candidates[0]![0]
}

/**
 * Events in time order: runs of frames showing the same action, collapsed. A blink counts only
 * if the eyes open again afterwards (a closed-eye photo is not a blink).
 */
export function detectEvents(scores: FrameScores[]): LivenessAction[] {
  const labels = scores.map(frameAction)
  const events: LivenessAction[] = []
  let prev: LivenessAction | null = null
  labels.forEach((label, i) => {
    if (label && label !== prev) {
      if (label === 'blink') {
        const reopened = scores.slice(i + 1).some((s) => s.eye >= THRESHOLDS.blinkRecover)
        if (reopened) events.push(label)
      } else events.push(label)
    }
    prev = label
  })
  return events
}

export type OrderVerdict = { ok: true } | { ok: false; reason: 'missing'; action: LivenessAction } | { ok: false; reason: 'order' }

/**
 * Were the requested actions performed in the requested order? They must appear as a
 * subsequence of the detected events (extra incidental movements are tolerated).
 */
export function checkOrder(requested: readonly LivenessAction[], events: readonly LivenessAction[]): OrderVerdict {
  for (const a of requested) if (!events.includes(a)) return { ok: false, reason: 'missing', action: a }
  let i = 0
  for (const e of events) if (i < requested.length && e === requested[i]) i++
  return i === requested.length ? { ok: true } : { ok: false, reason: 'order' }
}

export type TimingVerdict = { ok: true; spanMs: number } | { ok: false; reason: 'not_increasing' | 'too_fast' | 'gap' | 'too_long'; spanMs: number }

/** A continuous burst: strictly increasing timestamps, no implausibly fast or long gaps, within the allowed span. */
export function checkTiming(ts: readonly number[], maxSpanMs: number): TimingVerdict {
  const spanMs = ts.length ? ts[ts.length - 1]! - ts[0]! : 0
  for (let i = 1; i < ts.length; i++) {
    const d = ts[i]! - ts[i - 1]!
    if (d <= 0) return { ok: false, reason: 'not_increasing', spanMs }
    if (d < THRESHOLDS.minIntervalMs) return { ok: false, reason: 'too_fast', spanMs }
    if (d > THRESHOLDS.maxIntervalMs) return { ok: false, reason: 'gap', spanMs }
  }
  if (spanMs > maxSpanMs) return { ok: false, reason: 'too_long', spanMs }
  return { ok: true, spanMs }
}

/**
 * Smoothness: consecutive frames of a real capture move a little; a spliced sequence jumps.
 * Also flags a frozen sequence (identical landmarks in three frames running: a replayed still).
 */
export function checkSmoothness(frames: readonly Landmarks[]): { ok: true } | { ok: false; reason: 'jump' | 'frozen' } {
  let same = 0
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!
    const b = frames[i]!
    const w = Math.max(faceWidth(a), 1)
    if (dist(pt(a, 30), pt(b, 30)) / w > THRESHOLDS.maxJump) return { ok: false, reason: 'jump' }
    const identical = a.every((p, k) => p[0] === b[k]![0] && p[1] === b[k]![1])
    same = identical ? same + 1 : 0
    if (same >= 2) return { ok: false, reason: 'frozen' }
  }
  return { ok: true }
}

export function chromaticity([r, g, b]: readonly [number, number, number]): [number, number, number] {
  const s = r + g + b
  return s > 0 ? [r / s, g / s, b / s] : [1 / 3, 1 / 3, 1 / 3]
}

const CHANNEL: Record<FlashColour, 0 | 1 | 2> = { red: 0, green: 1, blue: 2 }

/**
 * Colour-flash reflection: during each flash, the face's chromaticity must shift towards the
 * flashed colour compared with the neutral frames — the flashed channel rises the most and by
 * at least `colourDelta`. Returns which flashes matched.
 */
export function checkColours(
  neutral: readonly (readonly [number, number, number])[],
  flashes: readonly { colour: FlashColour; samples: readonly (readonly [number, number, number])[] }[],
): { matched: boolean[]; ok: boolean } {
  const avg = (xs: readonly (readonly [number, number, number])[]): [number, number, number] => {
    const c = xs.map(chromaticity)
    return [0, 1, 2].map((k) => c.reduce((s, v) => s + v[k]!, 0) / Math.max(c.length, 1)) as [number, number, number]
  }
  const base = avg(neutral)
  const matched = flashes.map((f) => {
    if (!f.samples.length || !neutral.length) return false
    const c = avg(f.samples)
    const delta = [c[0] - base[0], c[1] - base[1], c[2] - base[2]]
    const k = CHANNEL[f.colour]
    return delta[k]! >= THRESHOLDS.colourDelta && delta.every((d, j) => j === k || d < delta[k]!)
  })
  const misses = matched.filter((m) => !m).length
  return { matched, ok: flashes.length > 0 && misses <= Math.max(0, flashes.length - 2) && misses <= 1 }
}

export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('descriptor length mismatch')
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2
  return Math.sqrt(s)
}
