/**
 * Institution channel (issue 13 §6) end to end through the BFF, on PGlite and PostgreSQL: signed
 * requests (good, wrong secret, altered body, skew, replay — also two identical requests at once —,
 * quota), the holder's consent (granted, listed, revoked, expired), the answer with and without it
 * (holder yes/no, restriction flags; masked verification only), the audit row and 我的查询记录.
 */
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { getRequestListener } from '@hono/node-server'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isErrorBody } from '@bdc/shared/errors'
import { sm3 } from 'sm-crypto-v2'
import { DEMO_CITIZENS, DEMO_UNIT_CODES } from '@bdc/province/demo'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { and, eq, isNull } from 'drizzle-orm'
import { usccCheckChar as usccCheck } from '@bdc/shared/ids/index'
import type { HolderCheck } from '@bdc/shared/institutions'
import { auditLog, schema } from '../src/db/schema'
import { openDatabase } from '../src/db/connect'
import { APP_MIGRATIONS } from '../src/bootstrap'
import { authenticate } from '../src/features/institutions/institutions.service'
import { REPO_ROOT } from '../src/config'
import { signedUrl } from '../src/features/certificates/certificates.service'
import { registerInstitution, DEMO_INSTITUTIONS } from '../src/features/institutions/institutions.index'
import { hmacSm3, signRequest, stringToSign } from '../src/features/institutions/institutions.signing'
import { bodyOf, errorOf, loginWeapp, startTestBff, type TestBff } from './helpers'

const citizen = (id: string) => DEMO_CITIZENS.find((c) => c.id === id)!
const LIUYANG = citizen('c-liuyang')
const ZHANGWEI = citizen('c-zhangwei')
const PATH = '/inst/v1/holder-check'

describe('HMAC-SM3 (RFC 2104 over SM3)', () => {
  /** RFC 2104 written out over the SM3 hash (64-byte blocks), as an independent third implementation. */
  function rfc2104(key: Buffer, msg: Buffer): string {
    const block = 64
    let k = key.length > block ? crypto.createHash('sm3').update(key).digest() : key
    k = Buffer.concat([k, Buffer.alloc(block - k.length)])
    const xor = (pad: number) => Buffer.from(k.map((b) => b ^ pad))
    const inner = crypto.createHash('sm3').update(Buffer.concat([xor(0x36), msg])).digest()
    return crypto.createHash('sm3').update(Buffer.concat([xor(0x5c), inner])).digest('hex')
  }

  it('agrees with sm-crypto-v2 and the RFC 2104 construction, and with a pinned vector', () => {
    const cases: [string, string][] = [
      ['key', 'The quick brown fox jumps over the lazy dog'],
      ['', ''],
      ['k'.repeat(100), 'a longer key than one SM3 block is hashed first'],
      ['秘钥', 'POST\n/inst/v1/holder-check\n1795000000\nnonce-0123456789\n' + 'e'.repeat(64)],
    ]
    for (const [key, msg] of cases) {
      const ours = hmacSm3(key, msg)
      expect(ours).toBe(rfc2104(Buffer.from(key), Buffer.from(msg)))
      if (key) expect(ours).toBe(sm3(msg, { key: Buffer.from(key).toString('hex'), mode: 'hmac' }))
    }
    // The vector the example client (docs/institution-client.mjs) and README quote.
    expect(hmacSm3('key', 'The quick brown fox jumps over the lazy dog')).toBe(PINNED_VECTOR)
  })

  it('signs method, path, timestamp, nonce and the SM3 of the body', () => {
    const h = signRequest({ clientId: 'c', secret: 's'.repeat(32), method: 'post', path: PATH, body: '{}', timestampSeconds: 1_795_000_000, nonce: 'n'.repeat(16) })
    const bodyHash = crypto.createHash('sm3').update('{}').digest('hex')
    expect(h['X-Bdc-Signature']).toBe(hmacSm3('s'.repeat(32), `POST\n${PATH}\n1795000000\n${'n'.repeat(16)}\n${bodyHash}`))
    expect(stringToSign({ method: 'post', path: PATH, timestamp: '1', nonce: 'x', bodyHash: 'h' })).toBe(`POST\n${PATH}\n1\nx\nh`)
  })
})

