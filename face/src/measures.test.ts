import { describe, expect, it } from 'vitest'
import {
  baselineOf,
  checkColours,
  checkOrder,
  checkSmoothness,
  checkTiming,
  descriptorDistance,
  detectEvents,
  eyeAspectRatio,
  frameAction,
  mouthOpening,
  pitchMeasures,
  scoreFrame,
  yawRatio,
  type Landmarks,
  type LivenessAction,
  type Point,
} from './measures'

/** A synthetic frontal face in the 68-point layout; each parameter moves one feature. */
function face(p: { eye?: number; mouth?: number; yaw?: number; nod?: number; dx?: number; jitter?: number } = {}): Landmarks {
  const eye = p.eye ?? 3 // half-height of the eye opening (EAR = eye / 10)
  const m = p.mouth ?? 0.5
  const yaw = p.yaw ?? 0
  const nod = p.nod ?? 1 // vertical scale below the eye line (foreshortening)
  const dx = (p.dx ?? 0) + (p.jitter ?? 0)
  const pts: Point[] = []
  const y = (v: number) => 40 + (v - 40) * nod
  for (let i = 0; i <= 16; i++) pts.push([50 - 50 * Math.cos((Math.PI * i) / 16), y(30 + 90 * Math.sin((Math.PI * i) / 16))])
  for (let i = 0; i < 10; i++) pts.push([15 + i * 8, 20])
  for (let i = 0; i < 4; i++) pts.push([50 + yaw * (i + 1) * 0.25, y(35 + i * 10)])
  for (let i = 0; i < 5; i++) pts.push([40 + i * 5 + yaw * 0.8, y(70)])
  for (const cx of [30, 70]) {
    pts.push([cx - 10, 40], [cx - 3, 40 - eye], [cx + 3, 40 - eye], [cx + 10, 40], [cx + 3, 40 + eye], [cx - 3, 40 + eye])
  }
  for (let i = 0; i < 12; i++) {
    const a = (Math.PI * 2 * i) / 12
    pts.push([50 - 20 * Math.cos(a), y(90 + (4 + m) * Math.sin(a))])
  }
  pts.push([35, y(90)], [43, y(90 - m)], [50, y(90 - m)], [57, y(90 - m)], [65, y(90)], [57, y(90 + m)], [50, y(90 + m)], [43, y(90 + m)])
  return pts.map(([x, yy]) => [x + dx, yy] as Point)
}

const neutral = [face({ jitter: 0 }), face({ jitter: 0.2 }), face({ jitter: -0.2 })]
const base = baselineOf(neutral)
const act = (l: Landmarks) => frameAction(scoreFrame(l, base))
const events = (frames: Landmarks[]) => detectEvents(frames.map((l) => scoreFrame(l, base)))

describe('landmark measures', () => {
  it('eye aspect ratio falls as the eyes close', () => {
    expect(eyeAspectRatio(face())).toBeCloseTo(0.3, 3)
    expect(eyeAspectRatio(face({ eye: 0.5 }))).toBeLessThan(0.1)
  })
  it('mouth opening rises as the mouth opens', () => {
    expect(mouthOpening(face())).toBeLessThan(0.05)
    expect(mouthOpening(face({ mouth: 8 }))).toBeGreaterThan(0.4)
  })
  it('yaw ratio is 0.5 frontal and rises when the nose moves to the image right (citizen turns left)', () => {
    expect(yawRatio(face())).toBeCloseTo(0.5, 3)
    expect(yawRatio(face({ yaw: 20 }))).toBeGreaterThan(0.55)
    expect(yawRatio(face({ yaw: -20 }))).toBeLessThan(0.45)
  })
  it('pitch aspect shrinks when the face is foreshortened by a nod', () => {
    expect(pitchMeasures(face({ nod: 0.85 })).aspect).toBeLessThan(pitchMeasures(face()).aspect * 0.9)
  })
  it('measures are relative to the neutral frames, so a face shifted in the picture scores as neutral', () => {
    const s = scoreFrame(face({ dx: 40 }), base)
    expect(Math.abs(s.yaw)).toBeLessThan(0.01)
    expect(act(face({ dx: 40 }))).toBeNull()
  })
})

describe('frame classification', () => {
  it('recognises each action against the neutral baseline', () => {
    expect(act(face({ eye: 0.5 }))).toBe('blink')
    expect(act(face({ mouth: 6 }))).toBe('mouth')
    expect(act(face({ yaw: 25 }))).toBe('turn_left')
    expect(act(face({ yaw: -25 }))).toBe('turn_right')
    expect(act(face({ nod: 0.85 }))).toBe('nod')
    expect(act(face({ jitter: 0.3 }))).toBeNull()
  })
  it('an open mouth (longer face) is not mistaken for a nod', () => {
    expect(act(face({ mouth: 6, nod: 1.1 }))).toBe('mouth')
  })
  it('closed-looking eyes during a head turn do not count as a blink', () => {
    expect(act(face({ yaw: 25, eye: 1.5 }))).toBe('turn_left')
  })
})

