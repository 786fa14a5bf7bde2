import { audited } from '../../lib/audit'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './certificates.routes'
import { certificateDetail, certificatePdf, listCertificates as list, liveCode as signLiveCode } from './certificates.service'

export const trustList: AppRouteHandler<typeof routes.trustListRoute> = (c) => {
  c.header('Cache-Control', 'public, max-age=300')
  return c.json(c.var.deps.certificateKeys.trustList, 200)
}

export const listCertificates: AppRouteHandler<typeof routes.listCertificatesRoute> = async (c) => {
  const s = currentSession(c)
  const items = await audited(auditor(c, s), 'certificate.list', null, () => list(c.var.deps, s))
  return c.json({ items, fetchedAt: c.var.deps.now().toISOString() }, 200)
}

export const getCertificate: AppRouteHandler<typeof routes.getCertificateRoute> = async (c) => {
  const s = currentSession(c)
  return c.json(await certificateDetail(c.var.deps, s, c.req.valid('param').licenseId, auditor(c, s)), 200)
}

export const liveCode: AppRouteHandler<typeof routes.liveCodeRoute> = async (c) => {
  const s = currentSession(c)
  const code = await signLiveCode(c.var.deps, s, c.req.valid('param').licenseId, auditor(c, s))
  c.header('Cache-Control', 'no-store')
  return c.json(code, 200)
}

export const certificatePdfFile: AppRouteHandler<typeof routes.pdfRoute> = async (c) => {
  const s = currentSession(c)
  const { pdf, fileName } = await certificatePdf(c.var.deps, s, c.req.valid('param').licenseId, auditor(c, s))
  return c.body(pdf as unknown as ArrayBuffer, 200, {
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'no-store',
  }) as never
}
