/**
 * 我的证明 — 不动产登记资料查询结果证明 (有无房证明). The registry issues the proof and renders its
 * file (contract: province-contract/proofs); this BFF signs the verification code printed on it (the
 * certificate-code scheme, kind P, same keys and trust list), keeps the list (no names or ID numbers
 * in clear) and relays the file at each download (never stored).
 *
 * Who may ask: the citizen for themself; a company account (法人) for the company — the face check
 * is then its 法定代表人's (liveness); a delegate for the owner of a 'proof' grant (delegations).
 * A doubled tap (same requester, same request id) returns the same proof and spends no second use.
 */
import { createHash } from 'node:crypto'
import { and, desc, eq, or, sql } from 'drizzle-orm'
import { canonicalBytes, encodeToken } from '@bdc/shared/certificates/index'
import { maskName } from '@bdc/shared/mask'
import { PROOF_PURPOSE_LABELS, type ProofPurpose, type ProofSummary } from '@bdc/shared/proofs'
import type { HolderRef, UpstreamProof } from '@bdc/shared/province-contract'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { UpstreamRejection } from '../../upstream/client'
import { proofGrant } from '../delegations/delegations.index'
import { proofs } from './proofs.schema'

type ProofRow = typeof proofs.$inferSelect

/** Whom a proof is about. */
interface Subject {
  index: string
  idType: string
  idNumber: string
  name: string
  kind: 'person' | 'organization'
}

const STATE_LABELS: Record<ProofSummary['state'], string> = { valid: '有效', expired: '已过期', superseded: '已被新证明取代' }

function summary(deps: Deps, s: SessionContext, row: ProofRow, superseded: boolean): ProofSummary {
  const state = superseded ? 'superseded' : row.validUntil.getTime() <= deps.now().getTime() ? 'expired' : 'valid'
  return {
    proofNo: row.proofNo,
    purpose: { code: row.purpose as ProofPurpose, label: PROOF_PURPOSE_LABELS[row.purpose as ProofPurpose] ?? row.purpose },
    subject: maskName(deps.cipher.open(row.subjectNameSealed), row.subjectKind),
    forSelf: row.subjectIndex === row.requesterIndex,
    requestedBy: row.requesterIndex === s.actor ? '本人' : maskName(deps.cipher.open(row.requesterNameSealed)),
    unitCount: row.unitCount,
    issuedAt: row.issuedAt.toISOString(),
    validUntil: row.validUntil.toISOString(),
    state,
    stateLabel: STATE_LABELS[state],
  }
}

/** A newer proof of the same subject and purpose exists (among those issued through this BFF). */
const supersededSql = sql<boolean>`exists (select 1 from proofs q where q.subject_index = "proofs"."subject_index" and q.purpose = "proofs"."purpose" and q.issued_at > "proofs"."issued_at")`

async function byRequest(deps: Deps, requester: string, requestId: string): Promise<ProofRow | undefined> {
  const [row] = await deps.db
    .select()
    .from(proofs)
    .where(and(eq(proofs.requesterIndex, requester), eq(proofs.requestId, requestId)))
    .limit(1)
  return row
}

/** The signed URL printed as the proof's QR: `/v/1P/{proofNo}/{kid}/{exp}/{sig}`, exp = end of validity. */
function signedProofUrl(deps: Deps, p: UpstreamProof): string {
  const expiresAt = Math.floor(Date.parse(p.validUntil) / 1000)
  // Signed with the key that signs at the issue moment (the code's expiry minus its lifetime): the trust list's policy.
  const fields = { kind: 'P' as const, licenseId: '', proofNo: p.proofNo, keyId: deps.certificateKeys.activeKeyId(new Date(p.issuedAt)), expiresAt }
  const signature = deps.certificateKeys.sign(fields.keyId, canonicalBytes(fields))
  return `${deps.config.publicBaseUrl}/v/${encodeToken({ ...fields, signature })}`
}

/** The same request again (doubled tap): its proof, or 409 when the id was used for another request. */
function replay(row: ProofRow, subject: Subject, purpose: ProofPurpose): ProofRow {
  if (row.subjectIndex !== subject.index || row.purpose !== purpose) throw new AppError('PROOF_REQUEST_CONFLICT')
  return row
}

async function issue(deps: Deps, s: SessionContext, subject: Subject, grantId: string | null, purpose: ProofPurpose, requestId: string): Promise<ProofRow> {
  // The registry's idempotency key: one per requester and request id, never the bare id (not guessable across citizens).
  const key = createHash('sha256').update(deps.cipher.blindIndex(`proof-request:${s.actor}:${requestId}`)).digest('base64url')
  const holder = { idType: subject.idType, idNumber: subject.idNumber } as HolderRef
  let p: UpstreamProof
  try {
    p = await deps.upstream.proofIssue(holder, purpose, key)
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 409) throw new AppError('PROOF_REQUEST_CONFLICT')
    if (e instanceof UpstreamRejection && e.status === 404) throw new AppError('NOT_FOUND')
    throw e
  }
  const [inserted] = await deps.db
    .insert(proofs)
    .values({
      proofNo: p.proofNo,
      requesterIndex: s.actor,
      requesterNameSealed: deps.cipher.seal(s.name),
      requestId,
      subjectIndex: subject.index,
      subjectIdType: subject.idType,
      subjectIdSealed: deps.cipher.seal(subject.idNumber),
      subjectNameSealed: deps.cipher.seal(subject.name),
      subjectKind: subject.kind,
      grantId,
      purpose,
      unitCount: p.units.length,
      issuedAt: new Date(p.issuedAt),
      validUntil: new Date(p.validUntil),
      qrUrl: signedProofUrl(deps, p),
    })
    .onConflictDoNothing()
    .returning()
  // A concurrent doubled tap stored it first: the registry answered both with the same proof.
  return inserted ?? replay((await byRequest(deps, s.actor, requestId))!, subject, purpose)
}

