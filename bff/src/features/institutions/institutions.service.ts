/**
 * Institution channel (issue 13 §6). Banks and 公积金 centres are registered institutions with a
 * client id and secret; each of their requests is signed (institutions.signing.ts) and checked here:
 * signature, clock skew (≤ 5 min), nonce never seen (the database's primary key decides, so two
 * instances cannot both accept one), then the institution's quota (token buckets, lib/rate-limit).
 *
 * A holder consents in the app — to one institution, for one purpose, one certificate, a period;
 * revocable. With a live consent the institution may ask whether an ID number is a holder of the
 * certificate (yes/no) and get its restriction flags; without, it gets the public masked
 * verification only. Holder and restriction facts come from the registry through the provincial
 * contract at every call. Every call is audited and kept for the holders' 我的查询记录.
 */
import crypto from 'node:crypto'
import { and, count, desc, eq, gt, inArray, isNull, lt } from 'drizzle-orm'
import { STATUS_TEXT, verifyOffline, type VerificationStatus } from '@bdc/shared/certificates/index'
import type { Verification } from '@bdc/shared/certificates/api'
import { usccCheckChar, validateUscc } from '@bdc/shared/ids/index'
import {
  CONSENT_PURPOSE_LABELS,
  INSTITUTION_MAX_SKEW_SECONDS,
  type Consent,
  type ConsentPurpose,
  type ConsentState,
  type CreateConsentBody,
  type HolderCheck,
  type Institution,
} from '@bdc/shared/institutions'
import type { UpstreamLicense, UpstreamUnitDetail } from '@bdc/shared/province-contract'
import type { Db } from '../../db/connect'
import type { AppSchema } from '../../db/schema'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { hitRateLimit, rateLimitHeaders, type RateLimitResult } from '../../lib/rate-limit'
import { equalDigests, type FieldCipher } from '../../security/crypto'
import { UpstreamRejection } from '../../upstream/client'
import { toVerifiedCertificate } from '../../upstream/mapping/licenses'
import { holdsUnit } from '../../upstream/mapping/registry'
import { listCertificates } from '../certificates/certificates.service'
import { institutionCalls, institutionConsents, institutionNonces, institutions } from './institutions.schema'
import { hmacSm3, NONCE_PATTERN, SIGNATURE_PATTERN, sm3Of, stringToSign, TIMESTAMP_PATTERN } from './institutions.signing'

export type InstitutionRow = typeof institutions.$inferSelect
type ConsentRow = typeof institutionConsents.$inferSelect

// ---------------------------------------------------------------- registration

export interface RegisterInput {
  code: string
  name: string
  perMinute: number
  perDay: number
  /** Default: derived from the code. */
  clientId?: string
  /** Default: 256 random bits. */
  secret?: string
}

/** Registers an institution (or, for an existing code, replaces its name, quota and credentials); the secret is returned once. */
export async function registerInstitution(db: Db<AppSchema>, cipher: FieldCipher, input: RegisterInput, now = new Date()): Promise<{ id: string; clientId: string; secret: string }> {
  const code = validateUscc(input.code)
  if (!code.ok) throw new AppError('VALIDATION_FAILED', [{ path: 'code', message: code.error }])
  const name = input.name.trim()
  if (name.length < 2 || name.length > 100) throw new AppError('VALIDATION_FAILED', [{ path: 'name', message: '机构名称应为 2–100 个字' }])
  if (!(Number.isInteger(input.perMinute) && input.perMinute >= 1 && Number.isInteger(input.perDay) && input.perDay >= input.perMinute)) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'quota', message: '配额须为正整数，且每日配额不小于每分钟配额' }])
  }
  const clientId = input.clientId ?? `inst-${code.value.toLowerCase()}`
  if (!/^[a-z0-9][a-z0-9_-]{2,63}$/.test(clientId)) throw new AppError('VALIDATION_FAILED', [{ path: 'clientId', message: '客户端编号只能含小写字母、数字、- 和 _（3–64 位）' }])
  const secret = input.secret ?? crypto.randomBytes(32).toString('base64url')
  if (secret.length < 32) throw new AppError('VALIDATION_FAILED', [{ path: 'secret', message: '密钥至少 32 个字符' }])
  const values = { code: code.value, name, clientId, secretSealed: cipher.seal(secret), perMinute: input.perMinute, perDay: input.perDay, createdAt: now }
  const [row] = await db
    .insert(institutions)
    .values(values)
    .onConflictDoUpdate({
      target: institutions.code,
      set: { name, clientId, secretSealed: values.secretSealed, perMinute: input.perMinute, perDay: input.perDay, disabledAt: null },
    })
    .returning({ id: institutions.id })
  return { id: row!.id, clientId, secret }
}

