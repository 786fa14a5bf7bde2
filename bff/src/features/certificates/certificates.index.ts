import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { canonicalBytes, encodeToken } from '@bdc/shared/certificates/index'
import type { AppEnv, Deps } from '../../env'
import { AppError } from '../../lib/errors'
import { defaultHook } from '../../lib/validation'
import { UpstreamRejection } from '../../upstream/client'
import type { UpstreamLicense } from '@bdc/shared/province-contract'
import { auditRequest, currentSession } from '../sessions/sessions.middleware'
import { getCertificateRoute, listCertificatesRoute, liveCodeRoute, pdfRoute, trustListRoute, verifyRoute } from './certificates.routes'
import { toCertificateDetail, toCertificateSummary } from './map'

/** 亮证 codes live this long: a screenshot stops working soon after. */
export const LIVE_CODE_SECONDS = 180

/** Signs a code for a license and returns the URL a camera opens. */
export function signedUrl(deps: Deps, licenseId: string, kind: 'C' | 'L'): { url: string; expiresAt?: number } {
  const now = deps.now()
  const expiresAt = kind === 'L' ? Math.floor(now.getTime() / 1000) + LIVE_CODE_SECONDS : undefined
  const fields = { kind, licenseId, keyId: deps.certificateKeys.activeKeyId(now), ...(expiresAt ? { expiresAt } : {}) }
  const signature = deps.certificateKeys.sign(fields.keyId, canonicalBytes(fields))
  return { url: `${deps.config.publicBaseUrl}/v/${encodeToken({ ...fields, signature })}`, expiresAt }
}

/** The license, if it is one the signed-in citizen may see (else CERTIFICATE_NOT_FOUND). */
async function ownLicense(c: Context<AppEnv>, licenseId: string, action: string): Promise<UpstreamLicense> {
  const deps = c.var.deps
  const s = currentSession(c)
  try {
    const l = await deps.upstream.licenseDetail(licenseId, { idType: s.idType, idNumber: s.idNumber })
    await auditRequest(c, s, { action, target: licenseId, outcome: 'ok' })
    return l
  } catch (e) {
    if (e instanceof UpstreamRejection && e.status === 404) {
      await auditRequest(c, s, { action, target: licenseId, outcome: 'denied' })
      throw new AppError('CERTIFICATE_NOT_FOUND')
    }
    throw e
  }
}

export const certificatesRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(trustListRoute, (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    return c.json(c.var.deps.certificateKeys.trustList, 200)
  })
  .openapi(listCertificatesRoute, async (c) => {
    const s = currentSession(c)
    const { licenses } = await c.var.deps.upstream.licensesByHolder({ idType: s.idType, idNumber: s.idNumber })
    return c.json({ items: licenses.map(toCertificateSummary), fetchedAt: c.var.deps.now().toISOString() }, 200)
  })
  .openapi(getCertificateRoute, async (c) => {
    const l = await ownLicense(c, c.req.valid('param').licenseId, 'certificate.view')
    return c.json(toCertificateDetail(l), 200)
  })
  .openapi(liveCodeRoute, async (c) => {
    const l = await ownLicense(c, c.req.valid('param').licenseId, 'certificate.show')
    if (l.status !== 'current') throw new AppError('CERTIFICATE_CANCELLED')
    const code = signedUrl(c.var.deps, l.licenseId, 'L')
    c.header('Cache-Control', 'no-store')
    return c.json({ url: code.url, expiresAt: new Date(code.expiresAt! * 1000).toISOString(), validSeconds: LIVE_CODE_SECONDS }, 200)
  })
  .openapi(pdfRoute, async (c) => {
    const l = await ownLicense(c, c.req.valid('param').licenseId, 'certificate.download')
    const pdf = await c.var.deps.certificatePdf.render(toCertificateDetail(l), signedUrl(c.var.deps, l.licenseId, 'C').url)
    return c.body(pdf as unknown as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`${l.certificateNo}.pdf`)}`,
      'cache-control': 'no-store',
    }) as never
  })

// POST /certificates/verify is answered ahead of the middleware chain (verify.route.ts, mounted in
// app.ts); its contract is documented here with the others.
certificatesRoutes.openAPIRegistry.registerPath(verifyRoute)
