/**
 * Online applications: drafts prefilled from the registry, photos of materials, submission into the
 * outbox (delivered by applications.delivery.ts), the progress timeline, and 好差评. Handlers stay
 * thin; every rule lives here. Personal data is sealed at rest (see applications.schema.ts).
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import {
  APPLICATION_STATUS_LABELS,
  RATING_REASON_REQUIRED_BELOW,
  STATEMENTS_VERSION,
  type ApplicationStatus,
  type ApplicationTypeCode,
} from '@bdc/shared/applications-dict'
import type { ApplicationDetail, ApplicationMaterial, ApplicationSummary, Rating, TimelineEvent } from '@bdc/shared/applications'
import { maskIdNumber, maskName } from '@bdc/shared/mask'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { enqueue } from '../../outbox/outbox'
import { UpstreamRejection } from '../../upstream/client'
import { holdsUnit, unitFacts } from '../../upstream/mapping/registry'
import { ratingValues, ratingView, type RatingRequest } from '../ratings/ratings.service'
import { applicationEvents, applicationMaterials, applicationRatings, applications } from './applications.schema'
import { INTAKE_SUBMIT, RATING_PUSH } from './applications.delivery'
import { missingItems, typeDefOf, validateFields, type Form } from './applications.forms'
import { normalisePhoto } from './applications.photos'
import type { Tx as DbTx } from '../../db/connect'

type AppRow = typeof applications.$inferSelect
type Db = Deps['db']
type Tx = DbTx<Db>

const openForm = (deps: Deps, row: AppRow): Form => JSON.parse(deps.cipher.open(row.formSealed)) as Form

async function ownApplication(db: Db | Tx, owner: string, id: string, lock = false): Promise<AppRow> {
  const q = db
    .select()
    .from(applications)
    .where(and(eq(applications.id, id), eq(applications.owner, owner)))
  const rows = lock ? await q.for('update') : await q
  if (!rows[0]) throw new AppError('APPLICATION_NOT_FOUND')
  return rows[0]
}

function requireDraft(row: AppRow) {
  if (row.status !== 'draft') throw new AppError('APPLICATION_NOT_DRAFT')
}

// ------------------------------------------------------------------ views

const iso = (d: Date | null) => (d ? d.toISOString() : null)

function summaryOf(row: AppRow): ApplicationSummary {
  const def = typeDefOf(row.type)
  return {
    id: row.id,
    type: def.code,
    typeLabel: def.label,
    unitCode: row.unitCode,
    location: row.location,
    status: row.status as ApplicationStatus,
    statusLabel: APPLICATION_STATUS_LABELS[row.status as ApplicationStatus] ?? row.status,
    receiptNo: row.receiptNo,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: iso(row.submittedAt),
  }
}

export async function listApplications(deps: Deps, owner: string): Promise<ApplicationSummary[]> {
  const rows = await deps.db.select().from(applications).where(eq(applications.owner, owner)).orderBy(desc(applications.createdAt))
  return rows.map(summaryOf)
}

function materialView(m: { id: string; applicationId: string; kind: string; width: number; height: number; bytes: number; createdAt: Date }): ApplicationMaterial {
  return {
    id: m.id,
    kind: m.kind,
    width: m.width,
    height: m.height,
    bytes: m.bytes,
    createdAt: m.createdAt.toISOString(),
    previewUrl: `/api/applications/${m.applicationId}/materials/${m.id}/preview`,
  }
}

export async function detailOf(deps: Deps, row: AppRow): Promise<ApplicationDetail> {
  const def = typeDefOf(row.type)
  const form = openForm(deps, row)
  const mats = await deps.db
    .select({
      id: applicationMaterials.id,
      applicationId: applicationMaterials.applicationId,
      kind: applicationMaterials.kind,
      width: applicationMaterials.width,
      height: applicationMaterials.height,
      bytes: applicationMaterials.bytes,
      createdAt: applicationMaterials.createdAt,
    })
    .from(applicationMaterials)
    .where(eq(applicationMaterials.applicationId, row.id))
    .orderBy(asc(applicationMaterials.createdAt), asc(applicationMaterials.id))
  const events = await deps.db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, row.id))
    .orderBy(asc(applicationEvents.seq), asc(applicationEvents.at), asc(applicationEvents.id))
  const ratingRow = (await deps.db.select().from(applicationRatings).where(eq(applicationRatings.applicationId, row.id)))[0]
  const timeline: TimelineEvent[] = events.map((e) => ({
    status: e.status as ApplicationStatus,
    label: e.label,
    at: e.at.toISOString(),
    note: e.note,
    source: e.source,
  }))
  const rating: Rating | null = ratingRow ? ratingView(deps, ratingRow) : null
  return {
    ...summaryOf(row),
    applicant: { name: maskName(deps.cipher.open(row.applicantNameSealed)), idNumber: maskIdNumber(deps.cipher.open(row.applicantIdSealed)) },
    form,
    materials: mats.map(materialView),
    missing: row.status === 'draft' ? missingItems(def, form, mats.map((m) => m.kind)) : [],
    statusNote: row.statusNote,
    timeline,
    rating,
    canRate: row.status === 'completed' && !rating,
  }
}

export async function getApplication(deps: Deps, owner: string, id: string) {
  return detailOf(deps, await ownApplication(deps.db, owner, id))
}

// ------------------------------------------------------------------ drafts

/** Registry values for the form; refuses units not held by the citizen and ineligible ones. */
async function prefill(deps: Deps, s: SessionContext, type: ApplicationTypeCode, unitCode: string) {
  let unit
  try {
    unit = await deps.upstream.unitDetail(unitCode, { idType: s.idType, idNumber: s.idNumber })
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) throw new AppError('PROPERTY_NOT_FOUND')
    throw e
  }
  if (!holdsUnit(unit, s.idNumber)) throw new AppError('PROPERTY_NOT_FOUND')
  const facts = unitFacts(unit)
  const form: Form = { unitCode: facts.unitCode, location: facts.location, certificateNo: facts.certificateNo }
  if (type === 'mortgage_release') {
    if (!facts.mortgage) throw new AppError('APPLICATION_NOT_ELIGIBLE')
    form.mortgageCertNo = facts.mortgage.certificateNo
    form.mortgagee = facts.mortgage.mortgagee
  }
  return { form, location: facts.location, divisionCode: facts.divisionCode }
}

