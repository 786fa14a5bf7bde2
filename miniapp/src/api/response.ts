import { isErrorBody } from '@bdc/shared/errors'
import { ApiError } from './errors'
import type { ResponseLike } from './taro-fetch'

/** Body of a 2xx answer as T, or the BFF's error shape thrown as ApiError. */
export async function unwrap<T>(res: ResponseLike): Promise<T> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // Not JSON (a proxy's HTML error page, say): fall through with no body.
  }
  return bodyOf<T>(res.ok, res.status, body)
}

/** The parsed body of an answer as T when `ok`, else the BFF's error shape thrown as ApiError (also used by uploads). */
export function bodyOf<T>(ok: boolean, status: number, body: unknown): T {
  if (!ok) throw new ApiError(status, isErrorBody(body) ? body : null)
  if (body === null) throw new ApiError(502, { code: 'UPSTREAM_BAD_RESPONSE', message: '' })
  // Trusted shape: the BFF validates responses against the shared zod schemas before sending.
  return body as T
}
