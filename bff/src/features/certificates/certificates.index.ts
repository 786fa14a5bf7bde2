import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './certificates.handlers'
import * as routes from './certificates.routes'

export const certificatesRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.trustListRoute, handlers.trustList)
  .openapi(routes.listCertificatesRoute, handlers.listCertificates)
  .openapi(routes.getCertificateRoute, handlers.getCertificate)
  .openapi(routes.liveCodeRoute, handlers.liveCode)
  .openapi(routes.pdfRoute, handlers.certificatePdfFile)
  .openapi(routes.verifyFileRoute, handlers.verifyFile)

// POST /certificates/verify is answered ahead of the middleware chain (certificates.verify-route.ts,
// mounted in app.ts and main.ts); its contract is documented here with the others.
certificatesRoutes.openAPIRegistry.registerPath(routes.verifyRoute)

// What the composition root (bootstrap.ts) builds for this feature: keys, status feed.
export { loadOrCreateCertificateKeys } from './certificates.signing-keys'
export { createStatusFeed } from './certificates.status-feed'
export { VERIFY_FILE_PATH } from './certificates.verify-file'
