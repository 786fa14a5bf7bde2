/**
 * 上传证照文件核验: is this file the registry's original, unmodified — and is its license current?
 * The file is hashed here (SHA-256; its bytes go no further and are not kept) and the e-license
 * library, which records the hash of every file it issues, is asked about the hash
 * (POST /licenses/files/lookup). One changed byte → another hash → 「不是…原始文件，或已被修改」.
 * Format-neutral: the hash does not care whether the library issued PDF (simulator) or OFD.
 *
 * Public (no login), rate limited per client address (HMAC of it; the address is never stored),
 * size-limited (VERIFY_FILE_MAX_BYTES, app.ts), PDF only (415 otherwise). Each check is in the audit
 * chain like a code check on the page (`certificate.verify.page`, target `<电子证照标识> file_original`
 * or `file_unknown`; nothing about who checked), so the holder sees it in 我的查询记录.
 */
import crypto from 'node:crypto'
import type { FileVerification } from '@bdc/shared/certificates/api'
import { beijingIso } from '@bdc/shared/ids/normalize'
import type { Deps } from '../../env'
import { AppError } from '../../lib/errors'
import { hitRateLimit, rateLimitedError, type Limit } from '../../lib/rate-limit'
import { toCertificateSummary, toVerifiedCertificate } from '../../upstream/mapping/licenses'
import { audit } from '../../lib/audit'

/** The upload's path (app.ts gives it its own body limit, VERIFY_FILE_MAX_BYTES). */
export const VERIFY_FILE_PATH = '/api/certificates/verify-file'

/** Per client address: fewer than code checks (each one hashes up to 2 MB and asks the library). */
export const VERIFY_FILE_LIMIT: Limit = { windowMs: 60_000, max: 20 }

export const FILE_ORIGINAL_TITLE = '这是登记机构出具的原始文件，未被修改'
export const FILE_UNKNOWN_TITLE = '不是登记机构出具的原始文件，或已被修改'

const isPdf = (bytes: Uint8Array) => bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-'

/** Refuses over-limit callers before anything is read (RATE_LIMITED with Retry-After). */
export async function admitFileCheck(deps: Deps, clientIp: string): Promise<void> {
  const r = await hitRateLimit(deps, `verify-file:${deps.cipher.blindIndex('ip:' + clientIp)}`, [VERIFY_FILE_LIMIT])
  if (!r.allowed) throw rateLimitedError(r)
}

export async function verifyFile(deps: Deps, contentType: string | undefined, bytes: Uint8Array, requestId: string | null = null): Promise<FileVerification> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/pdf' || !isPdf(bytes)) throw new AppError('VERIFY_FILE_NOT_PDF')
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex')
  const answer = await deps.upstream.licenseFileLookup(sha256)
  const at = deps.now()
  const checkedAt = at.toISOString()
  if (!answer.issued || !answer.license) {
    await audit(deps.db, { action: 'certificate.verify.page', target: answer.issued && answer.licenseId ? `${answer.licenseId} file_unknown` : 'file_unknown', outcome: 'failed', requestId })
    return {
      original: false,
      title: FILE_UNKNOWN_TITLE,
      hint: '请勿受理。请持证人从「一窗办事」重新下载证照文件发给您，或扫描证书上的二维码核验。',
      sha256,
      checkedAt,
    }
  }
  const l = answer.license
  const summary = toCertificateSummary(l)
  await audit(deps.db, { action: 'certificate.verify.page', target: `${l.licenseId} file_original`, outcome: 'ok', requestId })
  const current = summary.status === 'current'
  return {
    original: true,
    title: FILE_ORIGINAL_TITLE,
    hint: current
      ? '证照现势有效。请核对文件上的证号、单元号与此处一致。'
      : `但该证照已${summary.status === 'superseded' ? '换发' : '注销'}${summary.cancelledAt ? `（注销时间 ${beijingIso(summary.cancelledAt).slice(0, 16).replace('T', ' ')}，北京时间）` : ''}，不再有效，请勿受理。`,
    sha256,
    checkedAt,
    issuedAt: answer.issuedAt,
    certificate: { ...toVerifiedCertificate(l), status: summary.status, statusLabel: current ? '现势' : summary.status === 'superseded' ? '已换发' : '已注销', cancelledAt: summary.cancelledAt },
  }
}
