/**
 * Challenge lifecycle: issue → answer once → outcome (+ step-up on the session). Everything that
 * must hold across BFF instances lives in the database: the single-use claim is a conditional
 * UPDATE, the lock is counted from stored failures, the step-up is a timestamp on the row.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { AnswerResult } from '@bdc/shared/liveness'
import { audit } from '../../lib/audit'
import { rowsOf } from '../../lib/db-rows'
import { AppError } from '../../lib/errors'
import { errorFields } from '../../lib/logger'
import { hashToken } from '../../security/crypto'
import { UpstreamRejection } from '../../upstream/client'
import { maskName } from '@bdc/shared/mask'
import type { Deps, SessionContext } from '../../env'
import { stepsOf, type ChallengeSpec, type Frame } from './liveness.check'
import { sharedFacePool } from '@bdc/face'
import { livenessChallenges } from './liveness.schema'
import { ACTION_LABELS, ACTIONS, COLOUR_HEX, COLOUR_LABELS, COLOURS, type FlashColour, type LivenessAction } from '@bdc/face'
import { certifiedVerifier, localVerifier, type FaceVerifier } from './liveness.verifier'
import { beijingIso } from '@bdc/shared/ids/normalize'

export const CHALLENGE_TTL_MS = 90_000
export const MAX_CAPTURE_MS = 45_000
export const LOCK_FAILURES = 5
export const LOCK_WINDOW_MS = 30 * 60_000
export const LOCK_MS = 30 * 60_000
export const FRAME_LIMITS = { min: 6, max: 24, maxBytes: 200 * 1024 }
/** Open (issued, unanswered, unexpired) challenges a citizen may hold: a new one closes the oldest beyond this. */
export const MAX_OPEN_CHALLENGES = 3

function shuffle<T>(xs: readonly T[]): T[] {
  const a = [...xs]
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[a[i], a[j]] = [a[j]!, a[i]!]
  }
  return a
}

/** 2–3 distinct actions in random order (never both turns: one of them is enough), 2–3 colours. */
export function randomSpec(): ChallengeSpec {
  const shuffled = shuffle(ACTIONS)
  const firstTurn = shuffled.find((a) => a === 'turn_left' || a === 'turn_right')
  const pool = shuffled.filter((a) => !((a === 'turn_left' || a === 'turn_right') && a !== firstTurn))
  const actions = pool.slice(0, 2 + randomInt(2)) as LivenessAction[]
  const colours = shuffle(COLOURS).slice(0, 2 + randomInt(2)) as FlashColour[]
  return { actions, colours }
}

/** When the check is locked for this citizen (5 failures within 30 min → 30 min), or null. */
export async function lockedUntil(deps: Deps, actor: string): Promise<Date | null> {
  const now = deps.now().getTime()
  const rows = await deps.db
    .select({ at: livenessChallenges.answeredAt })
    .from(livenessChallenges)
    .where(and(eq(livenessChallenges.actor, actor), eq(livenessChallenges.outcome, 'failed'), gt(livenessChallenges.answeredAt, new Date(now - LOCK_WINDOW_MS - LOCK_MS))))
    .orderBy(asc(livenessChallenges.answeredAt))
  const ts = rows.map((r) => r.at!.getTime())
  let until = 0
  for (let i = LOCK_FAILURES - 1; i < ts.length; i++) {
    if (ts[i]! - ts[i - LOCK_FAILURES + 1]! <= LOCK_WINDOW_MS) until = Math.max(until, ts[i]! + LOCK_MS)
  }
  return until > now ? new Date(until) : null
}

/** e.g. 11月27日 09:30 (Beijing time, whatever the server's zone). */
function beijingTime(d: Date): string {
  const [, m, day, hm] = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(beijingIso(d))!
  return `${Number(m)}月${Number(day)}日 ${hm}`
}

/** 429 LIVENESS_LOCKED with the time the lock lifts (Beijing time), so the app can say when to come back. */
function lockedError(until: Date): AppError {
  return new AppError('LIVENESS_LOCKED', [{ path: 'lockedUntil', message: `将于 ${beijingTime(until)}（北京时间）解除锁定` }])
}

