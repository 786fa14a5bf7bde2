/**
 * Server-side sessions: opaque 256-bit tokens stored as SM3 hashes; idle timeout and absolute
 * lifetime enforced here on every lookup; logout ends the row so the token is dead everywhere.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { IdTypeCode } from '@bdc/shared/dict'
import type { Deps, SessionContext } from '../../env'
import { sessions } from '../../db/schema'
import { hashToken, newToken } from '../../security/crypto'
import type { UserInfo } from '@bdc/shared/province-contract'

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

/**
 * The session of `token`, or why not. The idle limit is exact: the lookup and the refresh of
 * last_seen_at are one statement that only matches a live session seen less than the idle limit ago,
 * so a session is alive at `idle − 1 ms` after the last request and gone at `idle`, whatever the setting.
 * Only a miss reads the row again, to end it with its reason.
 */
export async function resolveSession(deps: Deps, token: string): Promise<ResolveResult> {
  if (token.length < 20 || token.length > 100) return { ok: false, problem: 'unknown' }
  const now = deps.now()
  const tokenHash = hashToken(token)
  const [row] = await deps.db
    .update(sessions)
    // greatest(): an instance whose clock lags a little never moves last_seen_at back
    .set({ lastSeenAt: sql`greatest(${sessions.lastSeenAt}, ${now.toISOString()}::timestamptz)` })
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.endedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - deps.config.session.idleMs)),
      ),
    )
    .returning()
  if (!row) {
    const [gone] = await deps.db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash)).limit(1)
    if (!gone) return { ok: false, problem: 'unknown' }
    if (gone.endedAt) return { ok: false, problem: gone.endReason === 'logout' ? 'unknown' : 'expired' }
    const reason =
      now.getTime() >= gone.expiresAt.getTime() ? 'absolute' : now.getTime() >= gone.lastSeenAt.getTime() + deps.config.session.idleMs ? 'idle' : null
    if (!reason) return { ok: false, problem: 'unknown' }
    await endSession(deps, gone.id, reason)
    return { ok: false, problem: 'expired' }
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
