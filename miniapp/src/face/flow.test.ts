import { describe, expect, it } from 'vitest'
import {
  cameraProblem,
  centreBrightness,
  guidanceFor,
  lockedMessage,
  schedule,
  selectFrames,
  stepAt,
  verdictOf,
  STEP_MS,
  CAPTURE_INTERVAL_MS,
  type Captured,
  type ChallengeStep,
} from './flow'

const steps: ChallengeStep[] = [
  { index: 0, kind: 'neutral', prompt: '请正对屏幕，保持不动' },
  { index: 1, kind: 'flash', colour: 'red', hex: '#FF0000', prompt: '屏幕将闪红色' },
  { index: 2, kind: 'flash', colour: 'blue', hex: '#0000FF', prompt: '屏幕将闪蓝色' },
  { index: 3, kind: 'flash', colour: 'green', hex: '#00FF00', prompt: '屏幕将闪绿色' },
  { index: 4, kind: 'action', action: 'turn_left', prompt: '请向左转头' },
  { index: 5, kind: 'action', action: 'blink', prompt: '请眨眼' },
  { index: 6, kind: 'action', action: 'nod', prompt: '请点头' },
]
const limits = { min: 6, max: 24, maxBytes: 200 * 1024, minNeutral: 2 }

/** A continuous capture every CAPTURE_INTERVAL_MS over the whole schedule, as the page does it. */
function burst(closedAt?: number): Captured[] {
  const slots = schedule(steps)
  const out: Captured[] = []
  for (let t = 0; ; t += CAPTURE_INTERVAL_MS) {
    const s = stepAt(slots, t)
    if (!s) break
    out.push({ t, step: s.step, image: `img${t}`, ...(steps[s.step]!.action === 'blink' ? { closedness: t === closedAt ? 0.9 : 0.1 } : {}) })
  }
  return out
}

describe('schedule', () => {
  it('runs the steps back to back, each for its kind’s duration', () => {
    const slots = schedule(steps)
    expect(slots[0]).toEqual({ step: 0, startMs: 0, endMs: STEP_MS.neutral })
    expect(slots[1]!.startMs).toBe(STEP_MS.neutral)
    expect(slots.at(-1)!.endMs).toBe(STEP_MS.neutral + 3 * STEP_MS.flash + 3 * STEP_MS.action)
    expect(stepAt(slots, STEP_MS.neutral - 1)!.step).toBe(0)
    expect(stepAt(slots, STEP_MS.neutral)!.step).toBe(1)
    expect(stepAt(slots, slots.at(-1)!.endMs)).toBeNull()
  })
})

describe('selectFrames', () => {
  it('fits the server’s limits: ≤ max frames, ≥ 2 neutral, every step present, gaps the server accepts', () => {
    const picked = selectFrames(burst(), steps, limits)
    expect(picked.length).toBeLessThanOrEqual(24)
    expect(picked.length).toBeGreaterThanOrEqual(limits.min)
    expect(picked.filter((f) => f.step === 0).length).toBeGreaterThanOrEqual(2)
    for (const s of steps) expect(picked.some((f) => f.step === s.index), `step ${s.index}`).toBe(true)
    for (let i = 1; i < picked.length; i++) {
      const gap = picked[i]!.t - picked[i - 1]!.t
      expect(gap).toBeGreaterThanOrEqual(30)
      expect(gap).toBeLessThanOrEqual(1500)
    }
  })

  it('takes flash frames only after the colour settled on screen', () => {
    const slots = schedule(steps)
    const picked = selectFrames(burst(), steps, limits)
    for (const f of picked.filter((x) => steps[x.step]!.kind === 'flash')) {
      expect(f.t - slots[f.step]!.startMs).toBeGreaterThanOrEqual(350)
    }
  })

  it('keeps the most-closed frame of a blink step and the one after it', () => {
    const closedAt = burst().filter((f) => f.step === 5)[7]!.t
    const picked = selectFrames(burst(closedAt), steps, limits)
    const ts = picked.filter((f) => f.step === 5).map((f) => f.t)
    expect(ts).toContain(closedAt)
    expect(ts).toContain(closedAt + CAPTURE_INTERVAL_MS)
    expect(picked.length).toBeLessThanOrEqual(24)
  })

  it('a sparse capture keeps every step it has, flashes from after the settle when they can', () => {
    const few = burst().filter((_, i) => i % 6 === 0)
    const picked = selectFrames(few, steps, limits)
    expect(new Set(picked.map((f) => f.step))).toEqual(new Set(few.map((f) => f.step)))
    expect(picked.filter((f) => steps[f.step]!.kind !== 'flash')).toEqual(few.filter((f) => steps[f.step]!.kind !== 'flash'))
  })
})

