/** Type-only entry for clients: `hc<AppType>` knows every route, body and response. */
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { ApiRoutes } from './app'
import type { AppEnv } from './env'
import type { verifyRoute } from './features/certificates/certificates.routes'

type SchemaOf<T> = T extends OpenAPIHono<AppEnv, infer S, '/'> ? S : never
declare const _contractOnly: OpenAPIHono<AppEnv>
/** Public verification is answered ahead of the middleware chain (no handler in apiRoutes); its contract still types the client. */
type VerifyRoutes = ReturnType<typeof _contractOnly.openapi<typeof verifyRoute>>

export type AppType = OpenAPIHono<AppEnv, SchemaOf<ApiRoutes> | SchemaOf<VerifyRoutes>, '/'>
