import Taro from '@tarojs/taro'
import { NetworkError } from './errors'

/**
 * A fetch-compatible adapter over `Taro.request`, so hono's typed `hc` client (client.ts) runs in
 * the WeChat-format mini-program, which has no `fetch`, and on H5 alike.
 * Only what hc needs is implemented: no streaming, no Request objects.
 */

export const REQUEST_TIMEOUT_MS = 10_000

export interface ResponseLike {
  ok: boolean
  status: number
  headers: { get(name: string): string | null }
  json(): Promise<unknown>
  text(): Promise<string>
}

export interface FetchInitLike {
  method?: string
  headers?: HeadersInitLike
  body?: unknown
  /** Longer than REQUEST_TIMEOUT_MS for the few calls that need it (the face-check upload). */
  timeoutMs?: number
}

export type HeadersInitLike = Record<string, string> | [string, string][] | { forEach(cb: (value: string, key: string) => void): void }

export type FetchLike = (input: string | { toString(): string }, init?: FetchInitLike) => Promise<ResponseLike>

/** Flatten every headers shape fetch accepts (Headers, pairs, record) into a plain record. */
export function headersToRecord(h: HeadersInitLike | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!h) return out
  if (Array.isArray(h)) {
    for (const [k, v] of h) out[k] = v
  } else if (typeof (h as { forEach?: unknown }).forEach === 'function') {
    ;(h as { forEach(cb: (value: string, key: string) => void): void }).forEach((v, k) => {
      out[k] = v
    })
  } else {
    Object.assign(out, h)
  }
  return out
}

function responseFrom(statusCode: number, header: Record<string, unknown> | undefined, data: unknown): ResponseLike {
  const lower: Record<string, string> = {}
  for (const [k, v] of Object.entries(header ?? {})) lower[k.toLowerCase()] = String(v)
  // We ask for text so both platforms behave alike; a runtime that parsed anyway gets re-serialised.
  const text = typeof data === 'string' ? data : data == null ? '' : JSON.stringify(data)
  return {
    ok: statusCode >= 200 && statusCode < 300,
    status: statusCode,
    headers: { get: (name) => lower[name.toLowerCase()] ?? null },
    text: () => Promise.resolve(text),
    json: () => {
      try {
        return Promise.resolve(text === '' ? null : (JSON.parse(text) as unknown))
      } catch (e) {
        return Promise.reject(e)
      }
    },
  }
}

type TaroMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'TRACE' | 'CONNECT'

export const taroFetch: FetchLike = async (input, init = {}) => {
  const method = (init.method ?? 'GET').toUpperCase() as TaroMethod
  let res: Taro.request.SuccessCallbackResult<string>
  try {
    res = await Taro.request<string>({
      url: String(input),
      method,
      header: headersToRecord(init.headers),
      data: init.body as string | undefined,
      dataType: 'text',
      responseType: 'text',
      timeout: init.timeoutMs ?? REQUEST_TIMEOUT_MS,
      // H5: send the session cookie; the BFF serves the H5 app, so it is same-origin anyway.
      credentials: 'same-origin',
    })
  } catch (err) {
    // weapp: errMsg "request:fail timeout"; H5: AbortError when Taro's timer fires.
    const msg = String((err as { errMsg?: string; message?: string; name?: string })?.errMsg ?? (err as Error)?.message ?? '')
    const isTimeout = /timeout|timed out|abort/i.test(msg) || (err as { name?: string })?.name === 'AbortError'
    throw new NetworkError(isTimeout ? 'timeout' : 'offline')
  }
  return responseFrom(res.statusCode, res.header as Record<string, unknown> | undefined, res.data)
}