/** A new draft, or the existing draft of the same 事项 for the unit (`created` false). */
export async function createDraft(
  deps: Deps,
  s: SessionContext,
  type: ApplicationTypeCode,
  unitCode: string,
  audit: RequestAudit,
): Promise<{ detail: ApplicationDetail; created: boolean }> {
  const existing = await deps.db
    .select()
    .from(applications)
    .where(and(eq(applications.owner, s.actor), eq(applications.type, type), eq(applications.unitCode, unitCode), eq(applications.status, 'draft')))
    .limit(1)
  // Ownership is checked against the registry every time, also when a draft exists.
  const { form, location, divisionCode } = await prefill(deps, s, type, unitCode).catch(async (e: unknown) => {
    if (e instanceof AppError && e.code === 'PROPERTY_NOT_FOUND') await audit({ action: 'application.create', target: unitCode, outcome: 'denied' })
    throw e
  })
  if (existing[0]) return { detail: await detailOf(deps, existing[0]), created: false }
  const at = deps.now()
  const [row] = await deps.db
    .insert(applications)
    .values({
      owner: s.actor,
      type,
      unitCode,
      location,
      divisionCode,
      applicantIdType: s.idType,
      applicantIdSealed: deps.cipher.seal(s.idNumber),
      applicantNameSealed: deps.cipher.seal(s.name),
      formSealed: deps.cipher.seal(JSON.stringify(form)),
      channel: s.channel,
      status: 'draft',
      createdAt: at,
      updatedAt: at,
    })
    .returning()
  await audit({ action: 'application.create', target: row!.id, outcome: 'ok' })
  return { detail: await detailOf(deps, row!), created: true }
}

