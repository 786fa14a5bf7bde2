import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { defaultHook } from '../../lib/validation'
import * as handlers from './delegations.handlers'
import * as routes from './delegations.routes'

export const delegationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.createGrantRoute, handlers.createGrant)
  .openapi(routes.listGrantsRoute, handlers.listGrants)
  .openapi(routes.getGrantRoute, handlers.getGrant)
  .openapi(routes.revokeGrantRoute, handlers.revokeGrant)
  .openapi(routes.openDelegationRoute, handlers.openDelegation)

// For the proofs feature: a delegate's 查询结果证明 in the owner's name through a 'proof' grant.
export { proofGrant, type ProofPrincipal } from './delegations.service'
