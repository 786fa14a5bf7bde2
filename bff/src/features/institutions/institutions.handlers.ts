import type { RouteHandler } from '@hono/zod-openapi'
import { audited } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type { InstitutionEnv } from './institutions.middleware'
import { institutionAuditor } from './institutions.middleware'
import type * as routes from './institutions.routes'
import { createConsent as create, holderCheck as check, listConsents as consents, listInstitutions as list, revokeConsent as revoke } from './institutions.service'

export const listInstitutions: AppRouteHandler<typeof routes.listInstitutionsRoute> = async (c) => {
  currentSession(c)
  return c.json({ items: await list(c.var.deps) }, 200)
}

export const listConsents: AppRouteHandler<typeof routes.listConsentsRoute> = async (c) => {
  const s = currentSession(c)
  return c.json({ items: await audited(auditor(c, s), 'institution-consent.list', null, () => consents(c.var.deps, s)) }, 200)
}

export const createConsent: AppRouteHandler<typeof routes.createConsentRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await create(c.var.deps, s, c.req.valid('json'), auditor(c, s)), 201)
}

export const revokeConsent: AppRouteHandler<typeof routes.revokeConsentRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await revoke(c.var.deps, s, c.req.valid('param').id, auditor(c, s)), 200)
}

export const holderCheck: RouteHandler<typeof routes.holderCheckRoute, InstitutionEnv> = async (c) => {
  const inst = c.var.institution
  c.header('Cache-Control', 'no-store')
  return c.json(await check(c.var.deps, inst, c.req.valid('json'), institutionAuditor(c, inst)), 200)
}
