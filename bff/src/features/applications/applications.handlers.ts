import {
  APPLICATION_TYPES,
  COMMITMENT_TEXT,
  DECLARATION_TEXT,
  RATING_LEVELS,
  RATING_REASON_REQUIRED_BELOW,
  RATING_TAGS,
  STATEMENTS_VERSION,
  type FieldDef,
} from '@bdc/shared/applications-dict'
import type { ApplicationTypeList } from '@bdc/shared/applications'
import { AppError } from '../../lib/errors'
import { audited } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import { handleProgressCallback } from './applications.callbacks'
import type * as routes from './applications.routes'
import {
  addMaterial,
  createDraft,
  deleteDraft as removeDraft,
  deleteMaterial as removeMaterial,
  getApplication as get,
  listApplications as list,
  materialImage,
  rate,
  saveDraft as save,
  submitDraft,
} from './applications.service'

const TYPE_LIST: ApplicationTypeList = {
  items: APPLICATION_TYPES.map((t) => ({ ...t, fields: t.fields.map((f: FieldDef) => ({ ...f, options: f.options ? [...f.options] : undefined })), materials: [...t.materials] })),
  statements: { version: STATEMENTS_VERSION, declaration: DECLARATION_TEXT, commitment: COMMITMENT_TEXT },
  rating: { levels: RATING_LEVELS.map((l) => ({ ...l })), tags: [...RATING_TAGS], reasonRequiredBelow: RATING_REASON_REQUIRED_BELOW },
}

export const listTypes: AppRouteHandler<typeof routes.listTypesRoute> = (c) => c.json(TYPE_LIST, 200)

export const listApplications: AppRouteHandler<typeof routes.listApplicationsRoute> = async (c) => {
  const s = currentSession(c)
  return c.json({ items: await audited(auditor(c, s), 'application.list', null, () => list(c.var.deps, s.actor)) }, 200)
}

export const createApplication: AppRouteHandler<typeof routes.createApplicationRoute> = async (c) => {
  const s = currentSession(c)
  const { type, unitCode } = c.req.valid('json')
  const { detail, created } = await createDraft(c.var.deps, s, type, unitCode, auditor(c, s))
  return created ? c.json(detail, 201) : c.json(detail, 200)
}

export const getApplication: AppRouteHandler<typeof routes.getApplicationRoute> = async (c) => {
  const s = currentSession(c)
  const id = c.req.valid('param').id
  return c.json(await audited(auditor(c, s), 'application.view', id, () => get(c.var.deps, s.actor, id)), 200)
}

export const saveDraft: AppRouteHandler<typeof routes.saveDraftRoute> = async (c) => {
  const s = currentSession(c)
  const id = c.req.valid('param').id
  const form = c.req.valid('json').form
  return c.json(await audited(auditor(c, s), 'application.edit', id, () => save(c.var.deps, s.actor, id, form)), 200)
}

export const deleteDraft: AppRouteHandler<typeof routes.deleteDraftRoute> = async (c) => {
  const s = currentSession(c)
  const id = c.req.valid('param').id
  await audited(auditor(c, s), 'application.delete', id, () => removeDraft(c.var.deps, s.actor, id))
  return c.json({ ok: true as const }, 200)
}

export const uploadMaterial: AppRouteHandler<typeof routes.uploadMaterialRoute> = async (c) => {
  const s = currentSession(c)
  const { kind, file } = c.req.valid('form') as { kind: string; file?: unknown }
  if (!(file instanceof Blob) || file.size === 0) throw new AppError('UPLOAD_MISSING')
  const buf = Buffer.from(await file.arrayBuffer())
  const id = c.req.valid('param').id
  return c.json(await audited(auditor(c, s), 'application.upload', id, () => addMaterial(c.var.deps, s.actor, id, kind, buf)), 201)
}

export const materialPreview: AppRouteHandler<typeof routes.materialPreviewRoute> = async (c) => {
  const { id, materialId } = c.req.valid('param')
  const s = currentSession(c)
  const img = await audited(auditor(c, s), 'application.preview', `${id}/${materialId}`, () => materialImage(c.var.deps, s.actor, id, materialId, c.req.valid('query').size))
  return c.body(img as unknown as ArrayBuffer, 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, no-store' })
}

export const deleteMaterial: AppRouteHandler<typeof routes.deleteMaterialRoute> = async (c) => {
  const { id, materialId } = c.req.valid('param')
  const s = currentSession(c)
  await audited(auditor(c, s), 'application.material.delete', `${id}/${materialId}`, () => removeMaterial(c.var.deps, s.actor, id, materialId))
  return c.json({ ok: true as const }, 200)
}

export const submit: AppRouteHandler<typeof routes.submitRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await submitDraft(c.var.deps, s.actor, c.req.valid('param').id, auditor(c, s)), 200)
}

export const rateApplication: AppRouteHandler<typeof routes.rateRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await rate(c.var.deps, s, c.req.valid('param').id, c.req.valid('json'), auditor(c, s)), 201)
}

/** The province's signed progress push: the raw body is what the signature covers, so it is read as text. */
export const progressCallback: AppRouteHandler<typeof routes.progressCallbackRoute> = async (c) => {
  const raw = await c.req.text()
  const r = await handleProgressCallback(c.var.deps, (n) => c.req.header(n), raw)
  return c.json({ ok: true as const, duplicate: r.duplicate }, 200)
}
