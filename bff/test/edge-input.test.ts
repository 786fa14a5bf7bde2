/**
 * Never a 5xx for bad input (issue 12 §6, first part): a body that is not JSON on a JSON route is
 * 415 in the envelope; NUL and other control characters are refused at the edge (400) in the query,
 * path and JSON strings before any database sees them; and a failed query's parameters never reach
 * the log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DrizzleQueryError } from 'drizzle-orm/errors'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { createLogger, errorFields } from '../src/lib/logger'
import { bodyOf, errorOf, loginWeapp, startTestBff, type TestBff } from './helpers'

describe.each(DB_KINDS)('edge input on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let auth: Record<string, string>
  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    auth = (await loginWeapp(bff, 'c-zhangwei')).auth
  })
  afterEach(async () => {
    await bff.close()
  })
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    bff.request(path, { method: 'POST', body, headers: { ...auth, ...headers } })

  it('a JSON route given another Content-Type, or a body without one, answers 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const body = JSON.stringify({ address: '锦江区红星路' })
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const e = await errorOf(await post('/api/restriction-query/address', body, { 'content-type': type }), 415)
      expect(e).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/JSON/) })
      expect(e.requestId).toBeTruthy()
    }
    // no Content-Type at all (a Blob body: fetch adds none)
    const res = await bff.request('/api/restriction-query/address', { method: 'POST', body: new Blob([body]), headers: auth })
    expect(await errorOf(res, 415)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
    expect(bff.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
    // the right type still works
    expect((await post('/api/restriction-query/address', body, { 'content-type': 'application/json' })).status).toBe(200)
  })

  it('NUL in returnTo is refused with 400 before the login state is written; nothing logged as an error', async () => {
    for (const q of ['%00', '/pages/index%00x', '%01', '%7F', '%C2%85', '/a%0D%0ALocation:%20x']) {
      const res = await bff.request(`/api/auth/login?returnTo=${q}`)
      const e = await errorOf(res, 400)
      expect(e.code).toBe('VALIDATION_FAILED')
      expect(e.details?.[0]?.message).toMatch(/控制字符/)
    }
    const rows = await bff.boot.deps.db.execute('select count(*)::int as n from login_states')
    expect(Number((rows as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (rows as unknown as { n: number }[])[0]?.n)).toBe(0)
    expect(bff.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
  })

  it('control characters in a JSON string (restriction address, citizen id) are 400, never the simulator’s 503', async () => {
    for (const address of ['锦江区\u0000', '\u0007红星路', 'a\u001bb', '\u0085']) {
      const e = await errorOf(await post('/api/restriction-query/address', JSON.stringify({ address }), { 'content-type': 'application/json' }), 400)
      expect(e).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '(body)' }] })
    }
    const e = await errorOf(
      await bff.request('/api/auth/dev-container-code', { method: 'POST', body: JSON.stringify({ citizenId: 'c-zhangwei\u0000' }), headers: { 'content-type': 'application/json' } }),
      400,
    )
    expect(e.code).toBe('VALIDATION_FAILED')
    // An escaped backslash followed by "u0000" is plain text, not NUL: not refused as a control character.
    const plain = await post('/api/restriction-query/address', '{"address":"锦江区红星路\\\\u0000"}', { 'content-type': 'application/json' })
    expect(plain.status).toBe(200)
    // line breaks a citizen may type are not control characters we refuse
    expect((await post('/api/restriction-query/address', JSON.stringify({ address: '锦江区\n红星路' }), { 'content-type': 'application/json' })).status).not.toBe(400)
  })

  it('control characters in a path parameter are 400', async () => {
    const e = await errorOf(await bff.request('/api/properties/510104%00', { headers: auth }), 400)
    expect(e.code).toBe('VALIDATION_FAILED')
    const ok = await bff.api(auth).properties.$get()
    await bodyOf(ok, 200)
  })
})

describe('error log lines', () => {
  it('carry a failed query’s SQLSTATE and scrubbed message, never its parameters', () => {
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 in "张伟510104199001011234"'), { code: '22021' })
    const err = new DrizzleQueryError('insert into login_states (return_to, id_number) values ($1, $2)', ['/x\u0000', '510104199001011234'], cause)
    const lines: string[] = []
    const log = createLogger('debug', {}, (l) => lines.push(l))
    log.error('unhandled', errorFields(err))
    log.error('also', { error: err.message, err })
    const out = lines.join('\n')
    expect(out).not.toContain('510104199001011234')
    expect(out).not.toContain('params')
    expect(out).not.toContain('insert into')
    expect(out).toContain('22021')
  })
})