const uscc = (first17: string) => first17 + usccCheckChar(first17)

/** Demo institutions of the simulator mode (fictitious names and codes); their shared secret lives in DATA_DIR. */
export const DEMO_INSTITUTIONS = [
  { clientId: 'demo-bank', code: uscc('91510100MA6DEM01B'), name: '天府示范银行股份有限公司成都分行（演示）', perMinute: 600, perDay: 100_000 },
  { clientId: 'demo-hpf', code: uscc('12510100MB0DEM02H'), name: '成都住房公积金管理中心（演示）', perMinute: 600, perDay: 100_000 },
] as const

export async function seedDemoInstitutions(db: Db<AppSchema>, cipher: FieldCipher, secret: string): Promise<void> {
  for (const d of DEMO_INSTITUTIONS) {
    const [existing] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.code, d.code)).limit(1)
    if (!existing) await registerInstitution(db, cipher, { ...d, secret }).catch(() => undefined) // another instance seeded it at once
  }
}

export async function listInstitutions(deps: Deps): Promise<Institution[]> {
  const rows = await deps.db
    .select({ id: institutions.id, name: institutions.name, code: institutions.code })
    .from(institutions)
    .where(isNull(institutions.disabledAt))
    .orderBy(institutions.name)
    .limit(500)
  return rows
}

// ---------------------------------------------------------------- consents (the citizen's side)

export function consentState(c: Pick<ConsentRow, 'revokedAt' | 'expiresAt'>, now: Date): ConsentState {
  if (c.revokedAt) return 'revoked'
  return now.getTime() >= c.expiresAt.getTime() ? 'expired' : 'active'
}

async function consentsOut(deps: Deps, rows: ConsentRow[]): Promise<Consent[]> {
  if (!rows.length) return []
  const ids = rows.map((r) => r.id)
  const insts = await deps.db
    .select({ id: institutions.id, name: institutions.name, code: institutions.code })
    .from(institutions)
    .where(inArray(institutions.id, [...new Set(rows.map((r) => r.institutionId))]))
  const calls = await deps.db
    .select({ consentId: institutionCalls.consentId, n: count() })
    .from(institutionCalls)
    .where(inArray(institutionCalls.consentId, ids))
    .groupBy(institutionCalls.consentId)
  const now = deps.now()
  return rows.map((r) => ({
    id: r.id,
    institution: insts.find((i) => i.id === r.institutionId)!,
    purpose: r.purpose,
    purposeLabel: CONSENT_PURPOSE_LABELS[r.purpose],
    licenseId: r.licenseId,
    certificateNo: r.certificateNo,
    location: r.location,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    state: consentState(r, now),
    calls: calls.find((c) => c.consentId === r.id)?.n ?? 0,
  }))
}