const PINNED_VECTOR = 'bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398'

describe.each(DB_KINDS)('institution channel on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let bank: { clientId: string; secret: string; name: string }
  let liuyang: Record<string, string>
  let flat: { licenseId: string; code: string }

  const nowSeconds = () => Math.floor(bff.clock.now.getTime() / 1000)
  /** A signed call; `tamper` changes what is sent after signing. */
  async function call(
    body: unknown,
    opts: { as?: { clientId: string; secret: string }; ts?: number; nonce?: string; sendBody?: string; headers?: Record<string, string> } = {},
  ) {
    const as = opts.as ?? bank
    const text = JSON.stringify(body)
    const headers = opts.headers ?? signRequest({ ...as, method: 'POST', path: PATH, body: text, timestampSeconds: opts.ts ?? nowSeconds(), nonce: opts.nonce })
    return bff.request(PATH, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: opts.sendBody ?? text })
  }
  const ask = (idNumber = LIUYANG.idNumber) => ({ code: flat.code, idNumber })

  let url: string | undefined
  beforeAll(async () => {
    url = await databaseUrl()
    bff = await startTestBff({ databaseUrl: url })
    const name = '测试银行股份有限公司成都分行'
    // A registered institution, as the CLI registers one (code checked by the shared USCC parser).
    const r = await registerInstitution(bff.boot.deps.db, bff.boot.deps.cipher, { code: '91510100MA6TEXT01' + usccCheck('91510100MA6TEXT01'), name, perMinute: 1000, perDay: 10_000 })
    bank = { clientId: r.clientId, secret: r.secret, name }
    liuyang = (await loginWeapp(bff, 'c-liuyang')).auth
    const certs = await bodyOf(await bff.api(liuyang).certificates.$get(), 200)
    const c = certs.items.find((x) => x.unitCode === DEMO_UNIT_CODES.liuyangFlat && x.status === 'current')!
    flat = { licenseId: c.licenseId, code: signedUrl(bff.boot.deps, c.licenseId, 'C').url }
  })
  afterAll(async () => {
    await bff?.close()
  })

  const bankId = async () => (await bodyOf(await bff.api(liuyang).institutions.$get(), 200)).items.find((i) => i.name === bank.name)!.id
  const consent = async (validDays = 30, purpose: 'mortgage_loan' | 'housing_fund' | 'credit_check' = 'mortgage_loan') =>
    bodyOf(await bff.api(liuyang)['institution-consents'].$post({ json: { institutionId: await bankId(), licenseId: flat.licenseId, purpose, validDays } }), 201)
  const revoke = async (id: string) => bodyOf(await bff.api(liuyang)['institution-consents'][':id'].revoke.$post({ param: { id } }), 200)

  it('registration validates the 统一社会信用代码; the demo institutions are listed for the holder to pick', async () => {
    await expect(registerInstitution(bff.boot.deps.db, bff.boot.deps.cipher, { code: '91510100MA6TEXT01' + (usccCheck('91510100MA6TEXT01') === '0' ? '1' : '0'), name: '坏代码银行', perMinute: 1, perDay: 1 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    const names = (await bodyOf(await bff.api(liuyang).institutions.$get(), 200)).items.map((i) => i.name)
    expect(names).toEqual(expect.arrayContaining([bank.name, ...DEMO_INSTITUTIONS.map((d) => d.name)]))
    // the secret is stored sealed, never as given
    const text = JSON.stringify(await bff.boot.deps.db.execute('select secret_sealed from institutions'))
    expect(text).not.toContain(bank.secret)
  })

  it('without consent: the public masked verification only', async () => {
    const res = await call(ask())
    const body = await holderCheckBody(res.clone() as Response)
    expect(body).toMatchObject({ consented: false, consent: null, holder: null, restrictions: null })
    expect(body.verification.status).toBe('valid')
    expect(body.verification.certificate!.holders).toEqual(['刘**'])
    expect(JSON.stringify(body)).not.toContain(LIUYANG.name)
    expect(JSON.stringify(body)).not.toContain(LIUYANG.idNumber)
    expect(res.headers.get('ratelimit-limit')).toBeTruthy()
  })

  it('with consent: holder yes for the holder, no for another ID number, and the restriction flags; listed with its calls', async () => {
    const c = await consent()
    expect(c).toMatchObject({ state: 'active', purposeLabel: '抵押贷款审批', calls: 0, institution: { name: bank.name } })
    const yes = await holderCheckBody(await call(ask()))
    expect(yes).toMatchObject({ consented: true, holder: true, consent: { purpose: 'mortgage_loan', purposeLabel: '抵押贷款审批' } })
    // 刘洋's flat carries a mortgage and a seal (demo data); the flags are the registry's, read through the contract
    const types = new Set((await bff.boot.deps.upstream.unitLookup(DEMO_UNIT_CODES.liuyangFlat)).xz.map((x) => x.xzlx))
    expect(yes.restrictions).toEqual({ mortgage: true, sealed: true, objection: types.has('objection'), advanceNotice: types.has('advance_notice') })
    const no = await holderCheckBody(await call(ask(ZHANGWEI.idNumber)))
    expect(no).toMatchObject({ consented: true, holder: false })
    // a bad check digit in the ID number: 400, nothing answered
    const bad = ZHANGWEI.idNumber.slice(0, 17) + (ZHANGWEI.idNumber.endsWith('1') ? '2' : '1')
    expect((await errorOf(await call(ask(bad)), 400)).code).toBe('VALIDATION_FAILED')
    const listed = (await bodyOf(await bff.api(liuyang)['institution-consents'].$get(), 200)).items.find((x) => x.id === c.id)!
    expect(listed.calls).toBe(2)
    await revoke(c.id)
  })

  it('every call is audited and shows in the holder’s 我的查询记录 with the institution and the purpose', async () => {
    const c = await consent(30, 'housing_fund')
    await holderCheckBody(await call(ask()))
    await revoke(c.id)
    await holderCheckBody(await call(ask()))
    const rows = await bff.boot.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actor, `inst:${bank.clientId}`), eq(auditLog.target, flat.licenseId)))
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['institution.holder-check', 'institution.verify']))
    const records = (await bodyOf(await bff.api(liuyang)['access-records'].$get({ query: {} }), 200)).items.filter((r) => r.kind === 'institution_query')
    expect(records[0]).toMatchObject({ unitCode: DEMO_UNIT_CODES.liuyangFlat, detail: expect.stringContaining('未获您的授权') })
    expect(records[1]!.detail).toContain(`${bank.name}经您授权（用途：公积金贷款或提取）`)
  })

  it('revoked or expired consent: masked answer only', async () => {
    const c = await consent(1)
    expect((await holderCheckBody(await call(ask()))).consented).toBe(true)
    await revoke(c.id)
    expect(await holderCheckBody(await call(ask()))).toMatchObject({ consented: false, holder: null, restrictions: null })
    const short = await consent(1)
    bff.clock.advance(86_400_000 + 1000)
    liuyang = (await loginWeapp(bff, 'c-liuyang')).auth // the session ended meanwhile
    expect(await holderCheckBody(await call(ask()))).toMatchObject({ consented: false, holder: null })
    const listed = (await bodyOf(await bff.api(liuyang)['institution-consents'].$get(), 200)).items.find((x) => x.id === short.id)!
    expect(listed.state).toBe('expired')
  })

  it('refuses a wrong secret, an altered body, a stale or future timestamp, missing headers and an unknown client', async () => {
    const wrong = await call(ask(), { as: { clientId: bank.clientId, secret: 'x'.repeat(43) } })
    expect((await errorOf(wrong, 401)).code).toBe('INSTITUTION_SIGNATURE_INVALID')
    const altered = await call(ask(), { sendBody: JSON.stringify(ask(ZHANGWEI.idNumber)) })
    expect((await errorOf(altered, 401)).code).toBe('INSTITUTION_SIGNATURE_INVALID')
    expect((await errorOf(await call(ask(), { ts: nowSeconds() - 301 }), 401)).code).toBe('INSTITUTION_CLOCK_SKEW')
    expect((await errorOf(await call(ask(), { ts: nowSeconds() + 301 }), 401)).code).toBe('INSTITUTION_CLOCK_SKEW')
    expect((await call(ask(), { ts: nowSeconds() - 290 })).status).toBe(200)
    expect((await errorOf(await call(ask(), { headers: {} }), 401)).code).toBe('INSTITUTION_AUTH_MISSING')
    expect((await errorOf(await call(ask(), { as: { clientId: 'no-such-client', secret: bank.secret } }), 401)).code).toBe('INSTITUTION_UNKNOWN')
    // the signed path is the path called: a signature for another path does not pass
    const other = signRequest({ ...bank, method: 'POST', path: '/inst/v1/other', body: JSON.stringify(ask()), timestampSeconds: nowSeconds() })
    expect((await errorOf(await call(ask(), { headers: other }), 401)).code).toBe('INSTITUTION_SIGNATURE_INVALID')
    // refusals of the institution's requests are audited too, under the institution
    const refused = await bff.boot.deps.db.select().from(auditLog).where(and(eq(auditLog.actor, `inst:${bank.clientId}`), eq(auditLog.action, 'institution.refused')))
    expect(refused.map((r) => r.target)).toEqual(expect.arrayContaining(['INSTITUTION_SIGNATURE_INVALID', 'INSTITUTION_CLOCK_SKEW']))
    // …and anonymous noise (no or unknown client) never fills the audit trail
    expect(await bff.boot.deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'institution.refused'), isNull(auditLog.actor)))).toEqual([])
  })

  it('a replayed request is refused; of two identical requests at once exactly one is answered', async () => {
    const text = JSON.stringify(ask())
    const headers = signRequest({ ...bank, method: 'POST', path: PATH, body: text, timestampSeconds: nowSeconds() })
    expect((await call(ask(), { headers })).status).toBe(200)
    expect((await errorOf(await call(ask(), { headers }), 401)).code).toBe('INSTITUTION_REPLAY')

    const twin = signRequest({ ...bank, method: 'POST', path: PATH, body: text, timestampSeconds: nowSeconds() })
    const both = await Promise.all([call(ask(), { headers: twin }), call(ask(), { headers: twin })])
    expect(both.map((r) => r.status).sort()).toEqual([200, 401])
    expect(((await both.find((r) => r.status === 401)!.json()) as { code: string }).code).toBe('INSTITUTION_REPLAY')

    // two instances (two pools on one PostgreSQL database) given the same signed request at once: one accepts
    if (url) {
      const other = await openDatabase({ schema, url, migrationsFolder: APP_MIGRATIONS, migrationsTable: '__app_migrations', maxConnections: 2 })
      try {
        const h = signRequest({ ...bank, method: 'POST', path: PATH, body: text, timestampSeconds: nowSeconds() })
        const request = {
          method: 'POST',
          path: PATH,
          headers: { client: h['X-Bdc-Client'], timestamp: h['X-Bdc-Timestamp'], nonce: h['X-Bdc-Nonce'], signature: h['X-Bdc-Signature'] },
          body: Buffer.from(text),
        }
        const results = await Promise.allSettled([authenticate(bff.boot.deps, request), authenticate({ ...bff.boot.deps, db: other.db }, request)])
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
        expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'INSTITUTION_REPLAY' })
      } finally {
        await other.close()
      }
    }
  })

  it('over quota: 429 with Retry-After; refused signatures spend none of it', async () => {
    const small = await registerInstitution(bff.boot.deps.db, bff.boot.deps.cipher, { code: '91510100MA6TEXT02' + usccCheck('91510100MA6TEXT02'), name: '配额测试公积金中心', perMinute: 3, perDay: 100 })
    for (let i = 0; i < 5; i++) expect((await call(ask(), { as: { ...small, secret: 'y'.repeat(43) } })).status).toBe(401)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await call(ask(), { as: small })).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const over = await call(ask(), { as: small })
    expect((await errorOf(over, 429)).code).toBe('INSTITUTION_QUOTA_EXCEEDED')
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // another institution's quota is its own
    expect((await call(ask())).status).toBe(200)
  })

  it('consent needs the citizen’s own certificate and a registered institution; another citizen cannot revoke it', async () => {
    const zhangwei = (await loginWeapp(bff, 'c-zhangwei')).auth
    const id = await bankId()
    const notHis = await bff.api(zhangwei)['institution-consents'].$post({ json: { institutionId: id, licenseId: flat.licenseId, purpose: 'credit_check', validDays: 7 } })
    expect((await bodyOf(notHis, 404)).code).toBe('CERTIFICATE_NOT_FOUND')
    const noInst = await bff.api(liuyang)['institution-consents'].$post({
      json: { institutionId: '00000000-0000-4000-8000-000000000001', licenseId: flat.licenseId, purpose: 'credit_check', validDays: 7 },
    })
    expect((await bodyOf(noInst, 404)).code).toBe('INSTITUTION_NOT_FOUND')
    const c = await consent(7)
    const foreign = await bff.api(zhangwei)['institution-consents'][':id'].revoke.$post({ param: { id: c.id } })
    expect((await bodyOf(foreign, 404)).code).toBe('CONSENT_NOT_FOUND')
    expect((await holderCheckBody(await call(ask()))).consented).toBe(true)
    await revoke(c.id)
  })

  it('the example client (docs/institution-client.mjs) gets the consented answer over HTTP', async () => {
    const c = await consent(30, 'credit_check')
    // the client signs with the real clock; so does the server for this test (the consent stays valid)
    bff.clock.now = new Date()
    const server = http.createServer(getRequestListener(bff.boot.app.fetch))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const script = path.join(REPO_ROOT, 'docs/institution-client.mjs')
      const run = (id: string) => promisify(execFile)(process.execPath, [script, '--base', base, '--client', bank.clientId, '--secret', bank.secret, '--code', flat.code, '--id', id])
      const yes = await run(LIUYANG.idNumber)
      expect(yes.stdout).toContain('该证件号是此证书的权利人')
      expect(yes.stdout).toContain('抵押：有')
      const no = await run(ZHANGWEI.idNumber)
      expect(no.stdout).toContain('该证件号不是此证书的权利人')
    } finally {
      await new Promise((r) => server.close(r))
      liuyang = (await loginWeapp(bff, 'c-liuyang')).auth
      await revoke(c.id)
    }
  })

  it('signed but hostile bodies (the OpenAPI fuzz cannot sign): never a 5xx, always the envelope', async () => {
    const hostile = fc.oneof(
      fc.constantFrom("' OR '1'='1", '\u0000', 'a\u0000b', '<script>', 'x'.repeat(3000), '５１０１０４１９８５０７１５００１７', '', ' ', '-1', 'null'),
      fc.string(),
      fc.jsonValue({ maxDepth: 3 }),
    )
    const bodies = fc.oneof(fc.record({ code: hostile, idNumber: hostile }, { requiredKeys: [] }), hostile.map((v) => ({ code: flat.code, idNumber: v })), fc.jsonValue({ maxDepth: 4 }))
    const statuses: Record<number, number> = {}
    await fc.assert(
      fc.asyncProperty(bodies, async (b) => {
        const res = await call(b)
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
        const text = await res.text()
        expect(res.status, text).toBeLessThan(500)
        if (res.status !== 200) expect(isErrorBody(JSON.parse(text)), text).toBe(true)
      }),
      { numRuns: 60 },
    )
    expect(statuses[400]).toBeGreaterThan(0)
  })

  it('is documented in its own OpenAPI document, apart from the citizen API', async () => {
    const doc = (await (await bff.request('/inst/v1/openapi.json')).json()) as { paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } }
    expect(Object.keys(doc.paths)).toEqual(['/holder-check'])
    expect(doc.components.securitySchemes.institutionSignature).toBeTruthy()
    const api = (await (await bff.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(Object.keys(api.paths)).toEqual(expect.arrayContaining(['/api/institutions', '/api/institution-consents', '/api/institution-consents/{id}/revoke']))
    expect(Object.keys(api.paths).some((p) => p.includes('holder-check'))).toBe(false)
    // no cookie session opens the institutional API
    expect((await errorOf(await bff.request(PATH, { method: 'POST', headers: { ...liuyang, 'content-type': 'application/json' }, body: JSON.stringify(ask()) }), 401)).code).toBe(
      'INSTITUTION_AUTH_MISSING',
    )
  })
})

async function holderCheckBody(res: Response): Promise<HolderCheck> {
  if (res.status !== 200) expect.fail(`expected HTTP 200, got ${res.status}: ${await res.clone().text()}`)
  return (await res.json()) as HolderCheck
}
