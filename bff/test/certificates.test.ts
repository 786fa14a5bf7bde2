/**
 * E-certificates end to end through the BFF (embedded simulator), on PGlite AND PostgreSQL:
 * golden vectors, the citizen's list/detail/亮证/PDF, cancellation, rate limits, the step-up switch.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freshKeyFile } from '../src/features/certificates/certificates.signing-keys'
import { certificateVerifications } from '../src/features/certificates/certificates.schema'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { loginWeapp, startTestBff, type TestBff } from './helpers'
import { DEMO_CITIZENS, DEMO_EXTRA_CITIZENS } from '@bdc/province/demo'

const VECTORS = path.resolve(import.meta.dirname, '../../shared/fixtures/certificates')
const readVector = (name: string) => JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'))
const vectorFiles = fs.readdirSync(VECTORS).filter((f) => f.endsWith('.json') && f !== 'trust-list.json' && f !== 'malformed.json')

/** A data folder whose key file trusts the golden-vector keys (public halves only) besides a fresh signing key. */
function dataDirWithVectorKeys(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-cert-test-'))
  const trust = readVector('trust-list.json')
  const file = freshKeyFile(new Date('2026-11-27T01:00:00Z'))
  file.keys.push(...trust.keys.map((k: { kid: string; publicKey: string; validFrom: string; signUntil: string | null }) => ({ kid: k.kid, publicKey: k.publicKey, validFrom: k.validFrom, signUntil: k.signUntil })))
  fs.writeFileSync(path.join(dir, 'certificate-keys.json'), JSON.stringify(file))
  return dir
}

// Response bodies are asserted field by field; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any
const json = async (r: Response | Promise<Response>): Promise<Loose> => (await r).json()