export async function createConsent(deps: Deps, s: SessionContext, body: CreateConsentBody, audit: RequestAudit): Promise<Consent> {
  const [inst] = await deps.db
    .select()
    .from(institutions)
    .where(and(eq(institutions.id, body.institutionId), isNull(institutions.disabledAt)))
    .limit(1)
  if (!inst) throw new AppError('INSTITUTION_NOT_FOUND')
  // The certificate must be the citizen's own, current 不动产权证书 (asked of the e-license library).
  const certificate = (await listCertificates(deps, s)).find((c) => c.licenseId === body.licenseId)
  if (!certificate) throw new AppError('CERTIFICATE_NOT_FOUND')
  if (certificate.kind !== 'right_certificate') throw new AppError('VALIDATION_FAILED', [{ path: 'licenseId', message: '只能为不动产权证书授权机构核验' }])
  if (certificate.status !== 'current') throw new AppError('CERTIFICATE_CANCELLED')
  const now = deps.now()
  const [row] = await deps.db
    .insert(institutionConsents)
    .values({
      institutionId: inst.id,
      ownerIndex: s.actor,
      ownerIdSealed: deps.cipher.seal(s.idNumber),
      licenseId: certificate.licenseId,
      unitCode: certificate.unitCode,
      certificateNo: certificate.certificateNo,
      location: certificate.location,
      purpose: body.purpose,
      createdAt: now,
      expiresAt: new Date(now.getTime() + body.validDays * 86_400_000),
    })
    .returning()
  await audit({ action: 'institution-consent.create', target: row!.id, outcome: 'ok' })
  return (await consentsOut(deps, [row!]))[0]!
}

export async function listConsents(deps: Deps, s: SessionContext): Promise<Consent[]> {
  const rows = await deps.db.select().from(institutionConsents).where(eq(institutionConsents.ownerIndex, s.actor)).orderBy(desc(institutionConsents.createdAt)).limit(200)
  return consentsOut(deps, rows)
}

/** Revokes at once; revoking again changes nothing. */
export async function revokeConsent(deps: Deps, s: SessionContext, id: string, audit: RequestAudit): Promise<Consent> {
  await deps.db
    .update(institutionConsents)
    .set({ revokedAt: deps.now() })
    .where(and(eq(institutionConsents.id, id), eq(institutionConsents.ownerIndex, s.actor), isNull(institutionConsents.revokedAt)))
  const [row] = await deps.db
    .select()
    .from(institutionConsents)
    .where(and(eq(institutionConsents.id, id), eq(institutionConsents.ownerIndex, s.actor)))
    .limit(1)
  if (!row) throw new AppError('CONSENT_NOT_FOUND')
  await audit({ action: 'institution-consent.revoke', target: id, outcome: 'ok' })
  return (await consentsOut(deps, [row]))[0]!
}

// ---------------------------------------------------------------- the signed channel

export interface SignedRequest {
  method: string
  path: string
  headers: { client?: string; timestamp?: string; nonce?: string; signature?: string }
  body: Uint8Array
}

/** Refusal of a signed request, with the institution when the client id named one (for the audit). */
export class ChannelRefusal extends AppError {
  constructor(
    code: ConstructorParameters<typeof AppError>[0],
    readonly institution: InstitutionRow | null,
    headers?: Record<string, string>,
  ) {
    super(code, undefined, headers ? { headers } : undefined)
  }
}

export const institutionLimits = (i: Pick<InstitutionRow, 'perMinute' | 'perDay'>) => [
  { windowMs: 60_000, max: i.perMinute },
  { windowMs: 86_400_000, max: i.perDay },
]

/**
 * Checks a signed request: client, signature, skew, nonce (recorded), quota (counted). Returns the
 * institution and its quota state; throws ChannelRefusal. The nonce is recorded only once the
 * signature holds, and the quota counted only once the request is fresh.
 */
