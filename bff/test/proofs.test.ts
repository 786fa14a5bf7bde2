/**
 * 我的证明 — 不动产登记资料查询结果证明 end to end through the BFF (embedded simulator), on PGlite AND
 * PostgreSQL: for oneself, for a company (法人), for an owner through a 'proof' delegation (and not
 * through any other scope), a stranger's download, a doubled tap, the relayed PDF, and /v/
 * verification of its QR: 有效 / 已过期 / 已被新证明取代 / tampered; 我的查询记录 of the subject.
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CITIZENS } from '@bdc/province/demo'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

type Auth = Record<string, string>
const citizen = (id: string) => DEMO_CITIZENS.find((c) => c.id === id)!

describe.each(DB_KINDS)('查询结果证明 on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let zhangwei: Auth
  let chenjing: Auth

  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    // The embedded registry issues on the real clock: the app clock follows it here.
    bff.clock.now = new Date()
    zhangwei = (await loginWeapp(bff, 'c-zhangwei')).auth
    chenjing = (await loginWeapp(bff, 'c-chenjing')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  const ask = (who: Auth, purpose: 'school' | 'hukou' | 'loan' | 'housing_fund' | 'other', requestId = randomUUID()) =>
    bff.api(who).proofs.$post({ json: { purpose, requestId } })
  const list = async (who: Auth) => (await bodyOf(await bff.api(who).proofs.$get(), 200)).items
  const pdf = (who: Auth, proofNo: string) => bff.api(who).proofs[':proofNo'].pdf.$get({ param: { proofNo } })
  const verify = async (code: string) => bodyOf(await bff.api().certificates.verify.$post({ json: { code } }), 200)
  /** The QR text printed in a downloaded proof (read back from the PDF's text is not possible: it is drawn), via the store. */
  const qrOf = async (proofNo: string) => {
    const { proofs } = await import('../src/features/proofs/proofs.schema')
    const { eq } = await import('drizzle-orm')
    const [row] = await bff.boot.deps.db.select({ qr: proofs.qrUrl }).from(proofs).where(eq(proofs.proofNo, proofNo))
    return row!.qr
  }

  it('a citizen asks for a proof for herself: it states her units, is listed under 我的证明, downloads as the registry’s PDF, and verifies 有效', async () => {
    const p = await bodyOf(await ask(zhangwei, 'school'), 201)
    expect(p).toMatchObject({ purpose: { code: 'school', label: '子女入学' }, subject: '张**', forSelf: true, requestedBy: '本人', unitCount: 2, state: 'valid', stateLabel: '有效' })
    expect(Date.parse(p.validUntil) - Date.parse(p.issuedAt)).toBe(30 * 86_400_000)
    expect((await list(zhangwei)).map((x) => x.proofNo)).toEqual([p.proofNo])

    const res = await pdf(zhangwei, p.proofNo)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const text = execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString()
    expect(text).toContain('不动产登记资料查询结果证明')
    expect(text).toContain(p.proofNo)
    expect(text).toContain('现势不动产 2 处')
    // relayed as the registry signed it: pdfsig finds one valid signature over the whole file
    // (PROOF_PDF_OUT=/path/file.pdf keeps the downloaded file, to run pdfsig on it by hand)
    const file = process.env.PROOF_PDF_OUT ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-proof-')), 'proof.pdf')
    fs.writeFileSync(file, bytes)
    const sig = execFileSync('pdfsig', [file], { encoding: 'utf8' })
    expect(sig).toContain('Signature Validation: Signature is Valid.')
    expect(sig).toContain('Total document signed')

    const qr = await qrOf(p.proofNo)
    expect(qr).toMatch(new RegExp(`^http://localhost:8787/v/1P/${p.proofNo}/k[0-9a-f]{7}/\\d{10}/[A-Za-z0-9_-]{86}$`))
    const v = await verify(qr)
    expect(v).toMatchObject({ status: 'valid', title: '有效', codeKind: 'proof', proof: { proofNo: p.proofNo, holder: '张**', unitCount: 2, purposeLabel: '子女入学' } })
    expect(v.proof!.issuedAt).toBe(p.issuedAt)
    expect(v.certificate).toBeUndefined()
    expect(JSON.stringify(v)).not.toContain(citizen('c-zhangwei').idNumber)
    expect(JSON.stringify(v)).not.toContain('张伟')
    // nothing personal in the logs, the list or the QR
    for (const s of [JSON.stringify(bff.logs), qr]) {
      expect(s).not.toContain(citizen('c-zhangwei').idNumber)
      expect(s).not.toContain('张伟')
    }
  })

  it('someone who holds nothing gets a proof stating that (0 units)', async () => {
    const p = await bodyOf(await ask(chenjing, 'hukou'), 201)
    expect(p.unitCount).toBe(0)
    const text = execFileSync('pdftotext', ['-', '-'], { input: Buffer.from(await (await pdf(chenjing, p.proofNo)).arrayBuffer()) }).toString()
    expect(text).toContain('名下无登记的现势不动产')
  })

  it('a company account (法人) asks for the company: its 4 units, masked as a company', async () => {
    const shujin = (await loginWeapp(bff, 'c-shujin')).auth
    const p = await bodyOf(await ask(shujin, 'loan'), 201)
    expect(p.unitCount).toBe(4)
    expect(p.subject).toMatch(/^四川.*\*/)
    expect(p.subject).not.toBe('四川蜀锦置业有限公司')
  })

  it('a doubled tap (same request id) returns the same proof; the same id for another purpose is 409', async () => {
    const id = randomUUID()
    const [a, b] = await Promise.all([ask(zhangwei, 'loan', id), ask(zhangwei, 'loan', id)])
    const pa = await bodyOf(a, 201)
    const pb = await bodyOf(b, 201)
    expect(pb.proofNo).toBe(pa.proofNo)
    expect(await list(zhangwei)).toHaveLength(1)
    expect((await bodyOf(await ask(zhangwei, 'school', id), 409)).code).toBe('PROOF_REQUEST_CONFLICT')
    // another citizen re-using the id gets their own proof (ids are per requester)
    expect((await bodyOf(await ask(chenjing, 'loan', id), 201)).proofNo).not.toBe(pa.proofNo)
  })

  it('a newer proof for the same purpose supersedes the older: list and /v/ say 已被新证明取代; other purposes stay 有效', async () => {
    const first = await bodyOf(await ask(zhangwei, 'school'), 201)
    const other = await bodyOf(await ask(zhangwei, 'loan'), 201)
    await new Promise((r) => setTimeout(r, 1100)) // the registry stamps whole seconds
    bff.clock.now = new Date()
    const second = await bodyOf(await ask(zhangwei, 'school'), 201)
    const states = new Map((await list(zhangwei)).map((x) => [x.proofNo, x.state]))
    expect(states.get(first.proofNo)).toBe('superseded')
    expect(states.get(second.proofNo)).toBe('valid')
    expect(states.get(other.proofNo)).toBe('valid')
    expect(await verify(await qrOf(first.proofNo))).toMatchObject({ status: 'superseded', title: '已被新证明取代' })
    expect((await verify(await qrOf(second.proofNo))).status).toBe('valid')
    expect((await verify(await qrOf(other.proofNo))).status).toBe('valid')
  })

  it('after its 30 days the code verifies as 已过期 (with its masked facts) and the list says so; a tampered code is refused', async () => {
    const p = await bodyOf(await ask(zhangwei, 'housing_fund'), 201)
    const qr = await qrOf(p.proofNo)
    bff.clock.advance(30 * 86_400_000 + 60_000)
    const v = await verify(qr)
    expect(v).toMatchObject({ status: 'expired', title: '已过期', proof: { proofNo: p.proofNo, unitCount: 2 } })
    const again = (await loginWeapp(bff, 'c-zhangwei')).auth // the session did not last 30 days
    expect((await list(again))[0]!.state).toBe('expired')
    // another proof number under the same signature: refused as tampered
    const forged = qr.replace(p.proofNo, p.proofNo.slice(0, -1) + (p.proofNo.endsWith('1') ? '2' : '1'))
    expect((await verify(forged)).status).toBe('bad_signature')
    // a longer validity under the same signature: refused
    const exp = Number(qr.split('/').at(-2))
    expect((await verify(qr.replace(`/${exp}/`, `/${exp + 86_400}/`))).status).toBe('bad_signature')
  })

  it('a stranger cannot download someone else’s proof (404) and does not see it listed', async () => {
    const p = await bodyOf(await ask(zhangwei, 'other'), 201)
    expect((await bodyOf(await pdf(chenjing, p.proofNo), 404)).code).toBe('PROOF_NOT_FOUND')
    expect(await list(chenjing)).toEqual([])
    expect((await pdf(chenjing, 'not-a-number')).status).toBe(400)
  })

  it('through a delegation: only a "proof" grant lets the delegate ask in the owner’s name; the owner sees it in 我的证明 and 我的查询记录', async () => {
    const owner = zhangwei
    const delegate = chenjing
    const jc = citizen('c-chenjing')
    const grant = async (scope: 'status' | 'proof', unitCodes: string[] = []) =>
      bodyOf(await bff.api(owner).delegations.$post({ json: { unitCodes, delegateName: jc.name, delegateIdNumber: jc.idNumber, scope, validHours: 24, maxUses: 1 } }), 201)
    const viaGrant = (who: Auth, token: string, requestId = randomUUID()) => bff.api(who).delegate.proofs.$post({ json: { token, purpose: 'school', requestId } })

    // a grant of another scope: 403
    const props = (await bodyOf(await bff.api(owner).properties.$get(), 200)).items
    const status = await grant('status', [props[0]!.unitCode])
    expect((await bodyOf(await viaGrant(delegate, status.token), 403)).code).toBe('DELEGATION_SCOPE_FORBIDDEN')

    const g = await grant('proof')
    expect(g.grant.units).toEqual([])
    // the delegate opens it: nothing of the owner's is shown, no use is counted
    const view = await bodyOf(await bff.api(delegate).delegate.view.$post({ json: { token: g.token } }), 200)
    expect(view).toMatchObject({ scope: 'proof', units: [], usesLeft: 1, grantedBy: '张**' })
    // someone else with the link: 403, recorded
    const lina = (await loginWeapp(bff, 'c-lina')).auth
    expect((await bodyOf(await viaGrant(lina, g.token), 403)).code).toBe('DELEGATION_WRONG_PERSON')

    const id = randomUUID()
    const p = await bodyOf(await viaGrant(delegate, g.token, id), 201)
    expect(p).toMatchObject({ subject: '张**', forSelf: false, requestedBy: '本人', unitCount: 2 })
    // a doubled tap spends no second use
    expect((await bodyOf(await viaGrant(delegate, g.token, id), 201)).proofNo).toBe(p.proofNo)
    // the one use is spent
    expect((await bodyOf(await viaGrant(delegate, g.token), 410)).code).toBe('DELEGATION_USED_UP')

    // both may download; the owner sees who asked (masked) and it shows in 我的查询记录
    expect((await pdf(delegate, p.proofNo)).status).toBe(200)
    expect((await pdf(owner, p.proofNo)).status).toBe(200)
    const ownerList = await list(owner)
    expect(ownerList.find((x) => x.proofNo === p.proofNo)).toMatchObject({ requestedBy: '陈**', forSelf: false })
    const records = (await bodyOf(await bff.api(owner)['access-records'].$get({ query: {} }), 200)).items
    const rec = records.find((r) => r.kind === 'proof_issued')
    expect(rec?.detail).toContain('陈**通过您的授权开具了不动产登记资料查询结果证明（用途：子女入学；载明 2 处不动产')
    expect(JSON.stringify(records)).not.toContain(jc.idNumber)
  })
})

describe('查询结果证明 and the face step-up', () => {
  it('REQUIRE_FACE_STEP_UP=true refuses asking and downloading without a fresh face check; listing needs none', async () => {
    const bff = await startTestBff({ env: { REQUIRE_FACE_STEP_UP: 'true' } })
    try {
      const { auth } = await loginWeapp(bff, 'c-zhangwei')
      expect((await bodyOf(await bff.api(auth).proofs.$post({ json: { purpose: 'school', requestId: randomUUID() } }), 403)).code).toBe('FACE_CHECK_REQUIRED')
      expect((await bodyOf(await bff.api(auth).proofs[':proofNo'].pdf.$get({ param: { proofNo: '51000020261203000001' } }), 403)).code).toBe('FACE_CHECK_REQUIRED')
      expect((await bff.api(auth).proofs.$get()).status).toBe(200)
    } finally {
      await bff.close()
    }
  })
})
