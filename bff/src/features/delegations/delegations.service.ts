/**
 * Delegated query (授权他人查询): issuing, listing and revoking grants, and opening one as the
 * delegate. Identity binding comes first (someone else learns nothing, not even the grant's state);
 * provincial data is read outside any transaction, then the use is counted atomically.
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm'
import QRCode from 'qrcode'
import type { CertificateDetail } from '@bdc/shared/certificates/api'
import {
  GRANT_SCOPE_LABELS,
  type CreatedGrant,
  type DelegatedView,
  type GrantDetail,
  type GrantScope,
  type GrantState,
  type GrantSummary,
} from '@bdc/shared/delegations'
import { validateIdNumber } from '@bdc/shared/ids/index'
import { beijingIso } from '@bdc/shared/ids/normalize'
import { maskIdNumber, maskName } from '@bdc/shared/mask'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { hashToken, newToken } from '../../security/crypto'
import { UpstreamRejection } from '../../upstream/client'
import type { UpstreamUnitDetail } from '@bdc/shared/province-contract'
import { currentRightCertificates } from '../../upstream/mapping/licenses'
import { holderRefIn, holdsUnit, toDelegatedUnit, unitFacts } from '../../upstream/mapping/registry'
import { grantAccesses, grants, grantUnits } from './delegations.schema'

type GrantRow = typeof grants.$inferSelect
type Outcome = (typeof grantAccesses.$inferInsert)['outcome']

/** The mini-program page a delegate opens (subpackage pages/delegations). */
export const DELEGATE_PAGE = 'pages/delegations/view'

export function grantState(g: Pick<GrantRow, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>, now: Date): GrantState {
  if (g.revokedAt) return 'revoked'
  if (now.getTime() >= g.expiresAt.getTime()) return 'expired'
  if (g.maxUses !== null && g.uses >= g.maxUses) return 'used_up'
  return 'active'
}

const REFUSAL: Record<Exclude<GrantState, 'active'>, 'DELEGATION_EXPIRED' | 'DELEGATION_REVOKED' | 'DELEGATION_USED_UP'> = {
  expired: 'DELEGATION_EXPIRED',
  revoked: 'DELEGATION_REVOKED',
  used_up: 'DELEGATION_USED_UP',
}

