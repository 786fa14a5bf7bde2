import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { limitBody } from './body'

/** A JSON route behind limitBody, served by @hono/node-server (the Node fast path) and called in-process (Hono's own path). */
function makeApp() {
  const app = new Hono()
  app.use('*', limitBody({ maxSize: 64, onError: (c) => c.json({ code: 'PAYLOAD_TOO_LARGE' }, 413) }))
  app.post('/echo', async (c) => {
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      return c.json({ code: 'MALFORMED_JSON' }, 400)
    }
    // After c.req.json(), Hono's own path has used up the Request body; the Node path leaves it readable.
    let raw: string | null = null
    try {
      raw = await c.req.raw.clone().text()
    } catch {
      raw = null
    }
    return c.json({ body, raw })
  })
  app.post('/upload', async (c) => c.json({ size: (await c.req.arrayBuffer()).byteLength }))
  return app
}

/** Raw HTTP so the test controls Content-Length and chunking. */
function send(port: number, path: string, body: string | string[], headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', path, method: 'POST', headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null }))
    })
    req.on('error', reject)
    for (const part of Array.isArray(body) ? body : [body]) req.write(part)
    req.end()
  })
}

describe('limitBody', () => {
  let server: ServerType
  let port: number
  beforeAll(async () => {
    server = serve({ fetch: makeApp().fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const json = { 'content-type': 'application/json; charset=utf-8' }

  it('Node path: a JSON body reaches c.req.json() and c.req.raw alike (UTF-8, BOM dropped)', async () => {
    const text = '\uFEFF{"code":"核验"}'
    const r = await send(port, '/echo', text, { ...json, 'content-length': String(Buffer.byteLength(text)) })
    expect(r).toEqual({ status: 200, json: { body: { code: '核验' }, raw: '{"code":"核验"}' } })
  })

  it('Node path: too large by Content-Length, and too large while streaming chunks, are refused', async () => {
    const big = JSON.stringify({ code: 'x'.repeat(100) })
    expect((await send(port, '/echo', big, { ...json, 'content-length': String(big.length) })).status).toBe(413)
    expect((await send(port, '/echo', [big.slice(0, 40), big.slice(40)], { ...json, 'transfer-encoding': 'chunked' })).status).toBe(413)
    const small = '{"a":1}'
    expect(await send(port, '/echo', [small.slice(0, 3), small.slice(3)], { ...json, 'transfer-encoding': 'chunked' })).toMatchObject({ status: 200, json: { body: { a: 1 } } })
  })

  it('Node path: malformed JSON is the route\'s 400, not a crash', async () => {
    expect(await send(port, '/echo', '{"a":', { ...json, 'content-length': '5' })).toEqual({ status: 400, json: { code: 'MALFORMED_JSON' } })
  })

  it('non-JSON bodies keep Hono\'s own limit and reading', async () => {
    expect(await send(port, '/upload', 'abc', { 'content-type': 'application/octet-stream', 'content-length': '3' })).toEqual({ status: 200, json: { size: 3 } })
    expect((await send(port, '/upload', 'x'.repeat(100), { 'content-type': 'application/octet-stream', 'content-length': '100' })).status).toBe(413)
  })

  it('in-process requests (no Node socket) answer the same', async () => {
    const app = makeApp()
    const ok = await app.request('/echo', { method: 'POST', headers: json, body: '{"code":"核验"}' })
    expect(((await ok.json()) as { body: unknown }).body).toEqual({ code: '核验' })
    const big = await app.request('/echo', { method: 'POST', headers: json, body: JSON.stringify({ code: 'x'.repeat(100) }) })
    expect(big.status).toBe(413)
  })
})
