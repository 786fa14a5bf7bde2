import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv, Deps } from '../../env'
import { defaultHook } from '../../lib/validation'
import type { Deliverer } from '../../outbox/outbox'
import { deliverRating, deliverSubmission, INTAKE_SUBMIT, RATING_PUSH } from './applications.delivery'
import * as handlers from './applications.handlers'
import * as routes from './applications.routes'

export const applicationsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.listTypesRoute, handlers.listTypes)
  .openapi(routes.listApplicationsRoute, handlers.listApplications)
  .openapi(routes.createApplicationRoute, handlers.createApplication)
  .openapi(routes.getApplicationRoute, handlers.getApplication)
  .openapi(routes.saveDraftRoute, handlers.saveDraft)
  .openapi(routes.deleteDraftRoute, handlers.deleteDraft)
  .openapi(routes.uploadMaterialRoute, handlers.uploadMaterial)
  .openapi(routes.materialPreviewRoute, handlers.materialPreview)
  .openapi(routes.deleteMaterialRoute, handlers.deleteMaterial)
  .openapi(routes.submitRoute, handlers.submit)
  .openapi(routes.rateRoute, handlers.rateApplication)
  .openapi(routes.progressCallbackRoute, handlers.progressCallback)

/** What applications hand to the outbox: submissions for the intake, their ratings for the 好差评 sink. */
export const applicationsDeliverers = (deps: Deps): Deliverer[] => [
  { kind: INTAKE_SUBMIT, deliver: (ref) => deliverSubmission(deps, ref) },
  { kind: RATING_PUSH, deliver: (ref) => deliverRating(deps, ref) },
]