/** 「本查询由权利人授权，有效期至 2026年11月28日 09:00」 in Beijing time. */
export function bannerText(expiresAt: Date): string {
  const [, y, m, d, hm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(beijingIso(expiresAt))!
  return `本查询由权利人授权，有效期至 ${y}年${Number(m)}月${Number(d)}日 ${hm}`
}

async function summaries(deps: Deps, rows: GrantRow[]): Promise<GrantSummary[]> {
  if (!rows.length) return []
  const ids = rows.map((r) => r.id)
  const units = await deps.db.select().from(grantUnits).where(inArray(grantUnits.grantId, ids)).orderBy(asc(grantUnits.ord))
  const refused = await deps.db
    .select({ grantId: grantAccesses.grantId, n: count() })
    .from(grantAccesses)
    .where(and(inArray(grantAccesses.grantId, ids), ne(grantAccesses.outcome, 'ok')))
    .groupBy(grantAccesses.grantId)
  const now = deps.now()
  return rows.map((g) => ({
    id: g.id,
    delegateName: maskName(deps.cipher.open(g.delegateNameSealed)),
    delegateIdNumber: maskIdNumber(deps.cipher.open(g.delegateIdSealed)),
    scope: g.scope,
    units: units.filter((u) => u.grantId === g.id).map((u) => ({ unitCode: u.unitCode, location: u.location })),
    createdAt: g.createdAt.toISOString(),
    expiresAt: g.expiresAt.toISOString(),
    maxUses: g.maxUses,
    uses: g.uses,
    revokedAt: g.revokedAt?.toISOString() ?? null,
    state: grantState(g, now),
    refusedAttempts: refused.find((r) => r.grantId === g.id)?.n ?? 0,
  }))
}

async function summaryOf(deps: Deps, row: GrantRow): Promise<GrantSummary> {
  const [summary] = await summaries(deps, [row])
  return summary!
}

async function ownGrant(deps: Deps, s: SessionContext, id: string): Promise<GrantRow> {
  const [g] = await deps.db
    .select()
    .from(grants)
    .where(and(eq(grants.id, id), eq(grants.ownerIndex, s.actor)))
    .limit(1)
  if (!g) throw new AppError('GRANT_NOT_FOUND')
  return g
}

async function recordAccess(deps: Deps, g: GrantRow, s: SessionContext, outcome: Outcome, seen = '') {
  await deps.db.insert(grantAccesses).values({
    grantId: g.id,
    at: deps.now(),
    viewerIndex: s.actor,
    viewerNameSealed: deps.cipher.seal(s.name),
    viewerIdSealed: deps.cipher.seal(s.idNumber),
    outcome,
    seen,
  })
}

export interface GrantRequest {
  unitCodes: string[]
  delegateName: string
  delegateIdNumber: string
  scope: GrantScope
  validHours: number
  maxUses?: number | null
}

export async function createGrant(deps: Deps, s: SessionContext, body: GrantRequest, audit: RequestAudit): Promise<CreatedGrant> {
  const delegate = validateIdNumber(body.delegateIdNumber)
  if (!delegate.ok) throw new AppError('VALIDATION_FAILED', [{ path: 'delegateIdNumber', message: delegate.error }])
  const delegateId = delegate.value.idNumber
  if (deps.cipher.blindIndex(delegateId) === s.actor) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'delegateIdNumber', message: '不能授权给本人' }])
  }
  // A 'proof' grant covers the owner's whole holdings (the registry states them at issue): no units.
  const unitCodes = body.scope === 'proof' ? [] : [...new Set(body.unitCodes)]
  // Ownership is checked at the provincial registry (holder-filtered) before anything is stored.
  const located: { unitCode: string; location: string }[] = []
  for (const unitCode of unitCodes) {
    try {
      const u = await deps.upstream.unitDetail(unitCode, { idType: s.idType, idNumber: s.idNumber })
      if (!holdsUnit(u, s.idNumber)) throw new AppError('PROPERTY_NOT_FOUND')
      located.push({ unitCode, location: unitFacts(u).location })
    } catch (e) {
      if (e instanceof UpstreamRejection && e.status === 404) throw new AppError('PROPERTY_NOT_FOUND')
      throw e
    }
  }
  const token = newToken()
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + body.validHours * 3_600_000)
  const row = await deps.db.transaction(async (tx) => {
    const [g] = await tx
      .insert(grants)
      .values({
        tokenHash: hashToken(token),
        ownerIndex: s.actor,
        ownerIdType: s.idType,
        ownerIdSealed: deps.cipher.seal(s.idNumber),
        ownerNameSealed: deps.cipher.seal(s.name),
        ownerKind: s.holderKind,
        delegateNameSealed: deps.cipher.seal(body.delegateName.trim()),
        delegateIdSealed: deps.cipher.seal(delegateId),
        delegateIndex: deps.cipher.blindIndex(delegateId),
        scope: body.scope,
        createdAt: now,
        expiresAt,
        maxUses: body.maxUses ?? null,
      })
      .returning()
    if (located.length) await tx.insert(grantUnits).values(located.map((u, ord) => ({ grantId: g!.id, unitCode: u.unitCode, location: u.location, ord })))
    return g!
  })
  await audit({ action: 'delegation.create', target: row.id, outcome: 'ok' })
  // The token rides in the query string of the page only; the app moves it out of the URL at once.
  const link = `${deps.config.publicBaseUrl}/${DELEGATE_PAGE}?t=${token}`
  const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return { grant: await summaryOf(deps, row), token, link, miniProgramPath: `${DELEGATE_PAGE}?t=${token}`, qrSvg }
}

export async function listGrants(deps: Deps, s: SessionContext): Promise<GrantSummary[]> {
  const rows = await deps.db.select().from(grants).where(eq(grants.ownerIndex, s.actor)).orderBy(desc(grants.createdAt)).limit(200)
  return summaries(deps, rows)
}

export async function grantDetail(deps: Deps, s: SessionContext, id: string): Promise<GrantDetail> {
  const g = await ownGrant(deps, s, id)
  const summary = await summaryOf(deps, g)
  const accesses = await deps.db
    .select()
    .from(grantAccesses)
    .where(eq(grantAccesses.grantId, g.id))
    .orderBy(desc(grantAccesses.at), desc(grantAccesses.id))
    .limit(500)
  return {
    ...summary,
    accesses: accesses.map((a) => ({
      at: a.at.toISOString(),
      who: `${maskName(deps.cipher.open(a.viewerNameSealed))}（${maskIdNumber(deps.cipher.open(a.viewerIdSealed))}）`,
      outcome: a.outcome,
      seen: a.seen,
    })),
  }
}

