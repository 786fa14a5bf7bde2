import Taro from '@tarojs/taro'
import { headersToRecord, type FetchLike } from './taro-fetch'

/**
 * How a request proves who is asking. The two targets differ on purpose:
 * - H5 rides the BFF's HttpOnly session cookie; cookies travel by themselves, so unsafe
 *   methods must echo the readable `bdc_csrf` cookie (`__Host-bdc_csrf` under https) in
 *   `X-CSRF-Token` (double submit).
 * - weapp has no cookie jar worth trusting, so the container login returns a bearer token we keep
 *   in Taro storage.
 */

const TOKEN_KEY = 'bdc_token'
const CSRF_COOKIE = 'bdc_csrf'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const isWeapp = () => process.env.TARO_ENV !== 'h5'

export function getToken(): string | null {
  if (!isWeapp()) return null
  const t: unknown = Taro.getStorageSync(TOKEN_KEY)
  return typeof t === 'string' && t ? t : null
}

export function setToken(token: string): void {
  if (isWeapp()) Taro.setStorageSync(TOKEN_KEY, token)
}

export function clearToken(): void {
  if (isWeapp()) Taro.removeStorageSync(TOKEN_KEY)
}

/** Value of one cookie from `document.cookie` (H5 only). */
export function readCookie(name: string, cookieString: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return null
}

/**
 * The CSRF double-submit token: under https the BFF names its cookies `__Host-…` (only a secure
 * response of our own origin can set them), so that name wins over the plain one.
 */
export function csrfToken(cookieString?: string): string | null {
  return readCookie(`__Host-${CSRF_COOKIE}`, cookieString) ?? readCookie(CSRF_COOKIE, cookieString)
}

/** The headers one request needs to authenticate, given its method. */
export function authHeaders(method: string): Record<string, string> {
  if (isWeapp()) {
    const token = getToken()
    return token ? { Authorization: `Bearer ${token}` } : {}
  }
  if (!UNSAFE.has(method.toUpperCase())) return {}
  const csrf = csrfToken()
  return csrf ? { 'X-CSRF-Token': csrf } : {}
}

/** Wrap a fetch so every call carries the platform's credentials. */
export function withAuth(base: FetchLike): FetchLike {
  return (input, init = {}) => {
    const method = init.method ?? 'GET'
    const headers = { ...headersToRecord(init.headers), ...authHeaders(method) }
    return base(input, { ...init, method, headers })
  }
}
