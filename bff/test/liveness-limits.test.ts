/**
 * Face-check limits that hold at the edge (issue 12 §5): at most 3 open challenges per citizen, and
 * the lock checked in the same statement that claims a challenge — ten challenges answered at the
 * same moment by a citizen with five failures to go are not all evaluated.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import type { SessionContext } from '../src/env'
import { stepsOf } from '../src/features/liveness/liveness.check'
import { livenessChallenges } from '../src/features/liveness/liveness.schema'
import { answerChallenge, LOCK_FAILURES, MAX_OPEN_CHALLENGES } from '../src/features/liveness/liveness.service'
import type { FaceVerifier } from '../src/features/liveness/liveness.verifier'
import { AppError } from '../src/lib/errors'
import { hashToken } from '../src/security/crypto'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

describe.each(DB_KINDS)('face-check limits on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
  })
  afterEach(async () => {
    await bff.close()
  })

  it('a citizen holds at most 3 open challenges: a 4th closes the oldest, which then answers 410', async () => {
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    const other = await loginWeapp(bff, 'c-zhangwei') // another session of the same citizen counts too
    const issued = []
    for (let i = 0; i < 5; i++) {
      issued.push(await bodyOf(await bff.api(i % 2 ? other.auth : auth).liveness.challenges.$post(), 200))
      bff.clock.advance(1_000)
    }
    const open = await bff.boot.deps.db.select({ id: livenessChallenges.id }).from(livenessChallenges).where(isNull(livenessChallenges.answeredAt))
    expect(open.map((o) => o.id).sort()).toEqual(issued.slice(-MAX_OPEN_CHALLENGES).map((c) => c.id).sort())
    const first = issued[0]!
    const frames = Array.from({ length: 6 }, (_, i) => ({ t: i * 100, step: 0, image: 'A'.repeat(200) }))
    const res = await bff.api(auth).liveness.challenges[':id'].answer.$post({ param: { id: first.id }, json: { nonce: first.nonce, frames } })
    expect((await bodyOf(res, 410)).code).toBe('LIVENESS_CHALLENGE_EXPIRED')
    // concurrent issuance keeps the cap too
    await Promise.all(Array.from({ length: 6 }, () => bff.api(auth).liveness.challenges.$post()))
    const after = await bff.boot.deps.db.select({ id: livenessChallenges.id }).from(livenessChallenges).where(isNull(livenessChallenges.answeredAt))
    expect(after.length).toBe(MAX_OPEN_CHALLENGES)
  })

  it(`ten challenges answered at the same moment: at most ${LOCK_FAILURES} are evaluated (lock check and claim in one statement)`, async () => {
    const actor = 'actor-' + randomUUID()
    const session = { id: randomUUID(), actor, subject: 'sub-x' } as SessionContext
    const spec = { actions: ['nod', 'mouth'], colours: ['red', 'green'] }
    const now = bff.clock.now
    // Ten challenges issued beforehand (as before the open cap, or by several instances at once).
    const rows = await bff.boot.deps.db
      .insert(livenessChallenges)
      .values(
        Array.from({ length: 10 }, (_, i) => ({
          sessionId: session.id,
          actor,
          nonceHash: hashToken(`nonce-${i}-padding-padding`),
          actions: spec.actions,
          colours: spec.colours,
          issuedAt: now,
          expiresAt: new Date(now.getTime() + 90_000),
        })),
      )
      .returning({ id: livenessChallenges.id, nonceHash: livenessChallenges.nonceHash })
    let evaluated = 0
    const failing: FaceVerifier = {
      kind: 'local',
      async verify() {
        evaluated++
        await new Promise((r) => setTimeout(r, 30))
        return { passed: false, reason: 'NO_FACE', message: '未检测到人脸', scores: {}, timing: { frames: 6, wallMs: 1, cpuMs: 1, perFrameMs: 1 }, decidedBy: 'local' }
      },
    }
    const image = new Uint8Array(200).fill(7)
    const frames = [0, ...stepsOf(spec as never).map((_, k) => k)].map((step, i) => ({ t: i * 150, step, image }))
    const results = await Promise.allSettled(
      rows.map((_, i) => answerChallenge(bff.boot.deps, session, rows[i]!.id, { nonce: `nonce-${i}-padding-padding`, frames }, failing)),
    )
    expect(evaluated).toBeLessThanOrEqual(LOCK_FAILURES)
    const refused = results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as AppError).code)
    expect(refused.length).toBe(10 - evaluated)
    expect(new Set(refused)).toEqual(new Set(['LIVENESS_LOCKED']))
    const failed = await bff.boot.deps.db.select().from(livenessChallenges).where(and(eq(livenessChallenges.actor, actor), eq(livenessChallenges.outcome, 'failed')))
    expect(failed.length).toBe(evaluated)
    expect(evaluated).toBe(LOCK_FAILURES) // not fewer either: the limit is exact
  })
})
