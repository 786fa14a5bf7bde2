/**
 * Face + liveness check, end to end through the BFF: challenge → burst upload → the real face
 * model in worker threads → outcome → step-up guard. Frames are synthesised from the fixture
 * portraits (test/support/face-frames.ts); each check costs ≈ 1–2 s of CPU here, so the image
 * checks run on PGlite only, while the lifecycle (replay, expiry, other session, lock, step-up)
 * runs on PGlite and on PostgreSQL.
 */
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stepsOf } from '../src/features/liveness/liveness.check'
import { livenessChallenges } from '../src/features/liveness/liveness.schema'
import type { FlashColour, LivenessAction } from '@bdc/face'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'
import { astronautFrame, plainFrame, twoFacesFrame, type Pose } from '@bdc/face/testing'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'

interface Step {
  index: number
  kind: 'neutral' | 'flash' | 'action'
  action?: LivenessAction
  colour?: FlashColour
}
interface Challenge {
  id: string
  nonce: string
  expiresAt: string
  steps: Step[]
}
interface UploadFrame {
  t: number
  step: number
  image: string
}

/** A raw POST: only for bodies past the size limits, which the tests send on purpose. */
const post = (auth: Record<string, string>, body?: unknown) => ({
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json' },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
})
const challenges = (bff: TestBff, auth: Record<string, string>) => bff.api(auth).liveness.challenges

/** Every pose × a few jitter seeds, made once for the file. */
const cache = new Map<string, Promise<Buffer>>()
const frame = (pose: Pose, seed: number, colour?: FlashColour) => {
  const key = `${pose}/${seed}/${colour ?? ''}`
  let f = cache.get(key)
  if (!f) {
    f = astronautFrame(pose, { seed, colour })
    cache.set(key, f)
  }
  return f
}

/**
 * The burst a genuine client would upload for `challenge`: neutral frames, one frame per flash,
 * then for each action a neutral frame followed by a frame of the action; 150 ms apart.
 * `options` bend it: actions in another order, flashes without a colour cast, replaced frames.
 */
async function burst(
  challenge: Challenge,
  options: { actions?: LivenessAction[]; noCast?: boolean; replace?: (i: number, step: Step) => Promise<Buffer> | undefined } = {},
): Promise<UploadFrame[]> {
  const plan: { step: Step; make: () => Promise<Buffer> }[] = []
  let seed = 0
  const neutral = challenge.steps[0]!
  for (let i = 0; i < 2; i++) {
    const s = seed++
    plan.push({ step: neutral, make: () => frame('neutral', s % 5) })
  }
  for (const st of challenge.steps.filter((x) => x.kind === 'flash')) {
    const s = seed++
    plan.push({ step: st, make: () => frame('neutral', s % 5, options.noCast ? undefined : st.colour) })
  }
  const actionSteps = challenge.steps.filter((x) => x.kind === 'action')
  const performed = options.actions ?? actionSteps.map((x) => x.action!)
  performed.forEach((action, k) => {
    const st = actionSteps[k]!
    const s = seed++
    plan.push({ step: st, make: () => frame('neutral', s % 5) })
    plan.push({ step: st, make: () => frame(action, 1) })
  })
  return Promise.all(
    plan.map(async (p, i) => ({
      t: i * 150,
      step: p.step.index,
      image: ((await options.replace?.(i, p.step)) ?? (await p.make())).toString('base64'),
    })),
  )
}

/**
 * A challenge as the server issues it (random actions and colours). Blink cannot be synthesised
 * from a still photo, so the test then fixes the row's actions (and colours) in the database to
 * a blink-free spec, the way a fault switch would, and rebuilds the steps the client would show.
 */
async function newChallenge(
  bff: TestBff,
  auth: Record<string, string>,
  spec: { actions: LivenessAction[]; colours: FlashColour[] } = { actions: ['turn_left', 'mouth', 'nod'], colours: ['red', 'blue'] },
): Promise<Challenge> {
  const issued = await bodyOf(await challenges(bff, auth).$post(), 200)
  expect(issued.steps[0]).toMatchObject({ kind: 'neutral' })
  await bff.boot.deps.db.update(livenessChallenges).set(spec).where(eq(livenessChallenges.id, issued.id))
  return { ...issued, steps: stepsOf(spec).map((st, index) => ({ index, ...st })) }
}

async function answer(bff: TestBff, auth: Record<string, string>, c: Challenge, frames: UploadFrame[]) {
  bff.clock.advance(4_000) // the capture takes a few seconds of real time
  return challenges(bff, auth)[':id'].answer.$post({ param: { id: c.id }, json: { nonce: c.nonce, frames } })
}

