/**
 * The typed client for the app. Runtime cost is hono's tiny client only (the route types are
 * erased); the caller supplies `fetch` — `Taro.request` underneath on both targets.
 */
import { hc } from 'hono/client'
import type { AppType } from './app-type'

export type FetchImpl = (input: string, init?: RequestInit) => Promise<Response>

export function createApiClient(baseUrl: string, fetchImpl: FetchImpl, headers?: () => Record<string, string>) {
  return hc<AppType>(`${baseUrl.replace(/\/+$/, '')}/api`, {
    fetch: fetchImpl as typeof fetch,
    headers: headers ?? (() => ({})),
  })
}

export type ApiClient = ReturnType<typeof createApiClient>