describe('events and order', () => {
  const seq = (...parts: Landmarks[][]) => parts.flat()
  const still = (n: number) => Array.from({ length: n }, (_, i) => face({ jitter: (i % 3) * 0.1 }))
  const blink = [face({ eye: 2 }), face({ eye: 0.4 }), face({ eye: 2.6 }), face()]

  it('a blink counts only when the eyes open again', () => {
    expect(events(seq(still(2), blink, still(2)))).toEqual(['blink'])
    expect(events(seq(still(2), [face({ eye: 0.4 }), face({ eye: 0.4 })]))).toEqual([])
  })
  it('collapses runs of frames into events in time order', () => {
    const frames = seq(still(1), [face({ yaw: 25 }), face({ yaw: 30 })], still(2), [face({ mouth: 6 }), face({ mouth: 7 })], still(1))
    expect(events(frames)).toEqual(['turn_left', 'mouth'])
  })
  it('passes the requested order, tolerating extra movements', () => {
    expect(checkOrder(['turn_left', 'mouth'], ['turn_left', 'mouth'])).toEqual({ ok: true })
    expect(checkOrder(['turn_left', 'mouth'], ['nod', 'turn_left', 'blink', 'mouth'])).toEqual({ ok: true })
    expect(checkOrder(['blink', 'nod', 'turn_right'], ['blink', 'nod', 'turn_right'])).toEqual({ ok: true })
  })
  it('rejects the wrong order and names a missing action', () => {
    expect(checkOrder(['turn_left', 'mouth'], ['mouth', 'turn_left'])).toEqual({ ok: false, reason: 'order' })
    expect(checkOrder(['turn_left', 'mouth'], ['turn_left'])).toEqual({ ok: false, reason: 'missing', action: 'mouth' })
    expect(checkOrder(['nod', 'blink'], [])).toEqual({ ok: false, reason: 'missing', action: 'nod' })
  })
  it('end to end on a landmark sequence: requested turn_right → nod → mouth in that order', () => {
    const frames = seq(still(2), [face({ yaw: -25 })], still(1), [face({ nod: 0.85 })], still(1), [face({ mouth: 6 })])
    const requested: LivenessAction[] = ['turn_right', 'nod', 'mouth']
    expect(checkOrder(requested, events(frames))).toEqual({ ok: true })
    expect(checkOrder(['nod', 'turn_right', 'mouth'], events(frames))).toEqual({ ok: false, reason: 'order' })
  })
})

describe('timing, smoothness, colour, identity', () => {
  it('accepts a continuous burst and rejects reordered, too fast, gapped or too long ones', () => {
    const ts = Array.from({ length: 12 }, (_, i) => i * 150)
    expect(checkTiming(ts, 5000)).toEqual({ ok: true, spanMs: 1650 })
    expect(checkTiming([0, 200, 100], 5000)).toMatchObject({ ok: false, reason: 'not_increasing' })
    expect(checkTiming([0, 10, 20], 5000)).toMatchObject({ ok: false, reason: 'too_fast' })
    expect(checkTiming([0, 100, 3000], 5000)).toMatchObject({ ok: false, reason: 'gap' })
    expect(checkTiming(ts, 1000)).toMatchObject({ ok: false, reason: 'too_long' })
  })
  it('flags a jump between frames and a frozen (identical) sequence', () => {
    expect(checkSmoothness([face(), face({ jitter: 1 }), face({ jitter: 2 })])).toEqual({ ok: true })
    expect(checkSmoothness([face(), face({ dx: 150 })])).toEqual({ ok: false, reason: 'jump' })
    expect(checkSmoothness([face(), face(), face()])).toEqual({ ok: false, reason: 'frozen' })
  })
  it('sees each flashed colour in the face and misses a flash that left no trace', () => {
    const n: [number, number, number][] = [
      [200, 160, 140],
      [201, 161, 139],
    ]
    const red: [number, number, number] = [215, 155, 135]
    const green: [number, number, number] = [192, 175, 135]
    const blue: [number, number, number] = [192, 155, 155]
    const ok = checkColours(n, [
      { colour: 'red', samples: [red] },
      { colour: 'green', samples: [green] },
      { colour: 'blue', samples: [blue] },
    ])
    expect(ok).toEqual({ matched: [true, true, true], ok: true })
    const none = checkColours(n, [
      { colour: 'red', samples: [n[0]!] },
      { colour: 'blue', samples: [n[1]!] },
    ])
    expect(none.ok).toBe(false)
    const swapped = checkColours(n, [
      { colour: 'green', samples: [red] },
      { colour: 'red', samples: [green] },
    ])
    expect(swapped).toEqual({ matched: [false, false], ok: false })
  })
  it('descriptor distance is Euclidean', () => {
    expect(descriptorDistance([0, 3], [4, 0])).toBe(5)
    expect(() => descriptorDistance([1], [1, 2])).toThrow()
  })
})
