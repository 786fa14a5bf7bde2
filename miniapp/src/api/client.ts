import { withAuth } from './auth-transport'
import type { Endpoints } from './endpoints'
import { createHcEndpoints } from './endpoints-hc'
import { taroFetch } from './taro-fetch'

/**
 * The one API instance the app uses: the BFF's typed hono client over Taro.request, with the
 * platform's credentials added. BFF_BASE_URL is a build-time constant: '' on H5 (the BFF serves
 * the app, same origin), an absolute URL on weapp. `createFetchEndpoints` (endpoints.ts) is the
 * same interface without hono, kept for tests and as a fallback.
 */
export const api: Endpoints = createHcEndpoints(BFF_BASE_URL, withAuth(taroFetch))