/** Revokes at once; revoking again changes nothing. */
export async function revokeGrant(deps: Deps, s: SessionContext, id: string, audit: RequestAudit): Promise<GrantSummary> {
  await deps.db
    .update(grants)
    .set({ revokedAt: deps.now() })
    .where(and(eq(grants.id, id), eq(grants.ownerIndex, s.actor), isNull(grants.revokedAt)))
  const g = await ownGrant(deps, s, id)
  await audit({ action: 'delegation.revoke', target: id, outcome: 'ok' })
  return summaryOf(deps, g)
}

/**
 * The grant behind a share token, for its delegate only and while active: unknown → 404, someone
 * else → 403 (recorded; they learn nothing, not even the grant's state), expired/revoked/used up → 410.
 */
async function activeGrantFor(deps: Deps, s: SessionContext, token: string, action: string, audit: RequestAudit): Promise<GrantRow> {
  const [g] = await deps.db.select().from(grants).where(eq(grants.tokenHash, hashToken(token))).limit(1)
  const denied = (target: string | null) => audit({ action, target, outcome: 'denied' })
  if (!g) {
    await denied(null)
    throw new AppError('DELEGATION_UNKNOWN')
  }
  // Identity binding first: someone else learns nothing about the grant, not even its state.
  if (g.delegateIndex !== s.actor) {
    await recordAccess(deps, g, s, 'wrong_person')
    await denied(g.id)
    throw new AppError('DELEGATION_WRONG_PERSON')
  }
  const before = grantState(g, deps.now())
  if (before !== 'active') {
    await recordAccess(deps, g, s, before)
    await denied(g.id)
    throw new AppError(REFUSAL[before])
  }
  return g
}

/** Counts one use of an active grant atomically; refused (410, recorded) when it ran out meanwhile. */
async function countUse(deps: Deps, g: GrantRow, s: SessionContext, action: string, audit: RequestAudit) {
  const now = deps.now()
  const [counted] = await deps.db
    .update(grants)
    .set({ uses: sql`${grants.uses} + 1` })
    .where(and(eq(grants.id, g.id), isNull(grants.revokedAt), gt(grants.expiresAt, now), or(isNull(grants.maxUses), lt(grants.uses, grants.maxUses))))
    .returning({ uses: grants.uses, maxUses: grants.maxUses })
  if (counted) return counted
  const [fresh] = await deps.db.select().from(grants).where(eq(grants.id, g.id)).limit(1)
  const state = fresh ? grantState(fresh, now) : 'revoked'
  const refusal = state === 'active' ? 'used_up' : state
  await recordAccess(deps, g, s, refusal)
  await audit({ action, target: g.id, outcome: 'denied' })
  throw new AppError(REFUSAL[refusal])
}

/** Whom a delegate may ask a 查询结果证明 for: the owner of a 'proof' grant. */
export interface ProofPrincipal {
  grantId: string
  ownerIndex: string
  owner: { idType: string; idNumber: string; name: string; kind: 'person' | 'organization' }
}

/**
 * A delegate asks for a 查询结果证明 in the owner's name through a grant: only its delegate, only
 * while active, only a 'proof' grant (any other scope → 403 DELEGATION_SCOPE_FORBIDDEN). Counts one
 * use before the registry is asked; `done` records what was issued, `refund` gives the use back if
 * the registry could not issue.
 */
export async function proofGrant(
  deps: Deps,
  s: SessionContext,
  token: string,
  audit: RequestAudit,
): Promise<ProofPrincipal & { done(seen: string): Promise<void>; refund(): Promise<void> }> {
  const action = 'delegation.proof'
  const g = await activeGrantFor(deps, s, token, action, audit)
  if (g.scope !== 'proof') {
    await audit({ action, target: g.id, outcome: 'denied' })
    throw new AppError('DELEGATION_SCOPE_FORBIDDEN')
  }
  await countUse(deps, g, s, action, audit)
  return {
    grantId: g.id,
    ownerIndex: g.ownerIndex,
    owner: { idType: g.ownerIdType, idNumber: deps.cipher.open(g.ownerIdSealed), name: deps.cipher.open(g.ownerNameSealed), kind: g.ownerKind },
    done: async (seen) => {
      await recordAccess(deps, g, s, 'ok', seen)
      await audit({ action, target: g.id, outcome: 'ok' })
    },
    refund: async () => {
      await deps.db
        .update(grants)
        .set({ uses: sql`greatest(${grants.uses} - 1, 0)` })
        .where(eq(grants.id, g.id))
    },
  }
}

