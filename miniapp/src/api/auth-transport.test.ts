import { afterEach, describe, expect, it, vi } from 'vitest'
import { authHeaders, clearToken, csrfToken, readCookie, setToken, withAuth } from './auth-transport'
import type { FetchLike } from './taro-fetch'

afterEach(() => {
  process.env.TARO_ENV = 'h5'
  document.cookie = 'bdc_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
})

describe('H5: cookie session + CSRF double submit', () => {
  it('reads a cookie by exact name', () => {
    expect(readCookie('bdc_csrf', 'a=1; bdc_csrf=tok%2B1; bdc_csrf2=no')).toBe('tok+1')
    expect(readCookie('missing', 'a=1')).toBeNull()
  })

  it('under https takes the CSRF token from the __Host- cookie', () => {
    expect(csrfToken('bdc_csrf=planted; __Host-bdc_csrf=real')).toBe('real')
    expect(csrfToken('bdc_csrf=plain')).toBe('plain')
    expect(csrfToken('a=1')).toBeNull()
  })

  it('sends X-CSRF-Token on unsafe methods only, never a bearer token', () => {
    document.cookie = 'bdc_csrf=csrf-123'
    expect(authHeaders('POST')).toEqual({ 'X-CSRF-Token': 'csrf-123' })
    expect(authHeaders('delete')).toEqual({ 'X-CSRF-Token': 'csrf-123' })
    expect(authHeaders('GET')).toEqual({})
  })

  it('withAuth merges the headers into the request', async () => {
    document.cookie = 'bdc_csrf=c1'
    const base = vi.fn<FetchLike>().mockResolvedValue({ ok: true, status: 200, headers: { get: () => null }, json: async () => ({}), text: async () => '' })
    await withAuth(base)('/api/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' } })
    expect(base.mock.calls[0]![1]!.headers).toEqual({ 'Content-Type': 'application/json', 'X-CSRF-Token': 'c1' })
  })
})

describe('weapp: bearer token from storage', () => {
  it('sends Authorization once a token is stored, and stops after clearToken', () => {
    process.env.TARO_ENV = 'weapp'
    expect(authHeaders('GET')).toEqual({})
    setToken('t-abc')
    expect(authHeaders('GET')).toEqual({ Authorization: 'Bearer t-abc' })
    expect(authHeaders('POST')).toEqual({ Authorization: 'Bearer t-abc' })
    clearToken()
    expect(authHeaders('GET')).toEqual({})
  })
})