export async function saveDraft(deps: Deps, owner: string, id: string, given: Form): Promise<ApplicationDetail> {
  const row = await deps.db.transaction(async (tx) => {
    const r = await ownApplication(tx, owner, id, true)
    requireDraft(r)
    const def = typeDefOf(r.type)
    const details = validateFields(def.fields, given)
    if (details.length) throw new AppError('VALIDATION_FAILED', details)
    const form = openForm(deps, r)
    for (const [key, raw] of Object.entries(given)) {
      const f = def.fields.find((x) => x.key === key)!
      if (f.fromRegistry) continue
      const v = raw.trim()
      if (v === '') delete form[key]
      else form[key] = v
    }
    const [u] = await tx
      .update(applications)
      .set({ formSealed: deps.cipher.seal(JSON.stringify(form)), updatedAt: deps.now() })
      .where(eq(applications.id, id))
      .returning()
    return u!
  })
  return detailOf(deps, row)
}

export async function deleteDraft(deps: Deps, owner: string, id: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    requireDraft(await ownApplication(tx, owner, id, true))
    await tx.delete(applications).where(eq(applications.id, id))
  })
}

// ------------------------------------------------------------------ materials

export async function addMaterial(deps: Deps, owner: string, id: string, kind: string, file: Buffer): Promise<ApplicationMaterial> {
  // Cheap checks first (no image work for a request that cannot succeed).
  const before = await ownApplication(deps.db, owner, id)
  requireDraft(before)
  const def = typeDefOf(before.type)
  const mdef = def.materials.find((m) => m.code === kind)
  if (!mdef) throw new AppError('MATERIAL_KIND_INVALID')
  const photo = await normalisePhoto(file)
  const row = await deps.db.transaction(async (tx) => {
    requireDraft(await ownApplication(tx, owner, id, true))
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(applicationMaterials)
      .where(and(eq(applicationMaterials.applicationId, id), eq(applicationMaterials.kind, kind)))) as [{ n: number }]
    if (n >= mdef.maxFiles) throw new AppError('MATERIAL_TOO_MANY')
    const at = deps.now()
    const [m] = await tx
      .insert(applicationMaterials)
      .values({
        applicationId: id,
        kind,
        width: photo.width,
        height: photo.height,
        bytes: photo.jpeg.length,
        sha256: photo.sha256,
        imageSealed: deps.cipher.seal(photo.jpeg.toString('base64')),
        thumbSealed: deps.cipher.seal(photo.thumb.toString('base64')),
        createdAt: at,
      })
      .returning()
    await tx.update(applications).set({ updatedAt: at }).where(eq(applications.id, id))
    return m!
  })
  return materialView(row)
}

export async function materialImage(deps: Deps, owner: string, id: string, materialId: string, size: 'thumb' | 'full'): Promise<Buffer> {
  await ownApplication(deps.db, owner, id).catch(() => {
    throw new AppError('MATERIAL_NOT_FOUND')
  })
  const rows = await deps.db
    .select({ image: applicationMaterials.imageSealed, thumb: applicationMaterials.thumbSealed })
    .from(applicationMaterials)
    .where(and(eq(applicationMaterials.id, materialId), eq(applicationMaterials.applicationId, id)))
  if (!rows[0]) throw new AppError('MATERIAL_NOT_FOUND')
  return Buffer.from(deps.cipher.open(size === 'full' ? rows[0].image : rows[0].thumb), 'base64')
}

export async function deleteMaterial(deps: Deps, owner: string, id: string, materialId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    requireDraft(await ownApplication(tx, owner, id, true))
    const gone = await tx
      .delete(applicationMaterials)
      .where(and(eq(applicationMaterials.id, materialId), eq(applicationMaterials.applicationId, id)))
      .returning({ id: applicationMaterials.id })
    if (!gone.length) throw new AppError('MATERIAL_NOT_FOUND')
    await tx.update(applications).set({ updatedAt: deps.now() }).where(eq(applications.id, id))
  })
}

