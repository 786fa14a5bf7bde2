/** The upstream client's failure mapping, with the HTTP boundary faked (unit test). */
import { describe, expect, it } from 'vitest'
import { AppError } from '../lib/errors'
import { createLogger } from '../lib/logger'
import { createProvincialClient, UpstreamRejection, type FetchLike } from './client'

const client = (fetch: FetchLike, timeoutMs = 200) =>
  createProvincialClient({ baseUrl: 'http://p', clientId: 'id', clientSecret: 's'.repeat(16), timeoutMs, fetch, logger: createLogger('silent') })

const holder = { idType: '111' as const, idNumber: '510107199001011234' }
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p
    return 'resolved'
  } catch (e) {
    return e instanceof AppError ? e.code : e instanceof UpstreamRejection ? `rejected:${e.status}:${e.upstreamCode}` : String(e)
  }
}

describe('provincial client', () => {
  it('sends client credentials and personal identifiers only in the body', async () => {
    let seen: { url: string; init: RequestInit } | undefined
    await client(async (url, init) => {
      seen = { url, init }
      return Response.json({ holdings: [] })
    }).holdings(holder)
    expect(seen!.url).toBe('http://p/registry/holdings')
    expect(seen!.url).not.toContain('510107')
    expect((seen!.init.headers as Record<string, string>).authorization).toMatch(/^Basic /)
    expect(JSON.parse(seen!.init.body as string)).toEqual({ holder })
  })

  it('maps refused connections, 5xx, timeouts, bad JSON and contract violations to stable codes', async () => {
    expect(await codeOf(client(async () => Promise.reject(new TypeError('fetch failed'))).holdings(holder))).toBe('UPSTREAM_UNAVAILABLE')
    expect(await codeOf(client(async () => new Response('oops', { status: 502 })).holdings(holder))).toBe('UPSTREAM_UNAVAILABLE')
    expect(await codeOf(client(() => new Promise(() => {})).holdings(holder))).toBe('UPSTREAM_TIMEOUT')
    expect(await codeOf(client(async () => new Response('<html>', { status: 200 })).holdings(holder))).toBe('UPSTREAM_BAD_RESPONSE')
    expect(await codeOf(client(async () => Response.json({ holdings: [{ bdcdyh: 'short' }] })).holdings(holder))).toBe('UPSTREAM_BAD_RESPONSE')
  })

  it('a body that stalls after the headers still hits the deadline', async () => {
    const stalled: FetchLike = async () => new Response(new ReadableStream({ start() {} }), { status: 200 })
    const t = performance.now()
    expect(await codeOf(client(stalled, 100).holdings(holder))).toBe('UPSTREAM_TIMEOUT')
    expect(performance.now() - t).toBeLessThan(1000)
  })

  it('passes business rejections through for the feature to decide, but hides our own credential problems', async () => {
    expect(await codeOf(client(async () => Response.json({ code: 'NOT_FOUND', message: 'x' }, { status: 404 })).unitDetail('5'.repeat(28), holder))).toBe(
      'rejected:404:NOT_FOUND',
    )
    expect(await codeOf(client(async () => Response.json({ code: 'UNAUTHORIZED', message: 'x' }, { status: 401 })).holdings(holder))).toBe(
      'UPSTREAM_UNAVAILABLE',
    )
  })
})