/** The delegate opens a grant by its share token: only the named person, only within scope, validity and uses. */
export async function openDelegation(deps: Deps, s: SessionContext, token: string, audit: RequestAudit): Promise<DelegatedView> {
  const g = await activeGrantFor(deps, s, token, 'delegation.open', audit)
  if (g.scope === 'proof') {
    // Nothing of the owner's is shown: the page offers 申请查询结果证明; only a proof counts a use.
    await audit({ action: 'delegation.open', target: g.id, outcome: 'ok' })
    return {
      scope: g.scope,
      grantedBy: maskName(deps.cipher.open(g.ownerNameSealed), g.ownerKind),
      expiresAt: g.expiresAt.toISOString(),
      usesLeft: g.maxUses === null ? null : Math.max(0, g.maxUses - g.uses),
      banner: bannerText(g.expiresAt),
      units: [],
      fetchedAt: deps.now().toISOString(),
    }
  }
  const scope = g.scope
  // Provincial data first (never inside a transaction), then count the use atomically.
  const owner = deps.cipher.open(g.ownerIdSealed)
  const units = await deps.db.select().from(grantUnits).where(eq(grantUnits.grantId, g.id)).orderBy(asc(grantUnits.ord))
  const details: UpstreamUnitDetail[] = []
  for (const u of units) {
    try {
      const d = await deps.upstream.unitLookup(u.unitCode)
      // A unit the owner no longer holds drops out of the grant.
      if (holdsUnit(d, owner)) details.push(d)
    } catch (e) {
      if (!(e instanceof UpstreamRejection && e.status === 404)) throw e
    }
  }
  // The certificate scope also shows each unit's current 不动产权证书 (one licence query for the owner).
  let certificates = new Map<string, CertificateDetail>()
  const ownerRef = details[0] && holderRefIn(details[0], owner)
  if (scope === 'certificate' && ownerRef) {
    certificates = currentRightCertificates((await deps.upstream.licensesByHolder(ownerRef)).licenses)
  }
  const now = deps.now()
  const counted = await countUse(deps, g, s, 'delegation.open', audit)
  const views = details.map((d) => toDelegatedUnit(scope, d, certificates))
  const seen = `${GRANT_SCOPE_LABELS[scope]}：${views.map((v) => v.unitCode).join('、') || '无'}`
  await recordAccess(deps, g, s, 'ok', seen)
  await audit({ action: 'delegation.open', target: g.id, outcome: 'ok' })
  return {
    scope: g.scope,
    grantedBy: maskName(deps.cipher.open(g.ownerNameSealed), g.ownerKind),
    expiresAt: g.expiresAt.toISOString(),
    usesLeft: counted.maxUses === null ? null : Math.max(0, counted.maxUses - counted.uses),
    banner: bannerText(g.expiresAt),
    units: views,
    fetchedAt: now.toISOString(),
  }
}

/** One access to a grant the citizen gave (a view or a refusal), for 我的查询记录. */
export interface OwnerGrantAccess {
  at: Date
  outcome: 'ok' | 'wrong_person' | 'expired' | 'revoked' | 'used_up'
  /** masked name and ID number of whoever opened the link */
  who: string
  units: { unitCode: string; location: string }[]
}

/** Accesses to the grants `ownerIndex` gave, views and refusals alike, older than `before`, newest first. */
export async function accessesToOwner(deps: Deps, ownerIndex: string, before: Date, limit: number): Promise<OwnerGrantAccess[]> {
  const rows = await deps.db
    .select({ at: grantAccesses.at, outcome: grantAccesses.outcome, name: grantAccesses.viewerNameSealed, id: grantAccesses.viewerIdSealed, grantId: grantAccesses.grantId })
    .from(grantAccesses)
    .innerJoin(grants, eq(grants.id, grantAccesses.grantId))
    .where(and(eq(grants.ownerIndex, ownerIndex), lt(grantAccesses.at, before)))
    .orderBy(desc(grantAccesses.at), desc(grantAccesses.id))
    .limit(limit)
  const grantIds = [...new Set(rows.map((r) => r.grantId))]
  const units = grantIds.length
    ? await deps.db.select().from(grantUnits).where(inArray(grantUnits.grantId, grantIds)).orderBy(asc(grantUnits.ord))
    : []
  return rows.map((r) => ({
    at: r.at,
    outcome: r.outcome,
    who: `${maskName(deps.cipher.open(r.name))}（${maskIdNumber(deps.cipher.open(r.id))}）`,
    units: units.filter((u) => u.grantId === r.grantId).map((u) => ({ unitCode: u.unitCode, location: u.location })),
  }))
}
