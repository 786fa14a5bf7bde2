/** Type-only entry for clients: `hc<AppType>` knows every route, body and response. */
export type { ApiRoutes as AppType } from './app'
