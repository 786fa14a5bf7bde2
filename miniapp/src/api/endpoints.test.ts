import { describe, expect, it, vi } from 'vitest'
import { createFetchEndpoints } from './endpoints'
import type { FetchLike, ResponseLike } from './taro-fetch'

const ok = (body: unknown): ResponseLike => ({ ok: true, status: 200, headers: { get: () => null }, json: async () => body, text: async () => JSON.stringify(body) })

describe('endpoints over fetch', () => {
  it('calls the BFF paths with the right methods and bodies', async () => {
    const f = vi.fn<FetchLike>().mockResolvedValue(ok({ ok: true }))
    const api = createFetchEndpoints('http://bff.test', f)
    await api.getMe()
    await api.getProperties()
    await api.getProperty('510104001001GB00001F00010001')
    await api.containerLogin('code-12345678')
    await api.devContainerCode('c1')
    await api.logout()
    await api.getDemoCitizens()
    const calls = f.mock.calls.map(([url, init]) => `${init?.method} ${String(url)} ${init?.body ?? ''}`.trim())
    expect(calls).toEqual([
      'GET http://bff.test/api/me',
      'GET http://bff.test/api/properties',
      'GET http://bff.test/api/properties/510104001001GB00001F00010001',
      'POST http://bff.test/api/auth/container {"code":"code-12345678"}',
      'POST http://bff.test/api/auth/dev-container-code {"citizenId":"c1"}',
      'POST http://bff.test/api/auth/logout {}',
      'GET http://bff.test/api/auth/demo-citizens',
    ])
  })

  it('builds the SSO login URL with an encoded returnTo (same origin on H5)', () => {
    const api = createFetchEndpoints('', vi.fn<FetchLike>())
    expect(api.loginUrl('/pages/properties/detail?unitCode=X')).toBe('/api/auth/login?returnTo=%2Fpages%2Fproperties%2Fdetail%3FunitCode%3DX')
  })
})