describe('guidanceFor', () => {
  const box = { x: 70, y: 60, width: 90, height: 110 }
  const o = { width: 224, height: 224, brightness: 120 }
  it('asks for a face when there is none or it sits outside the frame', () => {
    expect(guidanceFor({ ...o, faces: [] })).toBe('no_face')
    expect(guidanceFor({ ...o, faces: [{ box: { ...box, x: 0, y: 0 } }] })).toBe('no_face')
  })
  it('reports two faces, darkness, distance', () => {
    expect(guidanceFor({ ...o, faces: [{ box }, { box }] })).toBe('multiple')
    expect(guidanceFor({ ...o, brightness: 30, faces: [{ box }] })).toBe('too_dark')
    expect(guidanceFor({ ...o, faces: [{ box: { x: 100, y: 95, width: 30, height: 36 } }] })).toBe('too_far')
  })
  it('asks to face the screen when the nose is off the middle of the jaw', () => {
    const lm = Array.from({ length: 68 }, () => [110, 110] as [number, number])
    lm[0] = [70, 110]
    lm[16] = [160, 110]
    lm[30] = [150, 120]
    expect(guidanceFor({ ...o, faces: [{ box, landmarks: lm }] })).toBe('not_frontal')
    lm[30] = [116, 120]
    expect(guidanceFor({ ...o, faces: [{ box, landmarks: lm }] })).toBe('ok')
  })
  it('without a detector (mini-program fallback) only brightness counts', () => {
    expect(guidanceFor({ ...o })).toBe('ok')
    expect(guidanceFor({ ...o, brightness: 20 })).toBe('too_dark')
  })
})

describe('centreBrightness', () => {
  it('is the mean luma of the centre of an RGBA frame', () => {
    const px = new Uint8Array(8 * 8 * 4).fill(200)
    expect(centreBrightness(px, 8, 8, 1)).toBeCloseTo(200, 0)
    expect(centreBrightness(new Uint8Array(8 * 8 * 4), 8, 8, 1)).toBe(0)
  })
})

describe('outcomes in Chinese', () => {
  it('passes, fails with the server’s reason and attempts left, locks with the time it lifts', () => {
    expect(verdictOf({ passed: true, remainingAttempts: 5 })).toEqual({ kind: 'passed' })
    expect(verdictOf({ passed: false, reasonCode: 'NOT_LIVE', reason: '画面异常（静止或跳变），请本人实时完成动作', remainingAttempts: 3 })).toEqual({
      kind: 'failed',
      reason: '画面异常（静止或跳变），请本人实时完成动作',
      remaining: 3,
    })
    const until = new Date(2026, 10, 27, 9, 30).toISOString()
    const locked = verdictOf({ passed: false, reason: '与身份登记照片比对不一致，请本人办理', remainingAttempts: 0, lockedUntil: until })
    expect(locked.kind).toBe('locked')
    expect(locked.kind === 'locked' && locked.message).toContain('将于 09:30 解除')
    expect(lockedMessage([{ path: 'lockedUntil', message: '将于 11月27日 09:30（北京时间）解除锁定' }])).toBe('人脸核验失败次数过多，已暂时锁定。将于 11月27日 09:30（北京时间）解除锁定。')
    expect(lockedMessage(undefined)).toContain('30 分钟后再试')
  })
  it('says what to do for each camera problem', () => {
    expect(cameraProblem('insecure').text).toContain('https')
    expect(cameraProblem('denied').text).toContain('允许')
    expect(cameraProblem('none').title).toBe('未找到可用的摄像头')
  })
})