/** The outcome of a check that ran (passed or failed: both are answered 200). */
const outcome = async (bff: TestBff, auth: Record<string, string>, c: Challenge, frames: UploadFrame[]) => bodyOf(await answer(bff, auth, c, frames), 200)

describe('face check on real images (PGlite)', () => {
  let bff: TestBff
  let zhang: Record<string, string>
  let lina: Record<string, string>
  beforeAll(async () => {
    bff = await startTestBff()
    zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    lina = (await loginWeapp(bff, 'c-lina')).auth
  })
  afterAll(async () => {
    await bff?.close()
  })

  it('the simulator holds an ID-card sized reference photo per demo person, none for an organisation', async () => {
    const secret = fs.readFileSync(path.join(bff.boot.deps.config.dataDir, 'upstream-client-secret'), 'utf8').trim()
    const basic = { authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64'), 'content-type': 'application/json' }
    const ok = await bff.request('/province/sso/reference-photo', { method: 'POST', headers: basic, body: JSON.stringify({ sub: 'c-zhangwei' }) })
    expect(ok.status).toBe(200)
    const { image } = (await ok.json()) as { image: string }
    expect(await sharp(Buffer.from(image, 'base64')).metadata()).toMatchObject({ format: 'jpeg', width: 102, height: 126 })
    const org = await bff.request('/province/sso/reference-photo', { method: 'POST', headers: basic, body: JSON.stringify({ sub: 'c-shujin' }) })
    expect(org.status).toBe(404)
    const anon = await bff.request('/province/sso/reference-photo', { method: 'POST', body: JSON.stringify({ sub: 'c-zhangwei' }) })
    expect(anon.status).toBe(401)
  })

  it('passes the genuine burst, records only outcome, scores and timing, and refuses a replay of it', async () => {
    const c = await newChallenge(bff, zhang)
    expect(c.steps.filter((s) => s.kind === 'action').length).toBeGreaterThanOrEqual(2)
    const frames = await burst(c)
    const first = await outcome(bff, zhang, c, frames)
    expect(first).toMatchObject({ passed: true })
    expect(typeof first.stepUpExpiresAt).toBe('string')
    expect((await bodyOf(await answer(bff, zhang, c, frames), 409)).code).toBe('LIVENESS_CHALLENGE_USED')
    const [row] = await bff.boot.deps.db.select().from(livenessChallenges).where(eq(livenessChallenges.id, c.id))
    expect(row).toMatchObject({ outcome: 'passed', decidedBy: 'local', frames: frames.length })
    const scores = row!.scores as { referenceDistance: number; events: string[] }
    expect(scores.referenceDistance).toBeLessThan(0.5)
    expect(scores.events).toEqual(expect.arrayContaining(c.steps.filter((s) => s.kind === 'action').map((s) => s.action)))
    // nothing that could rebuild a face: no images, no landmarks, no descriptors
    expect(JSON.stringify(row).length).toBeLessThan(2000)
    expect(bff.logs.join('\n')).not.toContain(frames[0]!.image.slice(0, 40))
  })

  it('fails the actions done in the wrong order, naming the reason', async () => {
    const c = await newChallenge(bff, zhang, { actions: ['mouth', 'turn_right'], colours: ['green', 'red'] })
    const r = await outcome(bff, zhang, c, await burst(c, { actions: ['turn_right', 'mouth'] }))
    expect(r).toMatchObject({ passed: false, reasonCode: 'WRONG_ORDER', reason: '动作顺序与提示不符，请按提示顺序完成动作' })
  })

  it('fails a different person: astronaut frames against grace_hopper’s reference photo', async () => {
    const c = await newChallenge(bff, lina)
    const r = await outcome(bff, lina, c, await burst(c))
    expect(r).toMatchObject({ passed: false, reasonCode: 'NO_MATCH', reason: '与身份登记照片比对不一致，请本人办理' })
  })

  it('fails a burst with no face, and one with two faces', async () => {
    const c1 = await newChallenge(bff, zhang)
    const coffee = await plainFrame('coffee.png')
    const r1 = await outcome(bff, zhang, c1, await burst(c1, { replace: (i) => (i === 1 ? Promise.resolve(coffee) : undefined) }))
    expect(r1).toMatchObject({ passed: false, reasonCode: 'NO_FACE' })
    const c2 = await newChallenge(bff, zhang)
    const two = await twoFacesFrame()
    const r2 = await outcome(bff, zhang, c2, await burst(c2, { replace: (i) => (i === 2 ? Promise.resolve(two) : undefined) }))
    expect(r2).toMatchObject({ passed: false, reasonCode: 'MULTIPLE_FACES', reason: '检测到多张人脸，请确保画面中只有您本人' })
  })

  it('fails when the screen flashes leave no colour on the face', async () => {
    const c = await newChallenge(bff, zhang)
    const r = await outcome(bff, zhang, c, await burst(c, { noCast: true }))
    expect(r).toMatchObject({ passed: false, reasonCode: 'NO_REFLECTION' })
  })

  it('rejects malformed uploads with a 400 and Chinese details, before consuming the challenge', async () => {
    const zhang = (await loginWeapp(bff, 'c-wangqiang')).auth
    const c = await newChallenge(bff, zhang)
    const answers = challenges(bff, zhang)[':id'].answer
    const few = await answers.$post({ param: { id: c.id }, json: { nonce: c.nonce, frames: [] } })
    expect(await bodyOf(few, 400)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'frames', message: '至少需要 6 帧画面' }] })
    const frames = await burst(c)
    const noNeutral = frames.map((f) => ({ ...f, step: f.step === 0 ? 1 : f.step }))
    const bad = await answers.$post({ param: { id: c.id }, json: { nonce: c.nonce, frames: noNeutral } })
    expect(JSON.stringify(await bodyOf(bad, 400))).toContain('至少需要 2 帧正对屏幕的画面')
    const notBase64 = await answers.$post({ param: { id: c.id }, json: { nonce: c.nonce, frames: frames.map((f) => ({ ...f, image: '%%%' + f.image })) } })
    expect(notBase64.status).toBe(400)
    const badId = await answers.$post({ param: { id: 'not-a-uuid' }, json: { nonce: c.nonce, frames } })
    expect(badId.status).toBe(400)
    // Raw on purpose: bodies past the size limits.
    const huge = await bff.request(`/api/liveness/challenges/${c.id}/answer`, post(zhang, { nonce: c.nonce, frames, pad: 'x'.repeat(7 * 1024 * 1024) }))
    expect(huge.status).toBe(413)
    // other API routes keep the small limit
    expect((await bff.request('/api/liveness/challenges', post(zhang, { pad: 'x'.repeat(100 * 1024) }))).status).toBe(413)
    const [row] = await bff.boot.deps.db.select().from(livenessChallenges).where(eq(livenessChallenges.id, c.id))
    expect(row!.answeredAt).toBeNull()
  })
})