async function failuresInWindow(deps: Deps, actor: string): Promise<number> {
  const rows = await deps.db
    .select({ id: livenessChallenges.id })
    .from(livenessChallenges)
    .where(and(eq(livenessChallenges.actor, actor), eq(livenessChallenges.outcome, 'failed'), gt(livenessChallenges.answeredAt, new Date(deps.now().getTime() - LOCK_WINDOW_MS))))
  return rows.length
}

/** Whose face answers for this account. */
export interface FaceHolder {
  /** the provincial subject whose reference photo the face is compared with */
  sub: string
  role: 'self' | 'legal_representative'
  name: string
}

/**
 * A person answers with their own face; a company account (法人) with its 法定代表人's, whom the
 * identity service names. Asked at issue and again at answer, so a change of representative
 * takes effect at once and nothing about that person is kept here.
 */
export async function faceHolder(deps: Deps, s: SessionContext): Promise<FaceHolder> {
  if (s.holderKind !== 'organization') return { sub: s.subject, role: 'self', name: s.name }
  try {
    const rep = await deps.upstream.legalRepresentative(s.subject)
    return { sub: rep.sub, role: 'legal_representative', name: rep.name }
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) throw new AppError('LIVENESS_NO_LEGAL_REPRESENTATIVE')
    throw e
  }
}

/** What the face page shows: whose face, masked name, one sentence. */
export function facePrompt(holder: FaceHolder) {
  const name = maskName(holder.name)
  return {
    role: holder.role,
    name,
    prompt: holder.role === 'legal_representative' ? `请法定代表人 ${name} 本人完成人脸识别` : `请 ${name} 本人完成人脸识别`,
  }
}

