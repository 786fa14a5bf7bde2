import { beforeEach, describe, expect, it, vi } from 'vitest'
import Taro from '@tarojs/taro'
import { NetworkError } from './errors'
import { REQUEST_TIMEOUT_MS, taroFetch } from './taro-fetch'

const request = Taro.request as unknown as ReturnType<typeof vi.fn>

describe('taroFetch (fetch over Taro.request)', () => {
  beforeEach(() => request.mockReset())

  it('returns a Response-like object with parsed JSON and case-insensitive headers', async () => {
    request.mockResolvedValue({ statusCode: 200, header: { 'Content-Type': 'application/json', 'X-Request-Id': 'r1' }, data: '{"ok":true}' })
    const res = await taroFetch('/api/me', { method: 'get' })
    expect(res.ok).toBe(true)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-request-id')).toBe('r1')
    expect(await res.json()).toEqual({ ok: true })
    expect(await res.text()).toBe('{"ok":true}')
  })

  it('asks for text, upper-cases the method, flattens Headers and uses a 10 s timeout', async () => {
    request.mockResolvedValue({ statusCode: 201, header: {}, data: '' })
    const headers = new Headers({ 'Content-Type': 'application/json' })
    await taroFetch('/api/auth/container', { method: 'post', headers, body: '{"code":"abc"}' })
    const opts = request.mock.calls[0]![0]
    expect(opts).toMatchObject({ url: '/api/auth/container', method: 'POST', dataType: 'text', timeout: REQUEST_TIMEOUT_MS, data: '{"code":"abc"}' })
    expect(opts.header['content-type']).toBe('application/json')
    expect(REQUEST_TIMEOUT_MS).toBe(10_000)
  })

  it('keeps error statuses as responses (not throws) so the caller can read the error body', async () => {
    request.mockResolvedValue({ statusCode: 503, header: {}, data: '{"code":"UPSTREAM_UNAVAILABLE","message":"x"}' })
    const res = await taroFetch('/api/properties')
    expect(res.ok).toBe(false)
    expect(res.status).toBe(503)
  })

  it('re-serialises data a runtime already parsed', async () => {
    request.mockResolvedValue({ statusCode: 200, header: {}, data: { items: [] } })
    expect(await (await taroFetch('/x')).json()).toEqual({ items: [] })
  })

  it('turns a network failure into NetworkError with Chinese copy', async () => {
    request.mockRejectedValueOnce({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' })
    const err = await taroFetch('/api/me').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect((err as NetworkError).reason).toBe('offline')
    expect((err as NetworkError).message).toBe('网络连接失败，请检查网络后重试')
  })

  it('recognises a timeout (weapp errMsg and H5 AbortError)', async () => {
    request.mockRejectedValueOnce({ errMsg: 'request:fail timeout' })
    expect(((await taroFetch('/a').catch((e: unknown) => e)) as NetworkError).reason).toBe('timeout')
    request.mockRejectedValueOnce(Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' }))
    const err = (await taroFetch('/a').catch((e: unknown) => e)) as NetworkError
    expect(err.reason).toBe('timeout')
    expect(err.message).toContain('超时')
  })
})
