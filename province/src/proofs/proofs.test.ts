/**
 * The registry's 查询结果证明: what it states (units or nothing), the proof number, validity,
 * idempotency on the request key, superseding by purpose, the file, and the status face.
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProofStatusResponse, UpstreamProof, type HolderRef } from '@bdc/shared/province-contract'
import { createSimulator } from '../app'
import { openSimulatorDatabase } from '../db/connect'
import { citizens } from '../identity/identity.schema'
import { DEMO_UNIT_CODES as U } from '../seed/demo-data'
import { seedDemo } from '../seed/seed'

const SECRET = 'test-secret-0123456789'
const BASIC = 'Basic ' + Buffer.from(`bdc-bff:${SECRET}`).toString('base64')
const QR = 'https://bdc.example.cn/v/1P/51000020261127000001/k1234567/1766829600/' + 'A'.repeat(86)

let opened: Awaited<ReturnType<typeof openSimulatorDatabase>>
let app: ReturnType<typeof createSimulator>
let clock = new Date('2026-11-27T10:00:00.750Z')
const holders: Record<string, HolderRef> = {}
let key = 0
const requestId = () => `req-${String(++key).padStart(16, '0')}`

const post = (path: string, body: unknown, auth: string | null = BASIC) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) })
const issue = async (citizenId: string, purpose: string, id = requestId()) => {
  const res = await post('/proofs/issue', { holder: holders[citizenId], purpose, requestId: id })
  expect(res.status).toBe(200)
  return UpstreamProof.parse(await res.json())
}
const status = async (proofNos: string[]) => ProofStatusResponse.parse(await (await post('/proofs/status', { proofNos })).json()).proofs

beforeAll(async () => {
  opened = await openSimulatorDatabase()
  await seedDemo(opened.db)
  app = createSimulator({ db: opened.db, clientId: 'bdc-bff', clientSecret: SECRET, now: () => clock })
  for (const c of await opened.db.select().from(citizens)) holders[c.id] = { idType: c.idType as HolderRef['idType'], idNumber: c.idNumber }
})
afterAll(async () => {
  await opened.close()
})

describe('查询结果证明 at the registry', () => {
  it('states every current unit in the holder’s name with its restrictions, numbered, issued now and valid 30 days', async () => {
    const p = await issue('c-liuyang', 'loan')
    expect(p.proofNo).toMatch(/^51000020261127\d{6}$/)
    expect(p.issuedAt).toBe('2026-11-27T10:00:00.000Z') // whole seconds: the QR's expiry minus 30 days is the issue
    expect(p.validUntil).toBe('2026-12-27T10:00:00.000Z')
    expect(p.status).toBe('current')
    expect(p.qlr.qlrmc).toBe('刘洋')
    expect(p.units.map((u) => u.bdcdyh).sort()).toEqual([U.liuyangFlat, U.liuyangFlat2].sort())
    const flat = p.units.find((u) => u.bdcdyh === U.liuyangFlat)!
    expect(flat.xzlx).toEqual(expect.arrayContaining(['mortgage', 'seal']))
    expect(flat.bdcqzh).toContain('不动产权第')
  })

  it('states that a person who sold everything holds nothing, and a company holds its 4 units', async () => {
    expect((await issue('c-chenjing', 'school')).units).toEqual([])
    expect((await issue('c-shujin', 'other')).units).toHaveLength(4)
  })

  it('a repeated request key returns the same proof; the same key for another purpose or holder is refused', async () => {
    const id = requestId()
    const a = await issue('c-zhangwei', 'hukou', id)
    const b = await issue('c-zhangwei', 'hukou', id)
    expect(b.proofNo).toBe(a.proofNo)
    expect((await post('/proofs/issue', { holder: holders['c-zhangwei'], purpose: 'loan', requestId: id })).status).toBe(409)
    expect((await post('/proofs/issue', { holder: holders['c-lina'], purpose: 'hukou', requestId: id })).status).toBe(409)
  })

  it('a newer proof for the same holder and purpose supersedes the older one; other purposes stay current', async () => {
    const school = await issue('c-wangqiang', 'school')
    const loan = await issue('c-wangqiang', 'loan')
    clock = new Date(clock.getTime() + 60_000)
    const school2 = await issue('c-wangqiang', 'school')
    const faces = await status([school.proofNo, loan.proofNo, school2.proofNo, '51000020991231999999'])
    expect(faces).toHaveLength(3)
    const by = new Map(faces.map((f) => [f.proofNo, f]))
    expect(by.get(school.proofNo)).toMatchObject({ status: 'superseded', supersededBy: school2.proofNo })
    expect(by.get(loan.proofNo)!.status).toBe('current')
    expect(by.get(school2.proofNo)).toMatchObject({ status: 'current', unitCount: 1, qlr: { qlrmc: '王强', qlrlx: 'person' } })
    // the status face carries no ID number
    expect(JSON.stringify(faces)).not.toContain(holders['c-wangqiang']!.idNumber)
  })

  it('renders the file only for the proof’s holder, as a PDF whose text states the facts', async () => {
    const p = await issue('c-zhangwei', 'housing_fund')
    expect((await post('/proofs/file', { proofNo: p.proofNo, holder: holders['c-lina'], qrUrl: QR })).status).toBe(404)
    expect((await post('/proofs/file', { proofNo: '51000020991231999999', holder: holders['c-zhangwei'], qrUrl: QR })).status).toBe(404)
    const res = await post('/proofs/file', { proofNo: p.proofNo, holder: holders['c-zhangwei'], qrUrl: QR })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(`不动产登记资料查询结果证明-${p.proofNo}.pdf`))
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    // signed like a certificate file: pdfsig reports one valid signature over the whole document
    let sig = ''
    try {
      sig = execFileSync('sh', ['-c', 'f=$(mktemp --suffix=.pdf); cat > "$f"; pdfsig "$f"; rm -f "$f"'], { input: pdf }).toString()
    } catch (e) {
      sig = String((e as { stdout?: Buffer }).stdout ?? '')
    }
    if (sig) {
      expect(sig).toContain('Signature Validation: Signature is Valid.')
      expect(sig).toContain('Total document signed')
    }
    let text = ''
    try {
      text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString()
    } catch {
      return // poppler-utils not installed: the structure checks above stand
    }
    expect(text).toContain('不动产登记资料查询结果证明')
    expect(text).toContain(p.proofNo)
    expect(text).toContain('张伟')
    expect(text).toContain('公积金')
    expect(text).toContain('现势不动产 2 处')
    expect(text).toContain('（北京时间）')
  })

  it('refuses calls without the client credentials and unknown holders', async () => {
    expect((await post('/proofs/issue', { holder: holders['c-zhangwei'], purpose: 'loan', requestId: requestId() }, null)).status).toBe(401)
    expect((await post('/proofs/issue', { holder: { idType: '111', idNumber: '110101199001011237' }, purpose: 'loan', requestId: requestId() })).status).toBe(404)
    expect((await post('/proofs/issue', { holder: holders['c-zhangwei'], purpose: 'nothing', requestId: requestId() })).status).toBe(400)
  })
})