export async function issueChallenge(deps: Deps, s: SessionContext) {
  const locked = await lockedUntil(deps, s.actor)
  if (locked) throw lockedError(locked)
  const holder = await faceHolder(deps, s)
  const spec = randomSpec()
  const nonce = randomBytes(24).toString('base64url')
  const issuedAt = deps.now()
  const expiresAt = new Date(issuedAt.getTime() + CHALLENGE_TTL_MS)
  // At most MAX_OPEN_CHALLENGES open per citizen, across sessions and instances: issuance of one
  // citizen is serialised by a transaction-scoped advisory lock, and the oldest open ones beyond
  // the cap are closed (superseded) in the same transaction as the new one is written.
  const row = await deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${'liveness:' + s.actor}, 0))`)
    const open = await tx
      .select({ id: livenessChallenges.id })
      .from(livenessChallenges)
      .where(and(eq(livenessChallenges.actor, s.actor), isNull(livenessChallenges.answeredAt), gt(livenessChallenges.expiresAt, issuedAt)))
      .orderBy(desc(livenessChallenges.issuedAt))
      .offset(MAX_OPEN_CHALLENGES - 1)
    if (open.length) {
      await tx
        .update(livenessChallenges)
        .set({ answeredAt: issuedAt, outcome: 'superseded' })
        .where(and(inArray(livenessChallenges.id, open.map((o) => o.id)), isNull(livenessChallenges.answeredAt)))
    }
    const [inserted] = await tx
      .insert(livenessChallenges)
      .values({ sessionId: s.id, actor: s.actor, nonceHash: hashToken(nonce), actions: spec.actions, colours: spec.colours, issuedAt, expiresAt })
      .returning({ id: livenessChallenges.id })
    return inserted!
  })
  return {
    id: row.id,
    nonce,
    expiresAt: expiresAt.toISOString(),
    face: facePrompt(holder),
    steps: stepsOf(spec).map((st, index) =>
      st.kind === 'neutral'
        ? { index, kind: st.kind, prompt: '请正对屏幕，保持不动' }
        : st.kind === 'flash'
          ? { index, kind: st.kind, colour: st.colour, hex: COLOUR_HEX[st.colour], prompt: `屏幕将闪${COLOUR_LABELS[st.colour]}，请保持正对屏幕` }
          : { index, kind: st.kind, action: st.action, prompt: `请${ACTION_LABELS[st.action]}` },
    ),
    frames: { min: FRAME_LIMITS.min, max: FRAME_LIMITS.max, maxBytes: FRAME_LIMITS.maxBytes, minNeutral: 2 },
  }
}

export function verifierFor(deps: Deps): FaceVerifier {
  const pool = sharedFacePool(deps.config.face.workers)
  return deps.config.face.decision === 'certified' ? certifiedVerifier(deps, pool) : localVerifier(deps, pool)
}

type Detail = { path: string; message: string }

/** Structural checks a well-behaved client always passes (400 otherwise, nothing consumed). */
function validateFrames(spec: ChallengeSpec, frames: { t: number; step: number; image: Uint8Array }[]): Detail[] {
  const steps = stepsOf(spec)
  const problems: Detail[] = []
  frames.forEach((f, i) => {
    if (f.step >= steps.length) problems.push({ path: `frames.${i}.step`, message: `步骤编号超出范围（0–${steps.length - 1}）` })
    if (f.image.length > FRAME_LIMITS.maxBytes) problems.push({ path: `frames.${i}.image`, message: `单帧图片不能超过 ${FRAME_LIMITS.maxBytes / 1024} KB` })
    if (f.image.length < 100) problems.push({ path: `frames.${i}.image`, message: '图片内容为空或不完整' })
  })
  if (problems.length) return problems
  const count = (k: number) => frames.filter((f) => f.step === k).length
  if (count(0) < 2) problems.push({ path: 'frames', message: '至少需要 2 帧正对屏幕的画面' })
  steps.forEach((st, k) => {
    if (k > 0 && count(k) < 1) problems.push({ path: 'frames', message: `缺少第 ${k} 步（${st.kind === 'action' ? ACTION_LABELS[st.action] : '屏幕闪光'}）的画面` })
  })
  return problems
}

export async function answerChallenge(
  deps: Deps,
  s: SessionContext,
  id: string,
  body: { nonce: string; frames: { t: number; step: number; image: Uint8Array }[] },
  verifier: FaceVerifier = verifierFor(deps),
): Promise<AnswerResult> {
  const [row] = await deps.db.select().from(livenessChallenges).where(eq(livenessChallenges.id, id)).limit(1)
  // Another session's challenge is indistinguishable from none at all.
  if (!row || row.sessionId !== s.id || row.nonceHash !== hashToken(body.nonce)) throw new AppError('LIVENESS_CHALLENGE_NOT_FOUND')
  // Closed by a newer challenge of the citizen: as good as expired.
  if (row.outcome === 'superseded') throw new AppError('LIVENESS_CHALLENGE_EXPIRED')
  if (row.answeredAt) throw new AppError('LIVENESS_CHALLENGE_USED')
  const now = deps.now()
  if (now.getTime() >= row.expiresAt.getTime()) throw new AppError('LIVENESS_CHALLENGE_EXPIRED')
  const locked = await lockedUntil(deps, s.actor)
  if (locked) throw lockedError(locked)
  const spec: ChallengeSpec = { actions: row.actions as LivenessAction[], colours: row.colours as FlashColour[] }
  const problems = validateFrames(spec, body.frames)
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems)

  // Before the claim: if the identity service cannot name whose face to check, the challenge stays usable.
  const holder = await faceHolder(deps, s)

  // Single use, and the lock in the same statement: the row is claimed only if the citizen's
  // failures in the window plus the answers still being evaluated (claimed, no outcome yet) stay
  // under LOCK_FAILURES. The citizen's rows are locked first (FOR UPDATE), so concurrent claims of
  // one citizen are decided one after another on the latest rows, on every instance.
  const claimed = await claimStatement(deps, id, s.actor, now)
  if (!claimed.claimed) {
    if (claimed.reason === 'used') throw new AppError('LIVENESS_CHALLENGE_USED')
    throw lockedError((await lockedUntil(deps, s.actor)) ?? new Date(now.getTime() + LOCK_MS))
  }

  const frames: Frame[] = body.frames.map((f) => ({ t: f.t, step: f.step, image: f.image }))
  // The claimed capture cannot be longer than the time since the challenge was issued.
  const maxSpanMs = Math.min(MAX_CAPTURE_MS, now.getTime() - row.issuedAt.getTime() + 2_000)
  let result
  try {
    result = await verifier.verify({ sub: holder.sub, nonce: body.nonce, spec, frames, maxSpanMs })
  } catch (e) {
    // Our side (or the provincial side) failed: record it, never count it against the citizen.
    const reason = e instanceof AppError ? e.code : 'INTERNAL'
    await deps.db.update(livenessChallenges).set({ outcome: 'error', reason, decidedBy: verifier.kind }).where(eq(livenessChallenges.id, id))
    if (e instanceof AppError) throw e
    deps.logger.error('face check failed to run', errorFields(e))
    throw new AppError('LIVENESS_UNAVAILABLE', undefined, { cause: e })
  } finally {
    frames.length = 0 // drop our references to the images as soon as the check is done
  }
  const stepUpUntil = result.passed ? new Date(deps.now().getTime() + deps.config.face.stepUpMs) : null
  await deps.db
    .update(livenessChallenges)
    .set({
      outcome: result.passed ? 'passed' : 'failed',
      reason: result.reason ?? null,
      decidedBy: result.decidedBy,
      scores: { ...result.scores, ...(result.ticket ? { ticket: result.ticket } : {}) },
      frames: result.timing.frames,
      wallMs: Math.round(result.timing.wallMs),
      cpuMs: Math.round(result.timing.cpuMs),
      stepUpUntil,
    })
    .where(eq(livenessChallenges.id, id))
  await audit(deps.db, { action: 'face.check', actor: s.actor, sessionId: s.id, target: id, outcome: result.passed ? 'ok' : 'denied' })
  deps.logger.info('face check', {
    passed: result.passed,
    reason: result.reason,
    decidedBy: result.decidedBy,
    frames: result.timing.frames,
    wallMs: Math.round(result.timing.wallMs),
    cpuMs: Math.round(result.timing.cpuMs),
  })
  const remainingAttempts = Math.max(0, LOCK_FAILURES - (await failuresInWindow(deps, s.actor)))
  if (result.passed) return { passed: true, stepUpExpiresAt: stepUpUntil!.toISOString(), remainingAttempts }
  const lockedNow = remainingAttempts === 0 ? await lockedUntil(deps, s.actor) : null
  return { passed: false, reasonCode: result.reason, reason: result.message, remainingAttempts, ...(lockedNow ? { lockedUntil: lockedNow.toISOString() } : {}) }
}

/**
 * The claim: one statement. `mine` locks the citizen's rows that count (answered within the lock
 * window, or unanswered); the update sets `answered_at` only when the row is still unanswered and
 * the count of failures plus evaluations in flight is below the limit.
 */
async function claimStatement(deps: Deps, id: string, actor: string, now: Date): Promise<{ claimed: true } | { claimed: false; reason: 'used' | 'locked' }> {
  const windowStart = new Date(now.getTime() - LOCK_WINDOW_MS)
  const rows = await deps.db.execute(sql`
    with mine as (
      select id, answered_at, outcome from liveness_challenges
       where actor = ${actor} and (answered_at is null or answered_at > ${windowStart.toISOString()}::timestamptz)
       order by id
       for update
    )
    update liveness_challenges set answered_at = ${now.toISOString()}::timestamptz
     where id = ${id} and answered_at is null
       and (select count(*) from mine where outcome = 'failed' or (answered_at is not null and outcome is null)) < ${LOCK_FAILURES}
    returning id`)
  if (rowsOf(rows).length) return { claimed: true }
  const [row] = await deps.db.select({ answeredAt: livenessChallenges.answeredAt }).from(livenessChallenges).where(eq(livenessChallenges.id, id)).limit(1)
  return { claimed: false, reason: row?.answeredAt ? 'used' : 'locked' }
}

/** Whether this session passed a face check recently enough to count as a step-up. */
export async function hasFreshStepUp(deps: Deps, sessionId: string): Promise<boolean> {
  const rows = await deps.db
    .select({ until: livenessChallenges.stepUpUntil })
    .from(livenessChallenges)
    .where(and(eq(livenessChallenges.sessionId, sessionId), eq(livenessChallenges.outcome, 'passed'), gt(livenessChallenges.stepUpUntil, deps.now())))
    .orderBy(desc(livenessChallenges.stepUpUntil))
    .limit(1)
  return rows.length > 0
}