export async function authenticate(deps: Deps, r: SignedRequest): Promise<{ institution: InstitutionRow; quota: RateLimitResult }> {
  const { client, timestamp, nonce, signature } = r.headers
  if (!client || !timestamp || !nonce || !signature || client.length > 64 || !TIMESTAMP_PATTERN.test(timestamp) || !NONCE_PATTERN.test(nonce) || !SIGNATURE_PATTERN.test(signature)) {
    throw new ChannelRefusal('INSTITUTION_AUTH_MISSING', null)
  }
  const [inst] = await deps.db
    .select()
    .from(institutions)
    .where(and(eq(institutions.clientId, client), isNull(institutions.disabledAt)))
    .limit(1)
  if (!inst) throw new ChannelRefusal('INSTITUTION_UNKNOWN', null)
  const expected = hmacSm3(deps.cipher.open(inst.secretSealed), stringToSign({ method: r.method, path: r.path, timestamp, nonce, bodyHash: sm3Of(r.body) }))
  if (!equalDigests(expected, signature.toLowerCase())) throw new ChannelRefusal('INSTITUTION_SIGNATURE_INVALID', inst)
  const now = deps.now().getTime()
  const sentMs = Number(timestamp) * 1000
  if (Math.abs(now - sentMs) > INSTITUTION_MAX_SKEW_SECONDS * 1000) throw new ChannelRefusal('INSTITUTION_CLOCK_SKEW', inst)
  // Kept until the timestamp can no longer pass; a row past that may be taken over (one statement, no read first).
  const keepUntil = new Date(Math.max(now, sentMs) + INSTITUTION_MAX_SKEW_SECONDS * 1000 + 60_000)
  const fresh = await deps.db
    .insert(institutionNonces)
    .values({ institutionId: inst.id, nonce, expiresAt: keepUntil })
    .onConflictDoUpdate({
      target: [institutionNonces.institutionId, institutionNonces.nonce],
      set: { expiresAt: keepUntil },
      setWhere: lt(institutionNonces.expiresAt, new Date(now)),
    })
    .returning({ nonce: institutionNonces.nonce })
  if (!fresh.length) throw new ChannelRefusal('INSTITUTION_REPLAY', inst)
  const quota = await hitRateLimit(deps, `inst:${inst.id}`, institutionLimits(inst))
  if (!quota.allowed) throw new ChannelRefusal('INSTITUTION_QUOTA_EXCEEDED', inst, rateLimitHeaders(quota))
  return { institution: inst, quota }
}

/**
 * The public masked answer, as the verify page gives it, asking the e-license library for the status
 * now. `alongside` (given the code's license id once its signature holds) runs at the same time as
 * the library call; its result comes back with the answer (null when the code never got that far).
 */
async function publicVerification<T>(
  deps: Deps,
  code: string,
  alongside: (licenseId: string) => Promise<T>,
): Promise<{ verification: Verification; license: UpstreamLicense | null; extra: T | null }> {
  const nowMs = deps.now().getTime()
  const offline = verifyOffline(code, deps.certificateKeys.trustList, nowMs, deps.certificateKeys.check)
  const checkedAt = new Date(nowMs).toISOString()
  const answer = (status: VerificationStatus, extra: Partial<Verification> = {}): Verification => ({
    status,
    title: STATUS_TEXT[status].title,
    hint: STATUS_TEXT[status].hint,
    checkedAt,
    ...extra,
  })
  if (offline.status === 'malformed') return { verification: answer('malformed', { reason: offline.reason }), license: null, extra: null }
  const token = offline.token
  const meta = { codeKind: token.kind === 'L' ? ('live' as const) : ('printed' as const), ...(token.expiresAt ? { expiresAt: new Date(token.expiresAt * 1000).toISOString() } : {}) }
  if (offline.status !== 'signature_ok') return { verification: answer(offline.status, meta), license: null, extra: null }
  const [{ licenses }, extra] = await Promise.all([deps.upstream.licenseStatuses([token.licenseId]), alongside(token.licenseId)])
  const license = licenses.find((l) => l.licenseId === token.licenseId)
  if (!license) return { verification: answer('malformed', { ...meta, reason: '电子证照库中没有该证照' }), license: null, extra }
  const status: VerificationStatus = license.status === 'current' ? 'valid' : license.cancelReason === 'superseded' ? 'superseded' : 'cancelled'
  return { verification: answer(status, { ...meta, certificate: toVerifiedCertificate(license) }), license, extra }
}

async function unitOrNull(deps: Deps, unitCode: string): Promise<UpstreamUnitDetail | null> {
  try {
    return await deps.upstream.unitLookup(unitCode)
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) return null
    throw e
  }
}

