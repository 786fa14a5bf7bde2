import { createApiClient, type FetchImpl } from '@bdc/bff/client'
import type { ClientResponse } from 'hono/client'
import { withAuth } from './auth-transport'
import { unwrap } from './response'
import { taroFetch, type ResponseLike } from './taro-fetch'

/**
 * The one way the app reaches the BFF: its typed hono client over Taro.request, with the
 * platform's credentials added. The compiler checks every path, parameter, body and answer
 * against the BFF's route contracts, so a renamed route or field breaks the app build, not the
 * citizen. The feature modules beside this file (auth.ts, properties.ts, …) are all built on it.
 *
 * BFF_BASE_URL is a build-time constant: an absolute URL on weapp; '' on H5, where the BFF serves
 * the app, so it is this page's own origin (hc's `$url()` needs an absolute base).
 */
export const client = createApiClient(BFF_BASE_URL || window.location.origin, withAuth(taroFetch) as unknown as FetchImpl)

/** What a call's 2xx answer carries. */
type Success<R> = R extends ClientResponse<infer T, infer S, 'json'> ? (S extends 200 | 201 ? T : never) : never

/** The body of a call's 2xx answer, or the BFF's error envelope thrown as ApiError. */
export async function call<R>(pending: Promise<R>): Promise<Success<R>> {
  // hc only reads ok/status/json from what our fetch returns, which ResponseLike provides.
  return unwrap<Success<R>>((await pending) as unknown as ResponseLike)
}

/** A path parameter as one URL segment: hc puts parameters into the path as they are. */
export const segment = (value: string) => encodeURIComponent(value)
