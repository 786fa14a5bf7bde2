/**
 * Verification of a certificate QR code: the shared offline check (signature with the node
 * OpenSSL verifier), then the live status from the e-license library. One code path for the
 * JSON API, the verify page and the mini-program's scanner. Logged without verifier data.
 *
 * Every answer is logged before it is sent: the log rows are group-committed (one multi-row INSERT
 * for the verifications that arrive while the previous INSERT runs), and each request waits for
 * the INSERT that holds its row — batching saves statements, never an audit row.
 */
import { STATUS_TEXT, verifyOffline, type VerificationStatus } from '@bdc/shared/certificates/index'
import type { Verification } from '@bdc/shared/certificates/api'
import type { Deps } from '../../env'
import { UpstreamRejection } from '../../upstream/client'
import { certificateVerifications } from './certificates.schema'
import { toVerifiedCertificate } from './map'
import { sql } from 'drizzle-orm'
import { groupCommitPer } from '../../lib/group-commit'

type VerificationRow = typeof certificateVerifications.$inferInsert
const logVerification = groupCommitPer(async (db: Deps['db'], rows: VerificationRow[]) => {
  // One statement of fixed text whatever the batch size (arrays unnested by the server).
  const col = <T>(f: (r: VerificationRow) => T) => sql.param(rows.map(f))
  await db.execute(sql`
    insert into ${certificateVerifications} (at, channel, code_kind, license_id, key_id, outcome)
    select to_timestamp(at / 1000.0), channel, code_kind, license_id, key_id, outcome
      from unnest(${col((r) => (r.at as Date).getTime())}::float8[], ${col((r) => r.channel)}::text[], ${col((r) => r.codeKind ?? null)}::text[],
                  ${col((r) => r.licenseId ?? null)}::text[], ${col((r) => r.keyId ?? null)}::text[], ${col((r) => r.outcome)}::text[])
        as t(at, channel, code_kind, license_id, key_id, outcome)`)
  return rows.map(() => undefined)
})

export async function verifyCode(deps: Deps, code: string, channel: 'api' | 'page' | 'app'): Promise<Verification> {
  const now = deps.now()
  const offline = verifyOffline(code, deps.certificateKeys.trustList, now.getTime(), deps.certificateKeys.check)
  const base = { checkedAt: now.toISOString() }
  const done = async (status: VerificationStatus, extra: Partial<Verification> = {}): Promise<Verification> => {
    const token = 'token' in offline ? offline.token : undefined
    await logVerification(deps.db).push({
      at: now,
      channel,
      codeKind: token ? (token.kind === 'L' ? 'live' : 'printed') : null,
      licenseId: token && status !== 'malformed' ? token.licenseId : null,
      keyId: token?.keyId ?? null,
      outcome: status,
    })
    return { status, title: STATUS_TEXT[status].title, hint: STATUS_TEXT[status].hint, ...base, ...extra }
  }
  if (offline.status === 'malformed') return done('malformed', { reason: offline.reason })
  const token = offline.token
  const meta = { codeKind: token.kind === 'L' ? ('live' as const) : ('printed' as const), ...(token.expiresAt ? { expiresAt: new Date(token.expiresAt * 1000).toISOString() } : {}) }
  if (offline.status !== 'signature_ok') return done(offline.status, meta)
  let license
  try {
    license = await deps.upstream.licenseStatus(token.licenseId)
  } catch (e) {
    // A genuine signature over an identifier the library does not know: nothing to vouch for.
    if (e instanceof UpstreamRejection && e.status === 404) return done('malformed', { ...meta, reason: '电子证照库中没有该证照' })
    throw e
  }
  const status: VerificationStatus = license.status === 'current' ? 'valid' : license.cancelReason === 'superseded' ? 'superseded' : 'cancelled'
  return done(status, { ...meta, certificate: toVerifiedCertificate(license) })
}
