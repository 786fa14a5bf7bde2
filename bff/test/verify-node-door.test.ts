/**
 * The Node door of public verification (certificates.verify-route.ts withVerifyRoute, used by main.ts):
 * a real HTTP server whose POST /api/certificates/verify goes from the socket straight to the handler,
 * every other request to Hono. It must answer exactly as the in-process (Hono) door does. The requests
 * to that server are raw on purpose: the transport is what this file tests.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withVerifyRoute } from '../src/features/certificates/certificates.verify-route'
import { securityHeaders } from '../src/lib/security-headers'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

/** A JSON answer as read off the socket. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any

function send(port: number, method: string, path: string, body: string | string[] | undefined, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; json: Loose }>((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : null }))
    })
    req.on('error', reject)
    for (const part of body === undefined ? [] : Array.isArray(body) ? body : [body]) req.write(part)
    req.end()
  })
}

describe('verification through the Node door', () => {
  let bff: TestBff
  let server: http.Server
  let port: number
  let code: string
  beforeAll(async () => {
    bff = await startTestBff()
    const listener = getRequestListener(bff.boot.app.fetch)
    server = http.createServer(withVerifyRoute(bff.boot.deps, securityHeaders(bff.boot.deps.config), listener))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
    const list = await bodyOf(await api.$get(), 200)
    code = (await bodyOf(await api[':licenseId']['live-code'].$post({ param: { licenseId: list.items[0]!.licenseId } }), 200)).url
  })
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()))
    await bff.close()
  })

  const json = { 'content-type': 'application/json' }
  const post = (body: string | string[], headers: Record<string, string> = {}) => send(port, 'POST', '/api/certificates/verify', body, { ...json, ...headers })

  it('answers a code as the in-process door does, with the same headers', async () => {
    const viaNode = await post(JSON.stringify({ code }), { 'x-forwarded-for': '192.0.2.10' })
    const viaHono = await bff.api().certificates.verify.$post({ json: { code } }, { headers: { 'x-forwarded-for': '192.0.2.11' } })
    expect(viaNode.status).toBe(200)
    expect(viaNode.json.status).toBe('valid')
    expect({ ...viaNode.json, checkedAt: '' }).toEqual({ ...(await bodyOf(viaHono, 200)), checkedAt: '' })
    const drop = ['x-request-id', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']
    const pick = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => !drop.includes(k)))
    expect(pick(viaNode.headers)).toEqual(pick(Object.fromEntries(viaHono.headers)))
    expect(viaNode.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(Number(viaNode.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(viaNode.json)))
  })

  it('refuses bad bodies with the same envelope: malformed JSON, missing code, too large (declared or streamed)', async () => {
    const malformed = await post('{"code":', { 'x-request-id': 'req-1' })
    expect(malformed).toMatchObject({ status: 400, json: { code: 'MALFORMED_JSON' } })
    // the envelope carries our own request id (the same as the header), never the client's
    expect(malformed.json.requestId).toMatch(/^[0-9a-f-]{36}$/)
    const missing = await post('{}')
    expect(missing).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED' } })
    expect(missing.json.details[0].message).toMatch(/[\u4e00-\u9fa5]/)
    const big = JSON.stringify({ code: 'x'.repeat(70_000) })
    expect(await post(big)).toMatchObject({ status: 413, json: { code: 'PAYLOAD_TOO_LARGE' } })
    expect(await post([big.slice(0, 40_000), big.slice(40_000)], { 'transfer-encoding': 'chunked' })).toMatchObject({ status: 413, json: { code: 'PAYLOAD_TOO_LARGE' } })
  })

  it('counts the socket address, not an X-Forwarded-For the client wrote (no trusted proxy): the 61st check in a minute is refused with Retry-After', async () => {
    bff.clock.advance(60_000) // the first test's check is out of the minute
    for (let i = 0; i < 60; i++) expect((await post(JSON.stringify({ code }), { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200)
    const refused = await post(JSON.stringify({ code }), { 'x-forwarded-for': '198.51.100.77' })
    expect(refused).toMatchObject({ status: 429, json: { code: 'RATE_LIMITED' } })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('leaves every other request to Hono', async () => {
    const trust = await send(port, 'GET', '/api/certificates/trust-list', undefined, {})
    expect(trust.status).toBe(200)
    expect(trust.json.keys.length).toBeGreaterThanOrEqual(2)
    // a GET of the same path is Hono's: the certificate detail route, which wants a login
    expect((await send(port, 'GET', '/api/certificates/verify', undefined, {})).json.code).toBe('UNAUTHENTICATED')
  })
})
