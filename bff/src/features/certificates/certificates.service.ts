/**
 * The citizen's own e-certificates (不动产电子证照): list, face, 亮证 code and PDF, each read from
 * the e-license library at the request (holder-filtered there) and audited. Public verification of
 * a scanned code is certificates.verify.ts.
 */
import { canonicalBytes, encodeToken, LIVE_CODE_SECONDS } from '@bdc/shared/certificates/index'
import type { CertificateDetail, CertificateSummary, LiveCode } from '@bdc/shared/certificates/api'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { UpstreamRejection, type UpstreamFile } from '../../upstream/client'
import type { UpstreamLicense } from '@bdc/shared/province-contract'
import { toCertificateDetail, toCertificateSummary } from '../../upstream/mapping/licenses'
import { and, desc, inArray, lt, sql } from 'drizzle-orm'
import { auditLog, VERIFY_ACTIONS_SQL } from '../../db/schema'

/** 亮证 codes live this long: a screenshot stops working soon after. */

/** Signs a code for a license and returns the URL a camera opens. */
export function signedUrl(deps: Deps, licenseId: string, kind: 'C' | 'L'): { url: string; expiresAt?: number } {
  const now = deps.now()
  const expiresAt = kind === 'L' ? Math.floor(now.getTime() / 1000) + LIVE_CODE_SECONDS : undefined
  const fields = { kind, licenseId, keyId: deps.certificateKeys.activeKeyId(now), ...(expiresAt ? { expiresAt } : {}) }
  const signature = deps.certificateKeys.sign(fields.keyId, canonicalBytes(fields))
  return { url: `${deps.config.publicBaseUrl}/v/${encodeToken({ ...fields, signature })}`, expiresAt }
}

/** The license, if it is one the citizen may see (else CERTIFICATE_NOT_FOUND); audited as `action`. */
async function ownLicense(deps: Deps, s: SessionContext, licenseId: string, action: string, audit: RequestAudit): Promise<UpstreamLicense> {
  try {
    const l = await deps.upstream.licenseDetail(licenseId, { idType: s.idType, idNumber: s.idNumber })
    await audit({ action, target: licenseId, outcome: 'ok' })
    return l
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) {
      await audit({ action, target: licenseId, outcome: 'denied' })
      throw new AppError('CERTIFICATE_NOT_FOUND')
    }
    throw e
  }
}

export async function listCertificates(deps: Deps, s: SessionContext): Promise<CertificateSummary[]> {
  const { licenses } = await deps.upstream.licensesByHolder({ idType: s.idType, idNumber: s.idNumber })
  return licenses.map(toCertificateSummary)
}

export async function certificateDetail(deps: Deps, s: SessionContext, licenseId: string, audit: RequestAudit): Promise<CertificateDetail> {
  return toCertificateDetail(await ownLicense(deps, s, licenseId, 'certificate.view', audit))
}

/** 亮证: a short-lived signed code for a current certificate. */
export async function liveCode(deps: Deps, s: SessionContext, licenseId: string, audit: RequestAudit): Promise<LiveCode> {
  const l = await ownLicense(deps, s, licenseId, 'certificate.show', audit)
  if (l.status !== 'current') throw new AppError('CERTIFICATE_CANCELLED')
  const code = signedUrl(deps, l.licenseId, 'L')
  return { url: code.url, expiresAt: new Date(code.expiresAt! * 1000).toISOString(), validSeconds: LIVE_CODE_SECONDS }
}

/**
 * The certificate's file as the e-license library issues it — signed there, carrying the printed
 * (long-lived) verification code we sign — relayed as it comes: its bytes and media type (PDF from
 * the simulator, OFD in production). Holder-filtered by the library; audited.
 */
export async function certificateFile(deps: Deps, s: SessionContext, licenseId: string, audit: RequestAudit): Promise<UpstreamFile & { fileName: string }> {
  const action = 'certificate.download'
  try {
    const file = await deps.upstream.licenseFile(licenseId, { idType: s.idType, idNumber: s.idNumber }, signedUrl(deps, licenseId, 'C').url, deps.config.upstream.fileTimeoutMs)
    await audit({ action, target: licenseId, outcome: 'ok' })
    const ext = file.mediaType === 'application/ofd' ? 'ofd' : 'pdf'
    return { ...file, fileName: file.fileName ?? `${licenseId}.${ext}` }
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) {
      await audit({ action, target: licenseId, outcome: 'denied' })
      throw new AppError('CERTIFICATE_NOT_FOUND')
    }
    throw e
  }
}

const caCache = new WeakMap<Deps, { certificates: string[]; at: number }>()
/** How long the library's document-signing CA is kept before it is asked again. */
const CA_CACHE_MS = 10 * 60_000

/**
 * The trust anchor of the library's file signatures (for the published trust list): the CA
 * certificates the library names, cached 10 minutes; null while the library cannot be asked.
 */
export async function documentSigningTrust(deps: Deps): Promise<{ certificates: string[] } | null> {
  const hit = caCache.get(deps)
  const now = Date.now()
  if (hit && now - hit.at < CA_CACHE_MS) return { certificates: hit.certificates }
  try {
    const { certificates } = await deps.upstream.documentSigningCa()
    caCache.set(deps, { certificates, at: now })
    return { certificates }
  } catch (e) {
    if (hit) return { certificates: hit.certificates }
    deps.logger.warn('document-signing CA unavailable', { error: (e as Error).message })
    return null
  }
}

/** One verification of a certificate (the verifier is not known, nor recorded). */
export interface CertificateVerification {
  at: Date
  licenseId: string
  channel: 'api' | 'page' | 'app'
  outcome: string
}

/**
 * Verifications of these licenses older than `before`, newest first (for 我的查询记录): read from the
 * audit chain, where every check is written (certificates.verify.ts, certificates.verify-file.ts) as
 * action `certificate.verify.<channel>`, target `<电子证照标识> <verdict>` (index audit_log_verified_idx).
 */
export async function verificationsOf(deps: Deps, licenseIds: string[], before: Date, limit: number): Promise<CertificateVerification[]> {
  if (!licenseIds.length) return []
  const checked = sql<string>`split_part(${auditLog.target}, ' ', 1)`
  const rows = await deps.db
    .select({ at: auditLog.at, licenseId: checked, action: auditLog.action, verdict: sql<string>`split_part(${auditLog.target}, ' ', 2)` })
    .from(auditLog)
    // the same literal list as the partial index's predicate, so the planner can use it
    .where(and(sql`${auditLog.action} in ${sql.raw(VERIFY_ACTIONS_SQL)}`, inArray(checked, licenseIds), lt(auditLog.at, before)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
  return rows.map((r) => ({ at: r.at, licenseId: r.licenseId, channel: r.action.slice('certificate.verify.'.length) as CertificateVerification['channel'], outcome: r.verdict }))
}
