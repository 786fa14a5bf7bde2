/**
 * E-certificates end to end through the BFF (embedded simulator), on PGlite AND PostgreSQL:
 * golden vectors, the citizen's list/detail/亮证/PDF, cancellation, rate limits, the step-up switch.
 */
import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freshKeyFile } from '../src/features/certificates/certificates.signing-keys'
import { auditLog } from '../src/db/schema'
import { eq, like } from 'drizzle-orm'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, errorOf, loginWeapp, startTestBff, type TestBff } from './helpers'
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

/** What the simulator's admin door (/province) answers: not part of the BFF's contract. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SimJson = any
const simJson = async (r: Response | Promise<Response>): Promise<SimJson> => (await r).json()

const verify = (bff: TestBff, code: string, headers: Record<string, string> = {}) => bff.api().certificates.verify.$post({ json: { code } }, { headers })
const verdict = async (bff: TestBff, code: string) => bodyOf(await verify(bff, code), 200)
/** A raw POST to the verify endpoint: bodies the typed client cannot send (broken JSON, oversize), on purpose. */
const verifyRaw = (bff: TestBff, body: string, headers: Record<string, string> = {}) =>
  bff.request('/api/certificates/verify', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

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
    const body = await verdict(bff, v.code)
    expect(body.status, file).toBe(v.expected.status)
    expect(body.checkedAt).toBe(v.now)
    if (v.expected.certificateNo) {
      expect(body.certificate?.certificateNo).toBe(v.expected.certificateNo)
      for (const h of body.certificate!.holders) expect(h).toContain('*')
      expect(body.certificate?.location).toMatch(/\*\*\*\*$/)
    } else {
      expect(body.certificate, file).toBeUndefined()
    }
   }
  })

  it('every refusal names the issuing office and its phone from the library\'s directory; 过期时间 on expired, 注销时间 on cancelled; 有效 names none', async () => {
    const chengdu = { office: '成都市不动产登记中心', phone: '028-61881234' }
    for (const file of vectorFiles) {
      const v = readVector(file)
      bff.clock.now = new Date(v.now)
      const body = await verdict(bff, v.code)
      if (body.status === 'valid') expect(body.contact, file).toBeUndefined()
      // the vectors are all Chengdu (510100) identifiers; a tampered code still names a genuine office
      else expect(body.contact, file).toEqual(chengdu)
      if (body.status === 'expired') expect(Date.parse(body.expiresAt!), file).toBeLessThanOrEqual(Date.parse(v.now))
      if (body.status === 'cancelled' || body.status === 'superseded') expect(body.cancelledAt, file).toMatch(/^\d{4}-\d\d-\d\dT/)
      else expect(body.cancelledAt, file).toBeUndefined()
    }
    // the phone is on the Chinese answer's side too: a code that is not ours at all names nobody
    const junk = await verdict(bff, 'https://example.com/hello')
    expect(junk.status).toBe('malformed')
    expect(junk.contact).toBeUndefined()
  })

  it('without the office directory (library down for it) a refusal still answers, without a phone', async () => {
    bff.boot.deps.upstream.registryOffices = () => Promise.reject(new Error('down'))
    const v = readVector('tampered-signature.json')
    bff.clock.now = new Date(v.now)
    const body = await verdict(bff, v.code)
    expect(body.status).toBe('bad_signature')
    expect(body.contact).toBeUndefined()
  })

  it('every malformed golden string is answered 200 malformed with a Chinese reason, never 500', async () => {
    const v = readVector('malformed.json')
    for (const code of v.codes) {
      // the empty string is refused by the body schema (400), everything else is a verdict
      const body = await verdict(bff, code === '' ? ' ' : code)
      expect(body.status, code).toBe('malformed')
      expect(body.reason, code).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect((await verify(bff, '')).status).toBe(400)
    expect((await verifyRaw(bff, '{nope')).status).toBe(400)
  })

  it('publishes a trust list with at least two keys and no private material', async () => {
    const res = await bff.api().certificates['trust-list'].$get()
    const text = await res.clone().text()
    const list = await bodyOf(res, 200)
    expect(list.keys.length).toBeGreaterThanOrEqual(2)
    expect(text).not.toMatch(/PRIVATE|privateKey/i)
  })

  it('citizen: list, masked face, 亮证 code valid for 3 minutes, then expired', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
    const list = await bodyOf(await api.$get(), 200)
    expect(list.items.map((i) => i.certificateNo)).toEqual(expect.arrayContaining(['川(2023)成都市不动产权第0012345号', '川(2023)成都市不动产权第0012346号']))
    const flat = list.items.find((i) => i.certificateNo === '川(2023)成都市不动产权第0012345号')!
    expect(flat.status).toBe('current')
    const detail = await bodyOf(await api[':licenseId'].$get({ param: { licenseId: flat.licenseId } }), 200)
    const holder = detail.face.find((r) => r.label === '权利人')!.value
    expect(holder).toMatch(/^张\*\*（510107\*+\d{3}[\dX]）$/)
    expect(JSON.stringify(detail)).not.toContain('张伟')

    const { url, validSeconds } = await bodyOf(await api[':licenseId']['live-code'].$post({ param: { licenseId: flat.licenseId } }), 200)
    expect(validSeconds).toBe(180)
    expect(url.length).toBeLessThanOrEqual(200)
    expect((await verdict(bff, url)).status).toBe('valid')
    bff.clock.advance(181_000)
    expect((await verdict(bff, url)).status).toBe('expired')
  })

  it('citizen: the library\'s signed PDF (pdfsig valid, dated the issue date, CA in the trust list) has the face text, the identifier and the authority; after the right is cancelled the same QR says cancelled', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
    const list = await bodyOf(await api.$get(), 200)
    const flat = list.items.find((i) => i.certificateNo === '川(2023)成都市不动产权第0012345号')!
    const param = { licenseId: flat.licenseId }
    const res = await api[':licenseId'].pdf.$get({ param })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('川(2023)成都市不动产权第0012345号.pdf'))
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.length).toBeLessThan(300_000)
    const file = path.join(dataDir, 'c.pdf')
    fs.writeFileSync(file, pdf)
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    for (const s of ['不动产权证书', '川(2023)成都市不动产权第0012345号', flat.licenseId, '成都市不动产登记中心', '张**', '坐落', '电子证照专用章']) expect(text).toContain(s)
    expect(text).not.toContain('张伟')
    expect(text).not.toContain('注销')
    expect(text).not.toContain('（电子签章）')
    // signed by the library: pdfsig (NSS) finds the signature valid over the whole file
    const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' })
    expect(sig).toContain('Signature Validation: Signature is Valid.')
    expect(sig).toContain('Total document signed')
    // dated the issue date (登簿日期, Beijing midnight), not 1970
    const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' })
    expect(info).toMatch(new RegExp(`CreationDate:\\s+${flat.issuedOn}T00:00:00\\+08|CreationDate:\\s+${new Date(`${flat.issuedOn}T00:00:00+08:00`).toISOString().slice(0, 19)}Z`))
    // the trust list publishes the CA that issued the signing certificate
    const trust = await bodyOf(await bff.api().certificates['trust-list'].$get(), 200)
    const ca = new X509Certificate(trust.documentSigning!.certificates[0]!)
    const cms = Buffer.from(/\/Contents\s*<([0-9a-fA-F]+)>/.exec(pdf.toString('latin1'))![1]!, 'hex')
    const signer = new X509Certificate(execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-print_certs'], { input: cms, encoding: 'utf8' }).match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/)![0])
    expect(signer.checkIssued(ca)).toBe(true)
    expect(signer.verify(ca.publicKey)).toBe(true)

    // the printed code, as a verifier would type it from the PDF's QR
    const printed = (await bodyOf(await api[':licenseId']['live-code'].$post({ param }), 200)).url
    expect((await simAdmin('/__sim/rights/cancel', { unitCode: flat.unitCode })).status).toBe(200)
    const cancelled = await verdict(bff, printed)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.contact).toEqual({ office: '成都市不动产登记中心', phone: '028-61881234' })
    expect(cancelled.certificate?.certificateNo).toBe(flat.certificateNo)
    const after = await bodyOf(await api.$get(), 200)
    expect(after.items.find((i) => i.licenseId === flat.licenseId)!.statusLabel).toBe('注销')
    // the verifier is told the 注销时间 the library records
    const libraryCancelledAt = after.items.find((i) => i.licenseId === flat.licenseId)!.cancelledAt
    expect(libraryCancelledAt).not.toBeNull()
    expect(Date.parse(cancelled.cancelledAt!)).toBe(Date.parse(libraryCancelledAt!))
    const cancelledPdf = await api[':licenseId'].pdf.$get({ param })
    fs.writeFileSync(file, Buffer.from(await cancelledPdf.arrayBuffer()))
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('注销')
    // a cancelled certificate cannot be shown
    expect((await bodyOf(await api[':licenseId']['live-code'].$post({ param }), 409)).code).toBe('CERTIFICATE_CANCELLED')
  })

  it('the status answer (one query for many identifiers) is the holder\'s face without ID numbers, for every demo license (certificates and 登记证明, current and history)', async () => {
    let compared = 0
    const unknown = '11100000MB03271699001.510100.999999999.001.X'
    for (const c of [...DEMO_CITIZENS, ...DEMO_EXTRA_CITIZENS]) {
      const own = await simJson(simAdmin('/licenses/by-holder', { holder: { idType: c.idType, idNumber: c.idNumber } }))
      if (!own.licenses.length) continue
      // all of a holder's licenses in one call, an unknown identifier and a repeat among them
      const ids = [...own.licenses.map((l: SimJson) => l.licenseId), unknown, own.licenses[0].licenseId]
      const { licenses } = await simJson(simAdmin('/licenses/status', { licenseIds: ids }))
      expect(licenses).toHaveLength(own.licenses.length)
      for (const l of own.licenses) {
        expect(licenses.find((s: SimJson) => s.licenseId === l.licenseId), l.licenseId).toEqual({ ...l, qlr: l.qlr.map((h: SimJson) => ({ ...h, zjh: null })) })
        compared++
      }
    }
    expect(compared).toBeGreaterThan(10)
    expect(await simJson(simAdmin('/licenses/status', { licenseIds: [unknown] }))).toEqual({ licenses: [] })
    expect((await simAdmin('/licenses/status', { licenseIds: [] })).status).toBe(400)
    expect((await simAdmin('/licenses/status', { licenseIds: Array(101).fill(unknown) })).status).toBe(400)
  })

  it("refuses another citizen's certificate and a malformed identifier", async () => {
    const zw = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
    const lina = bff.api((await loginWeapp(bff, 'c-lina')).auth).certificates
    const list = await bodyOf(await zw.$get(), 200)
    const res = await lina[':licenseId'].$get({ param: { licenseId: list.items[0]!.licenseId } })
    expect((await bodyOf(res, 404)).code).toBe('CERTIFICATE_NOT_FOUND')
    const bad = await bodyOf(await zw[':licenseId'].pdf.$get({ param: { licenseId: '1.2.3' } }), 400)
    expect(bad.details?.[0]?.message).toMatch(/[\u4e00-\u9fa5]/)
    expect((await bff.api().certificates.$get()).status).toBe(401)
  })

  it('the verify endpoint (answered ahead of the middleware chain) sends the same security headers and error envelope as every other', async () => {
    const other = await bff.api().certificates['trust-list'].$get()
    const res = await verify(bff, 'x', { 'x-request-id': 'bank-7f3a' })
    const own = ['content-type', 'cache-control', 'x-request-id', 'content-length']
    const security = (r: { headers: Headers }) => Object.fromEntries([...r.headers].filter(([k]) => !own.includes(k)))
    expect(Object.keys(security(other)).length).toBeGreaterThan(8)
    expect(security(res)).toEqual(security(other))
    // our own request id, as on every route (the bank's id is kept apart in the audit row)
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    // Raw on purpose from here: broken and oversized bodies the typed client cannot send.
    const bad = await verifyRaw(bff, '{"code":', { 'x-request-id': 'no spaces allowed' })
    const badBody = await errorOf(bad, 400)
    expect(badBody).toMatchObject({ code: 'MALFORMED_JSON', requestId: bad.headers.get('x-request-id') })
    expect(badBody.requestId).not.toBe('no spaces allowed')
    const missing = await errorOf(await verifyRaw(bff, '{}'), 400)
    expect(missing.code).toBe('VALIDATION_FAILED')
    expect(missing.details?.[0]?.message).toMatch(/[\u4e00-\u9fa5]/)
    const big = await verifyRaw(bff, JSON.stringify({ code: 'x'.repeat(70_000) }))
    expect((await errorOf(big, 413)).code).toBe('PAYLOAD_TOO_LARGE')
    // still in the OpenAPI document
    const doc: unknown = await (await bff.request('/api/openapi.json')).json()
    expect(doc).toMatchObject({ paths: { '/api/certificates/verify': { post: { responses: { 429: expect.anything() } } } } })
  })

  it('rate-limits verification per client address (60/min), logs outcomes without verifier data', async () => {
    const v = readVector('valid-printed.json')
    bff.clock.now = new Date(v.now)
    for (let i = 0; i < 60; i++) expect((await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200)
    const limited = await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.7' })
    expect((await bodyOf(limited, 429)).code).toBe('RATE_LIMITED')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await verify(bff, v.code, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200)
    bff.clock.advance(61_000)
    expect((await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200)
    const rows = await bff.boot.deps.db.select().from(auditLog).where(like(auditLog.action, 'certificate.verify.%'))
    // 62 answers and the refused attempt, which is logged as such
    expect(rows.length).toBe(63)
    expect(rows.filter((r) => r.target?.endsWith('rate_limited'))).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|198\.51/)
  })

  it('70 verifications from one address at once: exactly 60 answered, 10 refused, 70 log rows (batched writes lose nothing)', async () => {
    const v = readVector('valid-printed.json')
    bff.clock.now = new Date(v.now)
    const statuses = await Promise.all(Array.from({ length: 70 }, () => verify(bff, v.code, { 'x-forwarded-for': '203.0.113.99' }).then((r) => r.status)))
    expect(statuses.filter((s) => s === 200)).toHaveLength(60)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    const checks = () => bff.boot.deps.db.select().from(auditLog).where(like(auditLog.action, 'certificate.verify.%'))
    const rows = await checks()
    expect(rows.filter((r) => r.target?.endsWith(' valid'))).toHaveLength(60)
    expect(rows.filter((r) => r.target?.endsWith(' rate_limited'))).toHaveLength(10)
    for (const r of rows) {
      expect(r).toMatchObject({ action: 'certificate.verify.api', actor: null })
      expect(r.target).toMatch(/^1\.2\.156\.\S+ (valid|rate_limited)$/)
    }
    // a malformed code: logged with no identifier
    await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.100' })
    expect((await checks()).filter((r) => r.target === 'malformed')).toHaveLength(1)
  })

  it('every check is in the audit chain with its verdict; the channel is what the browser or container says, never a header the client picks', async () => {
    const v = readVector('valid-printed.json')
    bff.clock.now = new Date(v.now)
    const sameOrigin = (path: string) => ({ 'sec-fetch-site': 'same-origin', referer: `https://bdc.example.cn${path}` })
    const answers = await Promise.all([
      verify(bff, v.code, { 'x-verify-channel': 'page', 'x-request-id': 'client-chosen-id' }), // a claimed channel is ignored
      verify(bff, v.code, sameOrigin('/v/abc')),
      verify(bff, v.code, sameOrigin('/pages/certificates/verify')),
      verify(bff, v.code, { referer: 'https://servicewechat.com/wx0123456789abcdef/3/page-frame.html' }),
      verify(bff, v.code, { 'sec-fetch-site': 'cross-site', referer: 'https://evil.example/v/' }),
      verify(bff, 'not a code'),
    ])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200])
    // our own request id, never the client's
    expect(answers[0]!.headers.get('x-request-id')).not.toBe('client-chosen-id')
    const rows = await bff.boot.deps.db.select().from(auditLog).where(like(auditLog.action, 'certificate.verify.%'))
    const byRequest = new Map(rows.map((r) => [r.requestId, r]))
    const rowOf = (i: number) => byRequest.get(answers[i]!.headers.get('x-request-id'))
    expect(rowOf(0)).toMatchObject({ action: 'certificate.verify.api', clientRequestId: 'client-chosen-id', outcome: 'ok' })
    expect(rowOf(0)!.target).toMatch(/^1\.2\.156\.\S+ valid$/)
    expect(rowOf(1)!.action).toBe('certificate.verify.page')
    expect(rowOf(2)!.action).toBe('certificate.verify.app')
    expect(rowOf(3)!.action).toBe('certificate.verify.app')
    expect(rowOf(4)!.action).toBe('certificate.verify.api')
    expect(rowOf(5)).toMatchObject({ action: 'certificate.verify.api', target: 'malformed', outcome: 'failed' })
    // and a refused check is audited as denied
    for (let i = 0; i < 61; i++) await verify(bff, 'x', { 'x-forwarded-for': '203.0.113.200' })
    const denied = await bff.boot.deps.db.select().from(auditLog).where(eq(auditLog.outcome, 'denied'))
    expect(denied.filter((r) => r.action === 'certificate.verify.api' && r.target === 'rate_limited')).toHaveLength(1)
  })
})

describe('certificates: the face step-up switch', () => {
  it('REQUIRE_FACE_STEP_UP=true refuses 亮证 and download with FACE_CHECK_REQUIRED', async () => {
    const bff = await startTestBff({ env: { REQUIRE_FACE_STEP_UP: 'true' } })
    try {
      const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
      const param = { licenseId: (await bodyOf(await api.$get(), 200)).items[0]!.licenseId }
      expect((await bodyOf(await api[':licenseId']['live-code'].$post({ param }), 403)).code).toBe('FACE_CHECK_REQUIRED')
      expect((await bodyOf(await api[':licenseId'].pdf.$get({ param }), 403)).code).toBe('FACE_CHECK_REQUIRED')
      expect((await api[':licenseId'].$get({ param })).status).toBe(200)
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
