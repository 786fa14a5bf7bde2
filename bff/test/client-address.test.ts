/**
 * Client addresses from trusted proxies only (issue 12 §4). X-Forwarded-For is believed only when
 * the socket peer is one of TRUSTED_PROXIES, and then read from the right (the right-most hop that is
 * not a trusted proxy). Through a real Node server (main.ts's doors): the BFF trusts `::1` only, so
 * the same server is reached from an untrusted peer (127.0.0.1) and through a trusted proxy (::1).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { ConfigError, loadConfig } from '../src/config'
import { withVerifyRoute } from '../src/features/certificates/certificates.verify-route'
import { clientAddress, trustCheck } from '../src/lib/client-address'
import { securityHeaders } from '../src/lib/security-headers'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

describe('clientAddress', () => {
  const trusted = trustCheck(['10.0.0.0/8', 'fd00::/8', '192.0.2.1'])
  it('an untrusted peer is the client, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.5', '198.51.100.1', trusted)).toBe('203.0.113.5')
    expect(clientAddress('::ffff:203.0.113.5', '10.1.1.1', trusted)).toBe('203.0.113.5')
    expect(clientAddress('2001:db8::1', '198.51.100.1', trusted)).toBe('2001:db8::1')
  })
  it('through trusted proxies: the right-most hop that is not one of them', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.1', trusted)).toBe('198.51.100.1')
    // the client forged the left part; our proxies appended the rest
    expect(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.1, 10.9.9.9', trusted)).toBe('198.51.100.1')
    expect(clientAddress('::ffff:10.0.0.2', '[2001:db8::7]:4431, fd00::3', trusted)).toBe('2001:db8::7')
    expect(clientAddress('192.0.2.1', '198.51.100.9:5000', trusted)).toBe('198.51.100.9')
    // garbage a trusted proxy would not write: the hop that wrote it is the proxy itself
    expect(clientAddress('10.0.0.2', 'evil, not-an-ip', trusted)).toBe('10.0.0.2')
    // no header: the proxy itself
    expect(clientAddress('10.0.0.2', undefined, trusted)).toBe('10.0.0.2')
  })
  it('by default nothing is trusted', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.1', trustCheck([]))).toBe('10.0.0.2')
  })
  it('TRUSTED_PROXIES takes CIDRs and addresses, IPv4 and IPv6, and refuses anything else', () => {
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8,127.0.0.1' }).trustedProxies).toEqual(['10.0.0.0/8', 'fd00::/8', '127.0.0.1'])
    expect(loadConfig({}).trustedProxies).toEqual([])
    for (const bad of ['10.0.0.0/33', 'proxy.example', '10.0.0.0/8/1', 'fd00::/129']) expect(() => loadConfig({ TRUSTED_PROXIES: bad })).toThrow(ConfigError)
  })
})

function send(host: string, port: number, method: string, path: string, body: string | undefined, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ port, host, method, path, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }))
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

describe.each(DB_KINDS)('client addresses through a Node server on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let server: http.Server
  let port: number
  let code: string
  beforeAll(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env: { TRUSTED_PROXIES: '::1/128' } })
    const listener = getRequestListener(bff.boot.app.fetch)
    server = http.createServer(withVerifyRoute(bff.boot.deps, securityHeaders(bff.boot.deps.config), listener))
    await new Promise<void>((r) => server.listen(0, '::', r))
    port = (server.address() as AddressInfo).port
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
    const list = await bodyOf(await api.$get(), 200)
    code = (await bodyOf(await api[':licenseId']['live-code'].$post({ param: { licenseId: list.items[0]!.licenseId } }), 200)).url
  })
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()))
    await bff.close()
  })
  const verify = (host: string, xff: string) =>
    send(host, port, 'POST', '/api/certificates/verify', JSON.stringify({ code }), { 'content-type': 'application/json', 'x-forwarded-for': xff })
  const accessLines = () => bff.logs.map((l) => JSON.parse(l) as { msg: string; ip?: string; path?: string }).filter((l) => l.msg === 'request')

  it('from an untrusted peer, rotating X-Forwarded-For does not escape the 60/min verify limit', async () => {
    bff.clock.advance(120_000)
    const statuses: number[] = []
    for (let i = 0; i < 150; i++) statuses.push((await verify('127.0.0.1', `198.51.100.${i % 250}, 203.0.113.${i % 200}`)).status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(60)
    expect(statuses.filter((s) => s === 429)).toHaveLength(90)
    // the access log names the socket address, not the header
    const lines = accessLines().filter((l) => l.path === '/api/certificates/verify').slice(-150)
    expect(new Set(lines.map((l) => l.ip))).toEqual(new Set(['127.0.0.1']))
  })

  it('through a trusted proxy the real client is counted: its 61st is refused, another client behind the same proxy is not', async () => {
    bff.clock.advance(120_000)
    for (let i = 0; i < 60; i++) expect((await verify('::1', `6.6.6.6, 198.51.100.200`)).status).toBe(200)
    const refused = await verify('::1', '7.7.7.7, 198.51.100.200')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    expect((await verify('::1', '198.51.100.201')).status).toBe(200)
    expect(accessLines().at(-1)).toMatchObject({ path: '/api/certificates/verify', ip: '198.51.100.201' })
    // the Hono access log uses the same helper
    await send('::1', port, 'GET', '/healthz', undefined, { 'x-forwarded-for': '198.51.100.202' })
    await send('127.0.0.1', port, 'GET', '/healthz', undefined, { 'x-forwarded-for': '198.51.100.203' })
    const health = accessLines().filter((l) => l.path === '/healthz').slice(-2)
    expect(health.map((l) => l.ip)).toEqual(['198.51.100.202', '127.0.0.1'])
  })
})
