/**
 * Server-side sessions: opaque 256-bit tokens stored as SM3 hashes; idle timeout and absolute
 * lifetime enforced here on every lookup; logout ends the row so the token is dead everywhere.
 */
import { and, eq, isNull } from 'drizzle-orm'
import type { IdTypeCode } from '@bdc/shared/dict'
import type { Deps, SessionContext } from '../../env'
import { sessions } from '../../db/schema'
import { hashToken, newToken } from '../../security/crypto'
import type { UserInfo } from '@bdc/shared/province-contract'

/** last_seen_at is refreshed at most this often, so reads don't each cost a write. */
const TOUCH_EVERY_MS = 60_000

export async function createSession(deps: Deps, channel: 'h5' | 'weapp', user: UserInfo) {
  const token = newToken()
  const csrfToken = channel === 'h5' ? newToken() : null
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + deps.config.session.absoluteMs)
  const [row] = await deps.db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      csrfHash: csrfToken ? hashToken(csrfToken) : null,
      channel,
      subjectSealed: deps.cipher.seal(user.sub),
      subjectIndex: deps.cipher.blindIndex(user.sub),
      holderKind: user.kind,
      idType: user.idType,
      idNumberSealed: deps.cipher.seal(user.idNumber),
      idNumberIndex: deps.cipher.blindIndex(user.idNumber),
      nameSealed: deps.cipher.seal(user.name),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    })
    .returning({ id: sessions.id })
  return { id: row!.id, token, csrfToken, expiresAt, actor: deps.cipher.blindIndex(user.idNumber) }
}

export type ResolveResult = { ok: true; session: SessionContext } | { ok: false; problem: 'expired' | 'unknown' }

export async function resolveSession(deps: Deps, token: string): Promise<ResolveResult> {
  if (token.length < 20 || token.length > 100) return { ok: false, problem: 'unknown' }
  const [row] = await deps.db.select().from(sessions).where(eq(sessions.tokenHash, hashToken(token))).limit(1)
  if (!row) return { ok: false, problem: 'unknown' }
  if (row.endedAt) return { ok: false, problem: row.endReason === 'logout' ? 'unknown' : 'expired' }
  const now = deps.now()
  const idleDeadline = row.lastSeenAt.getTime() + deps.config.session.idleMs
  const reason = now.getTime() >= row.expiresAt.getTime() ? 'absolute' : now.getTime() >= idleDeadline ? 'idle' : null
  if (reason) {
    await deps.db
      .update(sessions)
      .set({ endedAt: now, endReason: reason })
      .where(and(eq(sessions.id, row.id), isNull(sessions.endedAt)))
    return { ok: false, problem: 'expired' }
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await deps.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id))
  }
  return {
    ok: true,
    session: {
      id: row.id,
      channel: row.channel,
      subject: deps.cipher.open(row.subjectSealed),
      holderKind: row.holderKind,
      idType: row.idType as IdTypeCode,
      idNumber: deps.cipher.open(row.idNumberSealed),
      name: deps.cipher.open(row.nameSealed),
      actor: row.idNumberIndex,
      csrfHash: row.csrfHash,
      expiresAt: row.expiresAt,
    },
  }
}

export async function endSession(deps: Deps, id: string, reason: 'logout' | 'idle' | 'absolute') {
  await deps.db
    .update(sessions)
    .set({ endedAt: deps.now(), endReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
}