describe('certified provider decision (FACE_DECISION=certified)', () => {
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ env: { FACE_DECISION: 'certified' } })
  })
  afterAll(async () => {
    await bff?.close()
  })

  it('our liveness passes, the certified service rejects the wrong person, and its decision is binding', async () => {
    const { auth } = await loginWeapp(bff, 'c-lina')
    const c = await newChallenge(bff, auth)
    const r = await outcome(bff, auth, c, await burst(c))
    expect(r).toMatchObject({ passed: false, reasonCode: 'CERTIFIED_REJECTED' })
    const [row] = await bff.boot.deps.db.select().from(livenessChallenges).where(eq(livenessChallenges.id, c.id))
    expect(row).toMatchObject({ outcome: 'failed', decidedBy: 'certified' })
    expect((row!.scores as { ticket: string }).ticket).toMatch(/^SIMFACE-/)
  })
})

describe.each(DB_KINDS)('challenge lifecycle and step-up on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env: { REQUIRE_FACE_STEP_UP: 'true' } })
  })
  afterAll(async () => {
    await bff?.close()
  })

  it('a sensitive route demands a fresh face check: 403 without, 200 after a pass, 403 again after 10 minutes', async () => {
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    const list = await bodyOf(await bff.api(auth).certificates.$get(), 200)
    const param = { licenseId: list.items[0]!.licenseId }
    const live = (who = auth) => bff.api(who).certificates[':licenseId']['live-code'].$post({ param })
    expect(await bodyOf(await live(), 403)).toMatchObject({ code: 'FACE_CHECK_REQUIRED', message: '请先完成人脸识别验证' })
    const c = await newChallenge(bff, auth)
    expect(await outcome(bff, auth, c, await burst(c))).toMatchObject({ passed: true })
    expect((await live()).status).toBe(200)
    // the step-up belongs to that session only
    const other = await loginWeapp(bff, 'c-zhangwei')
    expect((await live(other.auth)).status).toBe(403)
    bff.clock.advance(10 * 60_000)
    expect((await live()).status).toBe(403)
  })

  it('rejects an expired challenge and a challenge of another session', async () => {
    const a = await loginWeapp(bff, 'c-liuyang')
    const b = await loginWeapp(bff, 'c-liuyang')
    const c = await newChallenge(bff, a.auth)
    const frames = await burst(c)
    const send = (auth: Record<string, string>, nonce: string) => challenges(bff, auth)[':id'].answer.$post({ param: { id: c.id }, json: { nonce, frames } })
    expect((await bodyOf(await send(b.auth, c.nonce), 404)).code).toBe('LIVENESS_CHALLENGE_NOT_FOUND')
    expect((await send(a.auth, 'x'.repeat(32))).status).toBe(404)
    bff.clock.advance(91_000)
    expect(await bodyOf(await send(a.auth, c.nonce), 410)).toMatchObject({ code: 'LIVENESS_CHALLENGE_EXPIRED', message: '人脸核验已超时，请重新开始' })
  })

  it('five failures within 30 minutes lock the check for 30 minutes (in the database)', async () => {
    const { auth } = await loginWeapp(bff, 'c-chenjing')
    const coffee = (await plainFrame('coffee.png')).toString('base64')
    for (let i = 0; i < 5; i++) {
      const c = await newChallenge(bff, auth, { actions: ['nod', 'mouth'], colours: ['red', 'green'] })
      const frames = [0, ...c.steps.map((st) => st.index)].map((step, i) => ({ t: i * 150, step, image: coffee }))
      const r = await outcome(bff, auth, c, frames)
      expect(r).toMatchObject({ passed: false, reasonCode: 'NO_FACE', remainingAttempts: 4 - i })
      // the fifth failure says when the lock lifts: 30 minutes after it
      if (i === 4) expect(Date.parse(r.lockedUntil!)).toBe(bff.clock.now.getTime() + 30 * 60_000)
      else expect(r.lockedUntil).toBeUndefined()
    }
    // …and so does every refused new challenge, in Beijing time
    const lifts = new Date(bff.clock.now.getTime() + 30 * 60_000 + 8 * 3_600_000).toISOString()
    const beijing = `${Number(lifts.slice(5, 7))}月${Number(lifts.slice(8, 10))}日 ${lifts.slice(11, 16)}`
    expect(await bodyOf(await challenges(bff, auth).$post(), 429)).toMatchObject({
      code: 'LIVENESS_LOCKED',
      message: '人脸核验失败次数过多，请30分钟后再试',
      details: [{ path: 'lockedUntil', message: `将于 ${beijing}（北京时间）解除锁定` }],
    })
    // another session of the same citizen is locked too; another citizen is not
    expect((await challenges(bff, (await loginWeapp(bff, 'c-chenjing')).auth).$post()).status).toBe(429)
    expect((await challenges(bff, (await loginWeapp(bff, 'c-wangqiang')).auth).$post()).status).toBe(200)
    bff.clock.advance(30 * 60_000)
    const fresh = await loginWeapp(bff, 'c-chenjing')
    expect((await challenges(bff, fresh.auth).$post()).status).toBe(200)
  })

  it('a company account steps up with its 法定代表人’s face: the page names him (masked), his face passes, the company may then download', async () => {
    const { auth } = await loginWeapp(bff, 'c-shujin')
    const holder = await bodyOf(await bff.api(auth).liveness.holder.$get(), 200)
    expect(holder).toEqual({ role: 'legal_representative', name: '王**', prompt: '请法定代表人 王** 本人完成人脸识别' })
    const list = await bodyOf(await bff.api(auth).certificates.$get(), 200)
    const live = () => bff.api(auth).certificates[':licenseId']['live-code'].$post({ param: { licenseId: list.items[0]!.licenseId } })
    expect((await live()).status).toBe(403)
    const issued = await bodyOf(await challenges(bff, auth).$post(), 200)
    expect(issued.face).toEqual(holder)
    const c = await newChallenge(bff, auth)
    // astronaut is 王建国's reference photo at the identity service; the company itself has none
    expect(await outcome(bff, auth, c, await burst(c))).toMatchObject({ passed: true })
    expect((await live()).status).toBe(200)
    // nothing about the representative is kept by the BFF
    expect(bff.logs.join('\n')).not.toContain('王建国')
  })

  it('a person is asked for their own face', async () => {
    const { auth } = await loginWeapp(bff, 'c-lina')
    expect(await bodyOf(await bff.api(auth).liveness.holder.$get(), 200)).toEqual({ role: 'self', name: '李**', prompt: '请 李** 本人完成人脸识别' })
  })
})
