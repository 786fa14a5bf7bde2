import { audited } from '../../lib/audit'
import { clientAddressOf } from '../../lib/client-address'
import type { AppRouteHandler } from '../../lib/openapi'
import { auditor, currentSession } from '../sessions/sessions.index'
import type * as routes from './certificates.routes'
import { admitFileCheck, verifyFile as checkFile } from './certificates.verify-file'
import { certificateDetail, certificateFile, documentSigningTrust, listCertificates as list, liveCode as signLiveCode } from './certificates.service'

export const trustList: AppRouteHandler<typeof routes.trustListRoute> = async (c) => {
  const documentSigning = await documentSigningTrust(c.var.deps)
  // Without the library's CA (unreachable) the QR keys still publish, briefly cached.
  c.header('Cache-Control', documentSigning ? 'public, max-age=300' : 'public, max-age=10')
  return c.json({ ...c.var.deps.certificateKeys.trustList, ...(documentSigning ? { documentSigning } : {}) }, 200)
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

/** The library's file, relayed as it comes (media type included): PDF today, OFD in production. */
export const certificatePdfFile: AppRouteHandler<typeof routes.pdfRoute> = async (c) => {
  const s = currentSession(c)
  const { bytes, mediaType, fileName } = await certificateFile(c.var.deps, s, c.req.valid('param').licenseId, auditor(c, s))
  const ascii = mediaType === 'application/ofd' ? 'certificate.ofd' : 'certificate.pdf'
  return c.body(bytes as unknown as ArrayBuffer, 200, {
    'content-type': mediaType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }) as never
}

/** 上传证照文件核验 (public): rate limit first, then the type, then the hash question to the library. */
export const verifyFile: AppRouteHandler<typeof routes.verifyFileRoute> = async (c) => {
  const deps = c.var.deps
  await admitFileCheck(deps, clientAddressOf(c, deps.config.trustedProxies))
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  c.header('Cache-Control', 'no-store')
  return c.json(await checkFile(deps, c.req.header('content-type'), bytes, c.var.requestId), 200)
}