/** Live consents to `inst` for `licenseId`, newest first, with the registry's unit they name (read at once). */
async function liveConsents(deps: Deps, inst: InstitutionRow, licenseId: string, now: Date): Promise<{ rows: ConsentRow[]; unit: UpstreamUnitDetail | null }> {
  const rows = await deps.db
    .select()
    .from(institutionConsents)
    .where(
      and(
        eq(institutionConsents.institutionId, inst.id),
        eq(institutionConsents.licenseId, licenseId),
        isNull(institutionConsents.revokedAt),
        gt(institutionConsents.expiresAt, now),
      ),
    )
    .orderBy(desc(institutionConsents.createdAt))
    .limit(10)
  return { rows, unit: rows.length ? await unitOrNull(deps, rows[0]!.unitCode) : null }
}

/**
 * Is `idNumber` a holder of the certificate behind `code`, and what restricts it? Answered only
 * under a live consent of a current holder to this institution for this certificate; otherwise the
 * public masked verification alone. The consents and the registry's unit are read while the library
 * is asked for the certificate's status.
 */
export async function holderCheck(deps: Deps, inst: InstitutionRow, body: { code: string; idNumber: string }, audit: RequestAudit): Promise<HolderCheck> {
  const now = deps.now()
  const { verification, license, extra } = await publicVerification(deps, body.code, (licenseId) => liveConsents(deps, inst, licenseId, now))
  let consent: { row: ConsentRow; unit: UpstreamUnitDetail } | null = null
  const unit = extra?.unit
  // The registry decides who holds the unit now: a consent of someone who no longer does counts for nothing.
  if (license && verification.status === 'valid' && unit && unit.bdcdyh === license.bdcdyh) {
    const row = extra.rows.find((c) => c.unitCode === unit.bdcdyh && holdsUnit(unit, deps.cipher.open(c.ownerIdSealed)))
    if (row) consent = { row, unit }
  }
  await Promise.all([
    deps.db.insert(institutionCalls).values({
      at: now,
      institutionId: inst.id,
      licenseId: license?.licenseId ?? null,
      consentId: consent?.row.id ?? null,
      purpose: consent?.row.purpose ?? null,
      answer: consent ? 'consented' : 'masked',
    }),
    audit({ action: consent ? 'institution.holder-check' : 'institution.verify', target: license?.licenseId ?? null, outcome: 'ok' }),
  ])
  const types = new Set(consent?.unit.xz.map((x) => x.xzlx) ?? [])
  return {
    verification,
    consented: consent !== null,
    consent: consent
      ? { purpose: consent.row.purpose, purposeLabel: CONSENT_PURPOSE_LABELS[consent.row.purpose as ConsentPurpose], expiresAt: consent.row.expiresAt.toISOString() }
      : null,
    holder: consent ? holdsUnit(consent.unit, body.idNumber) : null,
    restrictions: consent
      ? { mortgage: types.has('mortgage'), sealed: types.has('seal') || types.has('waiting_seal'), objection: types.has('objection'), advanceNotice: types.has('advance_notice') }
      : null,
    answeredAt: now.toISOString(),
  }
}

// ---------------------------------------------------------------- for 我的查询记录

export interface InstitutionCallRecord {
  at: Date
  licenseId: string
  institution: string
  purpose: string | null
  consented: boolean
}

/** Institutional calls about the given certificates, older than `before`, newest first. */
export async function institutionCallsOn(deps: Deps, licenseIds: string[], before: Date, limit: number): Promise<InstitutionCallRecord[]> {
  if (!licenseIds.length) return []
  const rows = await deps.db
    .select({ at: institutionCalls.at, licenseId: institutionCalls.licenseId, name: institutions.name, purpose: institutionCalls.purpose, answer: institutionCalls.answer })
    .from(institutionCalls)
    .innerJoin(institutions, eq(institutions.id, institutionCalls.institutionId))
    .where(and(inArray(institutionCalls.licenseId, licenseIds), lt(institutionCalls.at, before)))
    .orderBy(desc(institutionCalls.at), desc(institutionCalls.id))
    .limit(limit)
  return rows.map((r) => ({
    at: r.at,
    licenseId: r.licenseId!,
    institution: r.name,
    purpose: r.purpose ? (CONSENT_PURPOSE_LABELS[r.purpose as ConsentPurpose] ?? null) : null,
    consented: r.answer === 'consented',
  }))
}

