import { describe, expect, it } from 'vitest'
import { ApiError, NetworkError, isAuthError, isRetryable, userMessage } from './errors'
import { unwrap } from './response'
import type { ResponseLike } from './taro-fetch'

const res = (status: number, body: unknown): ResponseLike => ({
  ok: status >= 200 && status < 300,
  status,
  headers: { get: () => null },
  json: () => (body === undefined ? Promise.reject(new SyntaxError('not json')) : Promise.resolve(body)),
  text: () => Promise.resolve(JSON.stringify(body)),
})

describe('error → Chinese copy', () => {
  it('maps known codes to the shared copy', () => {
    expect(new ApiError(401, { code: 'SESSION_EXPIRED', message: 'x' }).message).toBe('登录已过期，请重新登录')
    expect(new ApiError(503, { code: 'UPSTREAM_UNAVAILABLE', message: 'x' }).message).toBe('省级服务暂时不可用，请稍后再试')
    expect(new ApiError(404, { code: 'PROPERTY_NOT_FOUND', message: 'x' }).message).toBe('未找到该不动产，或它不在您的名下')
  })

  it('never shows raw text for bodies it cannot read or for bugs', () => {
    expect(new ApiError(502, null).message).toBe('系统繁忙，请稍后再试')
    expect(userMessage(new TypeError('undefined is not a function'))).toBe('系统繁忙，请稍后再试')
    expect(userMessage(new NetworkError('offline'))).toBe('网络连接失败，请检查网络后重试')
  })

  it('classifies 401s as auth errors', () => {
    expect(isAuthError(new ApiError(401, { code: 'UNAUTHENTICATED', message: '' }))).toBe(true)
    expect(isAuthError(new ApiError(401, { code: 'SESSION_EXPIRED', message: '' }))).toBe(true)
    expect(isAuthError(new ApiError(403, { code: 'FORBIDDEN', message: '' }))).toBe(false)
    expect(isAuthError(new NetworkError('offline'))).toBe(false)
  })

  it('offers 重试 for upstream outages and network trouble, not for 404s', () => {
    expect(isRetryable(new ApiError(503, { code: 'UPSTREAM_TIMEOUT', message: '' }))).toBe(true)
    expect(isRetryable(new ApiError(502, { code: 'UPSTREAM_BAD_RESPONSE', message: '' }))).toBe(true)
    expect(isRetryable(new NetworkError('timeout'))).toBe(true)
    expect(isRetryable(new ApiError(404, { code: 'PROPERTY_NOT_FOUND', message: '' }))).toBe(false)
  })
})

describe('unwrap', () => {
  it('returns the body of a 2xx answer', async () => {
    await expect(unwrap(res(200, { ok: true }))).resolves.toEqual({ ok: true })
  })

  it('throws ApiError with code, status and requestId from the error body', async () => {
    const err = (await unwrap(res(503, { code: 'UPSTREAM_UNAVAILABLE', message: 'm', requestId: 'req-1' })).catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE')
    expect(err.status).toBe(503)
    expect(err.requestId).toBe('req-1')
  })

  it('copes with a non-JSON error page from a proxy', async () => {
    const err = (await unwrap(res(502, undefined)).catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('INTERNAL')
    expect(err.message).toBe('系统繁忙，请稍后再试')
  })
})
