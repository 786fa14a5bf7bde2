import { messageFor, type ErrorBody } from '@bdc/shared/errors'

/**
 * Errors the UI can act on. Every one carries Chinese copy a citizen understands; no stack
 * trace or English exception ever reaches the screen.
 */

/** The BFF answered with its `{ code, message }` error shape (or something we could not read). */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly requestId?: string
  readonly details?: ErrorBody['details']

  constructor(status: number, body: Partial<ErrorBody> | null) {
    const code = body?.code ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN')
    // Prefer our own copy for known codes: the server's message is Chinese too, but the client
    // copy is what tests pin and keeps wording consistent across app versions.
    super(body?.code ? messageFor(body.code) : (body?.message ?? messageFor(undefined)))
    this.name = 'ApiError'
    this.code = code
    this.status = status
    if (body?.requestId) this.requestId = body.requestId
    if (body?.details) this.details = body.details
  }
}

export type NetworkFailure = 'offline' | 'timeout'

/** The request never got an HTTP answer (no network, DNS, TLS, timeout). */
export class NetworkError extends Error {
  readonly code = 'NETWORK'
  readonly reason: NetworkFailure

  constructor(reason: NetworkFailure) {
    super(reason === 'timeout' ? '网络请求超时，请检查网络后重试' : '网络连接失败，请检查网络后重试')
    this.name = 'NetworkError'
    this.reason = reason
  }
}

/** Chinese copy for anything thrown by the API layer (or by a bug: never show raw text). */
export function userMessage(err: unknown): string {
  if (err instanceof ApiError || err instanceof NetworkError) return err.message
  return messageFor(undefined)
}

/** 401: the session is missing or expired → the page should send the user to login. */
export function isAuthError(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 401 || err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED')
}

/** Worth a 重试 button: network trouble, provincial outages, rate limits, 5xx. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof NetworkError) return true
  if (err instanceof ApiError) return err.status >= 500 || err.status === 429 || err.code.startsWith('UPSTREAM_')
  return true
}
