import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './proofs.handlers'
import * as routes from './proofs.routes'

export const proofsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.listProofsRoute, handlers.listProofs)
  .openapi(routes.requestProofRoute, handlers.requestProof)
  .openapi(routes.delegateProofRoute, handlers.delegateProof)
  .openapi(routes.proofPdfRoute, handlers.proofPdf)

// For 我的查询记录: proofs issued in a citizen's name.
export { proofsAbout, type ProofIssued } from './proofs.service'
