/** Route contracts behind a session: the guard middleware and the 401 it answers come with the builder. */
import { createRoute, type RouteConfig } from '@hono/zod-openapi'
import { unauthorized } from '../../lib/openapi'
import { requireSession, requireStepUp } from './sessions.middleware'

type GuardedRouteConfig<P extends string> = Omit<RouteConfig, 'path' | 'middleware'> & { path: P }

/** A route builder that puts `middleware` in front and documents the 401 (unless the route words it itself). */
const guardedRoute =
  <M extends NonNullable<RouteConfig['middleware']>>(middleware: M) =>
  <P extends string, R extends GuardedRouteConfig<P>>(route: R) =>
    createRoute({ ...route, middleware, responses: { 401: unauthorized, ...route.responses } })

/** A route for a logged-in citizen (requireSession; 401 when there is no session). */
export const sessionRoute = guardedRoute([requireSession] as const)

/** A route that also needs a recent face check (requireSession, then requireStepUp). */
export const stepUpRoute = guardedRoute([requireSession, requireStepUp] as const)