const selfSubject = (s: SessionContext): Subject => ({ index: s.actor, idType: s.idType, idNumber: s.idNumber, name: s.name, kind: s.holderKind })

/** A proof for oneself (a company account: for the company). */
export async function requestOwnProof(deps: Deps, s: SessionContext, purpose: ProofPurpose, requestId: string, audit: RequestAudit): Promise<ProofSummary> {
  const subject = selfSubject(s)
  let row: ProofRow
  try {
    const again = await byRequest(deps, s.actor, requestId)
    row = again ? replay(again, subject, purpose) : await issue(deps, s, subject, null, purpose, requestId)
  } catch (e) {
    await audit({ action: 'proof.issue', target: null, outcome: e instanceof AppError && e.status < 500 ? 'denied' : 'failed' })
    throw e
  }
  await audit({ action: 'proof.issue', target: row.proofNo, outcome: 'ok' })
  return summary(deps, s, row, false)
}

/** A delegate's proof in the owner's name, through a 'proof' grant (one use per proof; a doubled tap spends none). */
export async function requestDelegatedProof(
  deps: Deps,
  s: SessionContext,
  token: string,
  purpose: ProofPurpose,
  requestId: string,
  audit: RequestAudit,
): Promise<ProofSummary> {
  const again = await byRequest(deps, s.actor, requestId)
  if (again) {
    if (again.grantId === null || again.purpose !== purpose) throw new AppError('PROOF_REQUEST_CONFLICT')
    return summary(deps, s, again, false)
  }
  const grant = await proofGrant(deps, s, token, audit)
  const subject: Subject = { index: grant.ownerIndex, ...grant.owner }
  let row: ProofRow
  try {
    row = await issue(deps, s, subject, grant.grantId, purpose, requestId)
  } catch (e) {
    await grant.refund()
    throw e
  }
  await grant.done(`开具查询结果证明（用途：${PROOF_PURPOSE_LABELS[purpose]}；证明编号 ${row.proofNo}）`)
  await audit({ action: 'proof.issue', target: row.proofNo, outcome: 'ok' })
  return summary(deps, s, row, false)
}

/** 我的证明: proofs the citizen asked for, and those others asked for in their name, newest first. */
export async function listProofs(deps: Deps, s: SessionContext): Promise<ProofSummary[]> {
  const rows = await deps.db
    .select({ row: proofs, superseded: supersededSql })
    .from(proofs)
    .where(or(eq(proofs.requesterIndex, s.actor), eq(proofs.subjectIndex, s.actor)))
    .orderBy(desc(proofs.issuedAt), desc(proofs.proofNo))
    .limit(200)
  return rows.map((r) => summary(deps, s, r.row, Boolean(r.superseded)))
}

/** The proof's file, rendered and signed by the registry at each download and relayed as it comes. */
export async function proofFile(deps: Deps, s: SessionContext, proofNo: string, audit: RequestAudit): Promise<{ bytes: Uint8Array; mediaType: string; fileName: string }> {
  const [row] = await deps.db
    .select()
    .from(proofs)
    .where(and(eq(proofs.proofNo, proofNo), or(eq(proofs.requesterIndex, s.actor), eq(proofs.subjectIndex, s.actor))))
    .limit(1)
  if (!row) {
    await audit({ action: 'proof.download', target: proofNo, outcome: 'denied' })
    throw new AppError('PROOF_NOT_FOUND')
  }
  const holder = { idType: row.subjectIdType, idNumber: deps.cipher.open(row.subjectIdSealed) } as HolderRef
  let file
  try {
    file = await deps.upstream.proofFile(row.proofNo, holder, row.qrUrl, deps.config.upstream.fileTimeoutMs)
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) {
      await audit({ action: 'proof.download', target: proofNo, outcome: 'denied' })
      throw new AppError('PROOF_NOT_FOUND')
    }
    throw e
  }
  await audit({ action: 'proof.download', target: proofNo, outcome: 'ok' })
  return { bytes: file.bytes, mediaType: file.mediaType, fileName: file.fileName ?? `不动产登记资料查询结果证明-${row.proofNo}.pdf` }
}

/** A proof issued in the citizen's name (by themself or a delegate), for 我的查询记录. */
export interface ProofIssued {
  at: Date
  proofNo: string
  purposeLabel: string
  unitCount: number
  /** '本人', or the delegate's masked name */
  by: string
}

/** Proofs issued in the name of `subjectIndex` before `before`, newest first. */
export async function proofsAbout(deps: Deps, subjectIndex: string, before: Date, limit: number): Promise<ProofIssued[]> {
  const rows = await deps.db
    .select()
    .from(proofs)
    .where(and(eq(proofs.subjectIndex, subjectIndex), sql`${proofs.issuedAt} < ${before.toISOString()}`))
    .orderBy(desc(proofs.issuedAt), desc(proofs.proofNo))
    .limit(limit)
  return rows.map((r) => ({
    at: r.issuedAt,
    proofNo: r.proofNo,
    purposeLabel: PROOF_PURPOSE_LABELS[r.purpose as ProofPurpose] ?? r.purpose,
    unitCount: r.unitCount,
    by: r.requesterIndex === subjectIndex ? '本人' : maskName(deps.cipher.open(r.requesterNameSealed)),
  }))
}
