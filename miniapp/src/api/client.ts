import { withAuth } from './auth-transport'
import { createFetchEndpoints, type Endpoints } from './endpoints'
import { taroFetch } from './taro-fetch'

/**
 * The one API instance the app uses. BFF_BASE_URL is a build-time constant: '' on H5 (the BFF
 * serves the app, same origin), an absolute URL on weapp.
 */
export const api: Endpoints = createFetchEndpoints(BFF_BASE_URL, withAuth(taroFetch))
