/**
 * The 6 MB face-answer JSON is bounded before it is parsed (issue 12 §5): lib/body.ts JsonGuard
 * checks shape, depth, lengths and control characters as the bytes arrive, so a hostile body is
 * refused (400, the envelope) before JSON.parse or the schema ever see it — through the Node server
 * and in-process alike. A well-formed answer passes the guard untouched.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JsonGuard } from '../src/lib/body'
import { LIVENESS_BODY_GUARD } from '../src/features/liveness/liveness.routes'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

const guardOf = (text: string, chunk = 7) => {
  const g = new JsonGuard(LIVENESS_BODY_GUARD)
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += chunk) {
    const p = g.push(bytes.subarray(i, i + chunk))
    if (p) return p
  }
  return g.end()
}

const MB6 = 6 * 1024 * 1024 - 1024
/** Bodies an attacker would send: each about 6 MB, each costly to parse or validate whole. */
export const HOSTILE_BODIES: Record<string, () => string> = {
  'millions of numbers': () => `{"nonce":"${'n'.repeat(20)}","frames":[${'1,'.repeat(MB6 / 2)}1]}`,
  'deep nesting': () => `{"frames":${'['.repeat(MB6 / 2)}${']'.repeat(MB6 / 2)}}`,
  'one enormous string': () => `{"nonce":"${'a'.repeat(MB6)}"}`,
  'escapes everywhere': () => `{"frames":[{"image":"${'\\u0041'.repeat(MB6 / 6)}"}]}`,
  'many tiny objects': () => `{"frames":[${'{},'.repeat(MB6 / 3)}{}]}`,
  'many keys': () => `{${Array.from({ length: MB6 / 12 }, (_, i) => `"k${i}":0`).join(',')}}`,
  'a huge number': () => `{"frames":[{"t":${'9'.repeat(MB6)}}]}`,
}

describe('JsonGuard', () => {
  it('passes a well-formed face answer, split anywhere', () => {
    const frames = Array.from({ length: 24 }, (_, i) => ({ t: i * 150, step: i % 4, image: 'QUJD'.repeat(70_000) }))
    const body = JSON.stringify({ nonce: 'x'.repeat(32), frames })
    for (const chunk of [1, 7, 65_536]) expect(guardOf(body, chunk)).toBeNull()
    // TAB/LF/CR escapes and ordinary escapes are fine; \u00e9 is not a control character
    expect(guardOf('{"a":"x\\ty\\nz\\r\\"q\\\\ \\u00e9 \\/"}')).toBeNull()
  })
  it('refuses each hostile body at the first bound it breaks', () => {
    for (const [name, make] of Object.entries(HOSTILE_BODIES)) expect(guardOf(make(), 65_536), name).toMatchObject({ kind: 'shape' })
  })
  it('refuses control characters in strings, escaped or raw, across chunk boundaries', () => {
    for (const s of ['{"a":"\\u0000"}', '{"a":"\\u001F"}', '{"a":"\\b"}', '{"a":"\\f"}', '{"a":"\\u007f"}', '{"a":"\\u0085"}', '{"a":"\u0085"}', '{"a":"\u007f"}'])
      for (const chunk of [1, 3, 100]) expect(guardOf(s, chunk), `${JSON.stringify(s)} / ${chunk}`).toEqual({ kind: 'control' })
  })
})

describe('hostile face-answer bodies against the BFF', () => {
  let bff: TestBff
  let server: http.Server
  let port: number
  let auth: Record<string, string>
  let path: string
  beforeAll(async () => {
    bff = await startTestBff()
    server = http.createServer(getRequestListener(bff.boot.app.fetch))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
    auth = (await loginWeapp(bff, 'c-zhangwei')).auth
    const c = await bodyOf(await bff.api(auth).liveness.challenges.$post(), 200)
    path = `/api/liveness/challenges/${c.id}/answer`
  })
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()))
    await bff.close()
  })
  /** POSTs `body` as a careful client does: in 64 KB writes, stopping as soon as the server has answered (it stops reading at the first bad byte). */
  const viaNode = (body: string) =>
    new Promise<{ status: number; json: { code: string; details?: { message: string }[] } }>((resolve, reject) => {
      let answered = false
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path, headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
        answered = true
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }))
      })
      req.on('socket', (s) => s.on('error', () => undefined))
      req.on('error', (e) => (answered ? undefined : reject(e)))
      const bytes = Buffer.from(body)
      const write = (from: number) => {
        for (let i = from; i < bytes.length; i += 65_536) {
          if (answered) return
          if (!req.write(bytes.subarray(i, i + 65_536))) return void req.once('drain', () => write(i + 65_536))
        }
        if (!answered) req.end()
      }
      write(0)
    })

  it('each is a 400 envelope, through the Node server and in-process, and the challenge stays open', async () => {
    for (const [name, make] of Object.entries(HOSTILE_BODIES)) {
      const body = make()
      const node = await viaNode(body)
      expect(node.status, name).toBe(400)
      expect(node.json.code, name).toBe('VALIDATION_FAILED')
      expect(node.json.details?.[0]?.message, name).toMatch(/[\u4e00-\u9fa5]/)
      const inProcess = await bff.request(path, { method: 'POST', body, headers: { ...auth, 'content-type': 'application/json' } })
      expect(inProcess.status, name).toBe(400)
    }
    // NUL in the nonce: the control-character answer of every other route
    const nul = await viaNode(JSON.stringify({ nonce: 'a\u0000'.repeat(10), frames: [] }))
    expect(nul).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED', details: [{ message: expect.stringMatching(/控制字符/) }] } })
    // nothing was consumed: a well-shaped (if useless) answer is still judged by the schema
    const plain = await viaNode(JSON.stringify({ nonce: 'n'.repeat(20), frames: [] }))
    expect(plain.status).toBe(400)
    expect(plain.json.details?.[0]?.message).toMatch(/至少需要 6 帧/)
    expect(bff.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
  })
})
