import { OpenAPIHono } from '@hono/zod-openapi'
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
import type { AppEnv } from '../../env'
import { AppError } from '../../lib/errors'
import { defaultHook } from '../../lib/validation'
import { auditRequest, currentSession } from '../sessions/sessions.middleware'
import {
  createApplicationRoute,
  deleteDraftRoute,
  deleteMaterialRoute,
  getApplicationRoute,
  listApplicationsRoute,
  listTypesRoute,
  materialPreviewRoute,
  progressCallbackRoute,
  rateRoute,
  saveDraftRoute,
  submitRoute,
  uploadMaterialRoute,
} from './applications.routes'
import {
  addMaterial,
  createDraft,
  deleteDraft,
  deleteMaterial,
  getApplication,
  listApplications,
  materialImage,
  rate,
  saveDraft,
  submitDraft,
} from './applications.service'
import { handleProgressCallback } from './callbacks'

const TYPE_LIST: ApplicationTypeList = {
  items: APPLICATION_TYPES.map((t) => ({ ...t, fields: t.fields.map((f: FieldDef) => ({ ...f, options: f.options ? [...f.options] : undefined })), materials: [...t.materials] })),
  statements: { version: STATEMENTS_VERSION, declaration: DECLARATION_TEXT, commitment: COMMITMENT_TEXT },
  rating: { levels: RATING_LEVELS.map((l) => ({ ...l })), tags: [...RATING_TAGS], reasonRequiredBelow: RATING_REASON_REQUIRED_BELOW },
}

export const applicationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(listTypesRoute, (c) => c.json(TYPE_LIST, 200))
  .openapi(listApplicationsRoute, async (c) => c.json({ items: await listApplications(c.var.deps, currentSession(c).actor) }, 200))
  .openapi(createApplicationRoute, async (c) => {
    const s = currentSession(c)
    const { type, unitCode } = c.req.valid('json')
    try {
      const { detail, created } = await createDraft(c.var.deps, s, type, unitCode)
      if (created) await auditRequest(c, s, { action: 'application.create', target: detail.id, outcome: 'ok' })
      return created ? c.json(detail, 201) : c.json(detail, 200)
    } catch (e) {
      if (e instanceof AppError && e.code === 'PROPERTY_NOT_FOUND') {
        await auditRequest(c, s, { action: 'application.create', target: unitCode, outcome: 'denied' })
      }
      throw e
    }
  })
  .openapi(getApplicationRoute, async (c) => c.json(await getApplication(c.var.deps, currentSession(c).actor, c.req.valid('param').id), 200))
  .openapi(saveDraftRoute, async (c) => {
    const detail = await saveDraft(c.var.deps, currentSession(c).actor, c.req.valid('param').id, c.req.valid('json').form)
    return c.json(detail, 200)
  })
  .openapi(deleteDraftRoute, async (c) => {
    await deleteDraft(c.var.deps, currentSession(c).actor, c.req.valid('param').id)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(uploadMaterialRoute, async (c) => {
    const s = currentSession(c)
    const { kind, file } = c.req.valid('form') as { kind: string; file?: unknown }
    if (!(file instanceof Blob) || file.size === 0) throw new AppError('UPLOAD_MISSING')
    const buf = Buffer.from(await file.arrayBuffer())
    const m = await addMaterial(c.var.deps, s.actor, c.req.valid('param').id, kind, buf)
    return c.json(m, 201)
  })
  .openapi(materialPreviewRoute, async (c) => {
    const { id, materialId } = c.req.valid('param')
    const img = await materialImage(c.var.deps, currentSession(c).actor, id, materialId, c.req.valid('query').size)
    return c.body(img as unknown as ArrayBuffer, 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, no-store' })
  })
  .openapi(deleteMaterialRoute, async (c) => {
    const { id, materialId } = c.req.valid('param')
    await deleteMaterial(c.var.deps, currentSession(c).actor, id, materialId)
    return c.json({ ok: true as const }, 200)
  })
  .openapi(submitRoute, async (c) => {
    const s = currentSession(c)
    const deps = c.var.deps
    const { id } = c.req.valid('param')
    try {
      await submitDraft(deps, s.actor, id)
    } catch (e) {
      if (e instanceof AppError && e.code === 'APPLICATION_INCOMPLETE') {
        await auditRequest(c, s, { action: 'application.submit', target: id, outcome: 'denied' })
      }
      throw e
    }
    await auditRequest(c, s, { action: 'application.submit', target: id, outcome: 'ok' })
    // Fast path: try the province now (bounded by the upstream timeout); on failure the row stays in
    // the outbox and the worker retries with backoff. The answer says 已提交 or 待推送.
    await deps.outbox?.deliverNow('intake.submit', id).catch(() => false)
    return c.json(await getApplication(deps, s.actor, id), 200)
  })
  .openapi(rateRoute, async (c) => {
    const s = currentSession(c)
    const deps = c.var.deps
    const { id } = c.req.valid('param')
    const rating = await rate(deps, s, id, c.req.valid('json'))
    await auditRequest(c, s, { action: 'application.rate', target: id, outcome: 'ok' })
    await deps.outbox?.deliverNow('rating.push', rating.id).catch(() => false)
    return c.json({ ...rating, pushed: (await getApplication(deps, s.actor, id)).rating?.pushed ?? false }, 201)
  })
  .openapi(progressCallbackRoute, async (c) => {
    const raw = await c.req.text()
    const r = await handleProgressCallback(c.var.deps, (n) => c.req.header(n), raw)
    return c.json({ ok: true as const, duplicate: r.duplicate }, 200)
  })