// ------------------------------------------------------------------ submission

/**
 * Draft → 待推送 in ONE transaction that also writes the outbox row; then one delivery attempt right
 * away (bounded by the upstream timeout) — on failure the row stays in the outbox and the worker
 * retries with backoff, and the answer says 待推送 instead of 已提交. Refuses with the complete list
 * of what is missing.
 */
export async function submitDraft(deps: Deps, owner: string, id: string, audit: RequestAudit): Promise<ApplicationDetail> {
  await deps.db.transaction(async (tx) => {
    const row = await ownApplication(tx, owner, id, true)
    requireDraft(row)
    const def = typeDefOf(row.type)
    const kinds = (await tx.select({ kind: applicationMaterials.kind }).from(applicationMaterials).where(eq(applicationMaterials.applicationId, id))).map((m) => m.kind)
    const missing = missingItems(def, openForm(deps, row), kinds)
    if (missing.length) throw new AppError('APPLICATION_INCOMPLETE', missing)
    const at = deps.now()
    await tx
      .update(applications)
      .set({ status: 'pending_push', submittedAt: at, updatedAt: at, statementsVersion: STATEMENTS_VERSION })
      .where(and(eq(applications.id, id), eq(applications.status, 'draft')))
    await tx.insert(applicationEvents).values({
      applicationId: id,
      seq: 0,
      status: 'pending_push',
      label: '提交申请',
      note: '已确认申请书和承诺书，等待推送至省级互联网接件系统',
      source: 'citizen',
      at,
      receivedAt: at,
    })
    await enqueue(tx, INTAKE_SUBMIT, id, at)
  }).catch(async (e: unknown) => {
    // The refusal is audited once the transaction has ended (PGlite has one connection).
    if (e instanceof AppError && e.code === 'APPLICATION_INCOMPLETE') await audit({ action: 'application.submit', target: id, outcome: 'denied' })
    throw e
  })
  await audit({ action: 'application.submit', target: id, outcome: 'ok' })
  await deps.outbox.deliverNow(INTAKE_SUBMIT, id).catch(() => false)
  return getApplication(deps, owner, id)
}

// ------------------------------------------------------------------ 好差评

/** Rates a completed application once, and tries the push to the 好差评 sink right away (the outbox retries a failure). */
export async function rate(deps: Deps, s: SessionContext, id: string, body: RatingRequest, audit: RequestAudit): Promise<Rating> {
  if (body.level < RATING_REASON_REQUIRED_BELOW && !body.reason) {
    throw new AppError('VALIDATION_FAILED', [{ path: 'reason', message: '选择“不满意”或“非常不满意”时请填写原因' }])
  }
  const ratingId = await deps.db.transaction(async (tx) => {
    const row = await ownApplication(tx, s.actor, id, true)
    const existing = await tx.select({ id: applicationRatings.id }).from(applicationRatings).where(eq(applicationRatings.applicationId, id))
    if (existing[0]) throw new AppError('RATING_ALREADY_GIVEN')
    if (row.status !== 'completed') throw new AppError('RATING_NOT_ALLOWED')
    const at = deps.now()
    const [r] = await tx
      .insert(applicationRatings)
      .values({ applicationId: id, ...ratingValues(deps, s.channel, body, at) })
      .returning({ id: applicationRatings.id })
    await enqueue(tx, RATING_PUSH, r!.id, at)
    return r!.id
  })
  const detail = await getApplication(deps, s.actor, id)
  if (!detail.rating || detail.rating.id !== ratingId) throw new Error('rating vanished')
  await audit({ action: 'application.rate', target: id, outcome: 'ok' })
  await deps.outbox.deliverNow(RATING_PUSH, ratingId).catch(() => false)
  return { ...detail.rating, pushed: (await getApplication(deps, s.actor, id)).rating?.pushed ?? false }
}