const verify = (bff: TestBff, code: unknown, headers: Record<string, string> = {}) =>
  bff.request('/api/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code }) })

describe.each(DB_KINDS)('certificates on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let dataDir: string
  beforeEach(async () => {
    dataDir = dataDirWithVectorKeys()
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env: { DATA_DIR: dataDir } })
  })
  afterEach(async () => {
    await bff.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const simAdmin = (pathname: string, body: unknown) => {
    const secret = fs.readFileSync(path.join(dataDir, 'upstream-client-secret'), 'utf8').trim()
    return bff.request(`/province${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64') },
      body: JSON.stringify(body),
    })
  }

  it('every golden vector gives its expected outcome, with masked facts only for genuine codes', async () => {
   for (const file of vectorFiles) {
    const v = readVector(file)
    bff.clock.now = new Date(v.now)
    const res = await verify(bff, v.code)
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(body.status, file).toBe(v.expected.status)
    expect(body.checkedAt).toBe(v.now)
    if (v.expected.certificateNo) {
      expect(body.certificate.certificateNo).toBe(v.expected.certificateNo)
      for (const h of body.certificate.holders) expect(h).toContain('*')
      expect(body.certificate.location).toMatch(/\*\*\*\*$/)
    } else {
      expect(body.certificate, file).toBeUndefined()
    }
   }
  })

  it('every malformed golden string is answered 200 malformed with a Chinese reason, never 500', async () => {
    const v = readVector('malformed.json')
    for (const code of v.codes) {
      const res = await verify(bff, code === '' ? ' ' : code)
      // the empty string is refused by the body schema (400), everything else is a verdict
      expect(res.status, code).toBe(200)
      const body = await json(res)
      expect(body.status, code).toBe('malformed')
      expect(body.reason, code).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect((await verify(bff, '')).status).toBe(400)
    const notJson = await bff.request('/api/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' })
    expect(notJson.status).toBe(400)
  })

  it('publishes a trust list with at least two keys and no private material', async () => {
    const res = await bff.request('/api/certificates/trust-list')
    const text = await res.text()
    const list = JSON.parse(text)
    expect(list.keys.length).toBeGreaterThanOrEqual(2)
    expect(text).not.toMatch(/PRIVATE|privateKey/i)
  })

  it('citizen: list, masked face, 亮证 code valid for 3 minutes, then expired', async () => {
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    const list = await json(bff.request('/api/certificates', { headers: auth }))
    expect(list.items.map((i: { certificateNo: string }) => i.certificateNo)).toEqual(expect.arrayContaining(['川(2023)成都市不动产权第0012345号', '川(2023)成都市不动产权第0012346号']))
    const flat = list.items.find((i: { certificateNo: string }) => i.certificateNo === '川(2023)成都市不动产权第0012345号')
    expect(flat.status).toBe('current')
    const detail = await json(bff.request(`/api/certificates/${flat.licenseId}`, { headers: auth }))
    const holder = detail.face.find((r: { label: string }) => r.label === '权利人').value
    expect(holder).toMatch(/^张\*\*（510107\*+\d{3}[\dX]）$/)
    expect(JSON.stringify(detail)).not.toContain('张伟')

    const live = await bff.request(`/api/certificates/${flat.licenseId}/live-code`, { method: 'POST', headers: auth })
    expect(live.status).toBe(200)
    const { url, validSeconds } = await json(live)
    expect(validSeconds).toBe(180)
    expect(url.length).toBeLessThanOrEqual(200)
    expect((await json(verify(bff, url))).status).toBe('valid')
    bff.clock.advance(181_000)
    expect((await json(verify(bff, url))).status).toBe('expired')
  })

  it('citizen: PDF has the face text, the identifier and the authority; after the right is cancelled the same QR says cancelled', async () => {
    const { auth } = await loginWeapp(bff, 'c-zhangwei')
    const list = await json(bff.request('/api/certificates', { headers: auth }))
    const flat = list.items.find((i: { certificateNo: string }) => i.certificateNo === '川(2023)成都市不动产权第0012345号')
    const res = await bff.request(`/api/certificates/${flat.licenseId}/pdf`, { headers: auth })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.length).toBeLessThan(300_000)
    const file = path.join(dataDir, 'c.pdf')
    fs.writeFileSync(file, pdf)
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    for (const s of ['不动产权证书', '川(2023)成都市不动产权第0012345号', flat.licenseId, '成都市不动产登记中心', '张**', '坐落']) expect(text).toContain(s)
    expect(text).not.toContain('张伟')
    expect(text).not.toContain('注销')

    // the printed code, as a verifier would type it from the PDF's QR
    const printed = (await json(bff.request(`/api/certificates/${flat.licenseId}/live-code`, { method: 'POST', headers: auth }))).url
    expect((await simAdmin('/__sim/rights/cancel', { unitCode: flat.unitCode })).status).toBe(200)
    expect((await json(verify(bff, printed))).status).toBe('cancelled')
    const after = await json(bff.request('/api/certificates', { headers: auth }))
    expect(after.items.find((i: { licenseId: string }) => i.licenseId === flat.licenseId).statusLabel).toBe('注销')
    const cancelledPdf = await bff.request(`/api/certificates/${flat.licenseId}/pdf`, { headers: auth })
    fs.writeFileSync(file, Buffer.from(await cancelledPdf.arrayBuffer()))
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('注销')
    // a cancelled certificate cannot be shown
    expect((await bff.request(`/api/certificates/${flat.licenseId}/live-code`, { method: 'POST', headers: auth })).status).toBe(409)
  })

  it('the status answer (one query for many identifiers) is the holder\'s face without ID numbers, for every demo license (certificates and 登记证明, current and history)', async () => {
    let compared = 0
    const unknown = '11100000MB03271699001.510100.999999999.001.X'
    for (const c of [...DEMO_CITIZENS, ...DEMO_EXTRA_CITIZENS]) {
      const own = await json(simAdmin('/licenses/by-holder', { holder: { idType: c.idType, idNumber: c.idNumber } }))
      if (!own.licenses.length) continue
      // all of a holder's licenses in one call, an unknown identifier and a repeat among them
      const ids = [...own.licenses.map((l: Loose) => l.licenseId), unknown, own.licenses[0].licenseId]
      const { licenses } = await json(simAdmin('/licenses/status', { licenseIds: ids }))
      expect(licenses).toHaveLength(own.licenses.length)
      for (const l of own.licenses) {
        expect(licenses.find((s: Loose) => s.licenseId === l.licenseId), l.licenseId).toEqual({ ...l, qlr: l.qlr.map((h: Loose) => ({ ...h, zjh: null })) })
        compared++
      }
    }
    expect(compared).toBeGreaterThan(10)
    expect(await json(simAdmin('/licenses/status', { licenseIds: [unknown] }))).toEqual({ licenses: [] })
    expect((await simAdmin('/licenses/status', { licenseIds: [] })).status).toBe(400)
    expect((await simAdmin('/licenses/status', { licenseIds: Array(101).fill(unknown) })).status).toBe(400)
  })

  it("refuses another citizen's certificate and a malformed identifier", async () => {
    const zw = await loginWeapp(bff, 'c-zhangwei')
    const lina = await loginWeapp(bff, 'c-lina')
    const list = await json(bff.request('/api/certificates', { headers: zw.auth }))
    const res = await bff.request(`/api/certificates/${list.items[0].licenseId}`, { headers: lina.auth })
    expect(res.status).toBe(404)
    expect((await json(res)).code).toBe('CERTIFICATE_NOT_FOUND')
    const bad = await bff.request('/api/certificates/1.2.3/pdf', { headers: zw.auth })
    expect(bad.status).toBe(400)
    expect((await json(bad)).details[0].message).toMatch(/[\u4e00-\u9fa5]/)
    expect((await bff.request('/api/certificates')).status).toBe(401)
  })

  it('the verify endpoint (answered ahead of the middleware chain) sends the same security headers and error envelope as every other', async () => {
    const other = await bff.request('/api/certificates/trust-list')
    const res = await verify(bff, 'x', { 'x-request-id': 'bank-7f3a' })
    const own = ['content-type', 'cache-control', 'x-request-id', 'content-length']
    const security = (r: Response) => Object.fromEntries([...r.headers].filter(([k]) => !own.includes(k)))
    expect(Object.keys(security(other)).length).toBeGreaterThan(8)
    expect(security(res)).toEqual(security(other))
    expect(res.headers.get('x-request-id')).toBe('bank-7f3a')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const bad = await bff.request('/api/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'no spaces allowed' }, body: '{"code":' })
    expect(bad.status).toBe(400)
    const badBody = await json(bad)
    expect(badBody).toMatchObject({ code: 'MALFORMED_JSON', requestId: bad.headers.get('x-request-id') })
    expect(badBody.requestId).not.toBe('no spaces allowed')
    const missing = await json(bff.request('/api/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }))
    expect(missing.code).toBe('VALIDATION_FAILED')
    expect(missing.details[0].message).toMatch(/[\u4e00-\u9fa5]/)
    const big = await bff.request('/api/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'x'.repeat(70_000) }) })
    expect(big.status).toBe(413)
    expect((await json(big)).code).toBe('PAYLOAD_TOO_LARGE')
    // still in the OpenAPI document
    expect((await json(bff.request('/api/openapi.json'))).paths['/api/certificates/verify'].post.responses['429']).toBeTruthy()
  })

  it('rate-limits verification per client address (60/min), logs outcomes without verifier data', async () => {
    const v = readVector('valid-printed.json')
    bff.clock.now = new Date(v.now)
    for (let i = 0; i < 60; i++) expect((await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200)
    const limited = await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.7' })
    expect(limited.status).toBe(429)
    expect((await json(limited)).code).toBe('RATE_LIMITED')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await verify(bff, v.code, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200)
    bff.clock.advance(61_000)
    expect((await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200)
    const rows = await bff.boot.deps.db.select().from(certificateVerifications)
    // 62 answers and the refused attempt, which is logged as such
    expect(rows.length).toBe(63)
    expect(rows.filter((r) => r.outcome === 'rate_limited')).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|198\.51/)
  })

  it('70 verifications from one address at once: exactly 60 answered, 10 refused, 70 log rows (batched writes lose nothing)', async () => {
    const v = readVector('valid-printed.json')
    bff.clock.now = new Date(v.now)
    const statuses = await Promise.all(Array.from({ length: 70 }, () => verify(bff, v.code, { 'x-forwarded-for': '203.0.113.99' }).then((r) => r.status)))
    expect(statuses.filter((s) => s === 200)).toHaveLength(60)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    const rows = await bff.boot.deps.db.select().from(certificateVerifications)
    expect(rows.filter((r) => r.outcome === 'valid')).toHaveLength(60)
    expect(rows.filter((r) => r.outcome === 'rate_limited')).toHaveLength(10)
    for (const r of rows) {
      expect(r).toMatchObject({ channel: 'api', codeKind: 'printed' })
      expect(r.licenseId).toMatch(/^1\.2\.156\./)
      expect(r.keyId).toBeTruthy()
      expect(r.at.toISOString()).toBe(v.now)
    }
    // a malformed code: logged with no code kind, license or key
    await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.100' })
    const [bad] = (await bff.boot.deps.db.select().from(certificateVerifications)).filter((r) => r.outcome === 'malformed')
    expect(bad).toMatchObject({ codeKind: null, licenseId: null, keyId: null })
  })
})

describe('certificates: the face step-up switch', () => {
  it('REQUIRE_FACE_STEP_UP=true refuses 亮证 and download with FACE_CHECK_REQUIRED', async () => {
    const bff = await startTestBff({ env: { REQUIRE_FACE_STEP_UP: 'true' } })
    try {
      const { auth } = await loginWeapp(bff, 'c-zhangwei')
      const list = await json(bff.request('/api/certificates', { headers: auth }))
      const id = list.items[0].licenseId
      for (const [p, method] of [[`/api/certificates/${id}/live-code`, 'POST'], [`/api/certificates/${id}/pdf`, 'GET']] as const) {
        const res = await bff.request(p, { method, headers: auth })
        expect(res.status).toBe(403)
        expect((await json(res)).code).toBe('FACE_CHECK_REQUIRED')
      }
      expect((await bff.request(`/api/certificates/${id}`, { headers: auth })).status).toBe(200)
    } finally {
      await bff.close()
    }
  })
})

describe('certificates: two BFF instances on one PostgreSQL share the rate limit', () => {
  const databaseUrl = useDatabaseUrl('postgres')
  it('60 hits spread over two instances exhaust one budget', async () => {
    const url = await databaseUrl()
    // one deployment: the same database and the same keys
    const dir = dataDirWithVectorKeys()
    const a = await startTestBff({ databaseUrl: url, env: { DATA_DIR: dir } })
    const b = await startTestBff({ databaseUrl: url, env: { DATA_DIR: dir } })
    try {
      for (let i = 0; i < 60; i++) expect((await verify(i % 2 ? a : b, 'x', { 'x-forwarded-for': '192.0.2.9' })).status).toBe(200)
      expect((await verify(a, 'x', { 'x-forwarded-for': '192.0.2.9' })).status).toBe(429)
      expect((await verify(b, 'x', { 'x-forwarded-for': '192.0.2.9' })).status).toBe(429)
    } finally {
      await a.close()
      await b.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
