/**
 * Online applications (互联网接件), progress and 好差评 through the whole request path, on PGlite
 * and on PostgreSQL, with the in-process provincial simulator (its intake, progress engine driven
 * step by step through /__sim/intake/advance, signed callbacks, 好差评 sink and fault switch).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { desc, eq } from 'drizzle-orm'
import sharp from 'sharp'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'
import { applications } from '../src/features/applications/applications.schema'
import { livenessChallenges } from '../src/features/liveness/liveness.schema'
import { auditLog, sessions } from '../src/db/schema'
import { signCallback } from '@bdc/shared/province-contract'
import { STATEMENTS_VERSION, type ApplicationTypeCode } from '@bdc/shared/applications-dict'
import type { RatingBody } from '@bdc/shared/applications'

/** What the simulator's doors (/province) answer: not part of the BFF's contract. */
type SimJson = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const CONFIRM = { statementsVersion: STATEMENTS_VERSION, declarationConfirmed: true, commitmentConfirmed: true } as const
// The tests drive the outbox worker themselves (runOnce); its timer is tested in the e2e run.
const ENV = { SIM_INTAKE_STEP_MS: '0', UPSTREAM_TIMEOUT_MS: '1500', OUTBOX_POLL_MS: '60000' }

// ------------------------------------------------------------------ images

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c0d0e0' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'TestPhone', Model: 'GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 39/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 4/1 0/1' },
    })
    .toBuffer()
}
const plainPhoto = () => sharp({ create: { width: 900, height: 600, channels: 3, background: '#808080' } }).jpeg().toBuffer()

/** A valid 1×1-pixel-data PNG whose header declares width × height (an image bomb). */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

describe.each(DB_KINDS)('applications on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let dbUrl: string | undefined
  let zhang: Record<string, string>
  let liu: Record<string, string>

  beforeEach(async () => {
    dbUrl = await databaseUrl()
    bff = await startTestBff({ databaseUrl: dbUrl, env: ENV })
    zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    liu = (await loginWeapp(bff, 'c-liuyang')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  type Auth = Record<string, string>
  const apps = (auth: Auth) => bff.api(auth).applications
  const create = (auth: Auth, type: ApplicationTypeCode, unitCode: string) => apps(auth).$post({ json: { type, unitCode } })
  const draftOf = async (auth: Auth, type: ApplicationTypeCode, unitCode: string) => {
    const res = await create(auth, type, unitCode)
    return bodyOf(res, res.status === 201 ? 201 : 200)
  }
  const application = (auth: Auth, id: string) => apps(auth)[':id'].$get({ param: { id } })
  const detail = async (auth: Auth, id: string) => bodyOf(await application(auth, id), 200)
  const save = (auth: Auth, id: string, form: Record<string, string>) => apps(auth)[':id'].$patch({ param: { id }, json: { form } })
  const submit = (auth: Auth, id: string, body: typeof CONFIRM = CONFIRM) => apps(auth)[':id'].submit.$post({ param: { id }, json: body })
  const submitted = async (auth: Auth, id: string) => bodyOf(await submit(auth, id), 200)
  const rate = (auth: Auth, id: string, json: RatingBody) => apps(auth)[':id'].rating.$post({ param: { id }, json })
  const upload = (auth: Auth, id: string, kindCode: string, file: Buffer | null, name = 'photo.jpg', type = 'image/jpeg') =>
    apps(auth)[':id'].materials.$post({ param: { id }, form: { kind: kindCode, ...(file ? { file: new File([new Uint8Array(file)], name, { type }) } : {}) } })
  const basic = () => {
    const secret = fs.readFileSync(path.join(bff.boot.deps.config.dataDir, 'upstream-client-secret'), 'utf8').trim()
    return 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64')
  }
  const sim = async (p: string, body?: unknown) => {
    const res = await bff.request(`/province${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: basic() },
    })
    return { status: res.status, body: (await res.json()) as SimJson }
  }
  const properties = async (auth: Auth) => (await bodyOf(await bff.api(auth).properties.$get(), 200)).items
  const firstUnit = async (auth: Auth) => (await properties(auth))[0]!.unitCode

  /** A complete 换证补证 draft for 张伟, ready to submit. */
  async function readyDraft() {
    const unitCode = await firstUnit(zhang)
    const { id } = await draftOf(zhang, 'certificate_replace', unitCode)
    const saved = await save(zhang, id, { replaceKind: '补证（证书遗失、灭失）', reason: '搬家时遗失', contactPhone: '13800138000' })
    expect(saved.status).toBe(200)
    const photo = await plainPhoto()
    expect((await upload(zhang, id, 'id_card', photo)).status).toBe(201)
    expect((await upload(zhang, id, 'certificate_or_statement', photo)).status).toBe(201)
    return { id, unitCode }
  }

  it('lists the types, prefills a draft from the registry, and refuses units that are not mine', async () => {
    const types = await bodyOf(await apps(zhang).types.$get(), 200)
    expect(types.items.map((t) => t.label)).toEqual(['抵押权注销登记', '换证补证', '更正登记'])
    expect(types.rating.levels.map((l) => l.label)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意'])

    // 刘洋's flat under 抵押: 抵押权注销 is prefilled with the mortgage's 证明号 and 抵押权人.
    const props = await properties(liu)
    const mortgaged = props.find((p) => p.restrictions.some((r) => r.code === 'mortgage'))!
    const draft = await bodyOf(await create(liu, 'mortgage_release', mortgaged.unitCode), 201)
    expect(draft).toMatchObject({ status: 'draft', statusLabel: '草稿', receiptNo: null, location: mortgaged.location })
    expect(draft.form).toMatchObject({ unitCode: mortgaged.unitCode, location: mortgaged.location, certificateNo: mortgaged.certificateNo })
    expect(draft.form.mortgageCertNo).toMatch(/抵押|证明/)
    expect(draft.form.mortgagee).toBeTruthy()
    expect(draft.applicant.idNumber).toMatch(/\*/)
    expect(draft.missing.map((m) => m.path)).toEqual(['form.releaseReason', 'form.contactPhone', 'materials.id_card', 'materials.mortgage_cert', 'materials.release_proof'])
    // The same type for the same unit again: the existing draft, not a second one.
    expect((await bodyOf(await create(liu, 'mortgage_release', mortgaged.unitCode), 200)).id).toBe(draft.id)

    // Not mine: 张伟 asks for 刘洋's unit → 404, and cannot read 刘洋's draft either.
    expect((await bodyOf(await create(zhang, 'correction', mortgaged.unitCode), 404)).code).toBe('PROPERTY_NOT_FOUND')
    expect((await bodyOf(await application(zhang, draft.id), 404)).code).toBe('APPLICATION_NOT_FOUND')
    // No mortgage on 张伟's flat → 抵押权注销 is not possible.
    expect((await bodyOf(await create(zhang, 'mortgage_release', await firstUnit(zhang)), 409)).code).toBe('APPLICATION_NOT_ELIGIBLE')
  })

  it('saves drafts partially with validation, seals personal data, and keeps them across restarts', async () => {
    // Same DATA_DIR (keys) and database for both processes, as a real restart has.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-app-restart-'))
    if (dbUrl) {
      await bff.close()
      bff = await startTestBff({ databaseUrl: dbUrl, env: { ...ENV, DATA_DIR: dataDir } })
      zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    }
    const unitCode = await firstUnit(zhang)
    const d = await draftOf(zhang, 'correction', unitCode)
    const bad = await bodyOf(await save(zhang, d.id, { contactPhone: '12345', correctionItem: '颜色', nonsense: 'x' }), 400)
    expect(bad.details?.map((x) => x.path).sort()).toEqual(['form.contactPhone', 'form.correctionItem', 'form.nonsense'])
    const ok = await bodyOf(await save(zhang, d.id, { contactPhone: '13912345678', correctionItem: '面积', location: '篡改的坐落' }), 200)
    expect(ok.form).toMatchObject({ contactPhone: '13912345678', correctionItem: '面积', location: d.form.location })
    const second = await bodyOf(await save(zhang, d.id, { currentValue: '89.5', correctValue: '98.5', contactPhone: '' }), 200)
    expect(second.form).toMatchObject({ correctionItem: '面积', currentValue: '89.5', correctValue: '98.5' })
    expect(second.form.contactPhone).toBeUndefined()

    const raw = (await bff.boot.deps.db.select().from(applications).where(eq(applications.id, d.id)))[0]!
    expect(raw.formSealed).not.toContain('98.5')
    expect(raw.applicantIdSealed).not.toMatch(/\d{17}[\dX]/)

    if (dbUrl) {
      // A new process on the same database: the draft is still there.
      await bff.close()
      bff = await startTestBff({ databaseUrl: dbUrl, env: { ...ENV, DATA_DIR: dataDir } })
      zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    }
    expect((await detail(zhang, d.id)).form).toMatchObject({ correctionItem: '面积', currentValue: '89.5', correctValue: '98.5' })
    expect((await bodyOf(await apps(zhang).$get(), 200)).items.map((a) => a.id)).toContain(d.id)
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses bad uploads with clear errors and stores nothing; strips EXIF/GPS and auto-rotates good photos', async () => {
    const d = await draftOf(zhang, 'certificate_replace', await firstUnit(zhang))
    const expectRefused = async (res: Awaited<ReturnType<typeof upload>>, status: 400 | 413 | 415, code: string) => {
      const body = await bodyOf(res, status)
      expect(body.code).toBe(code)
      expect(body.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    const real = await plainPhoto()
    // Over 10 MB (a JPEG header followed by filler).
    await expectRefused(await upload(zhang, d.id, 'id_card', Buffer.concat([real, Buffer.alloc(10 * 1024 * 1024)])), 413, 'UPLOAD_TOO_LARGE')
    await expectRefused(await upload(zhang, d.id, 'id_card', Buffer.concat([real, Buffer.alloc(12 * 1024 * 1024)])), 413, 'UPLOAD_TOO_LARGE')
    // A PDF and a text file renamed .jpg with an image content type.
    await expectRefused(await upload(zhang, d.id, 'id_card', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n')), 415, 'UPLOAD_TYPE_UNSUPPORTED')
    await expectRefused(await upload(zhang, d.id, 'id_card', Buffer.from('just some text, not a photo')), 415, 'UPLOAD_TYPE_UNSUPPORTED')
    // A JPEG cut in half.
    await expectRefused(await upload(zhang, d.id, 'id_card', real.subarray(0, Math.floor(real.length / 2))), 400, 'UPLOAD_CORRUPT')
    // A tiny PNG declaring 30000 × 30000 pixels.
    const bomb = pngDeclaring(30000, 30000)
    expect(bomb.length).toBeLessThan(200)
    await expectRefused(await upload(zhang, d.id, 'id_card', bomb, 'bomb.png', 'image/png'), 400, 'UPLOAD_DIMENSIONS')
    await expectRefused(await upload(zhang, d.id, 'nonsense', real), 400, 'MATERIAL_KIND_INVALID')
    await expectRefused(await upload(zhang, d.id, 'id_card', null), 400, 'UPLOAD_MISSING')
    expect((await detail(zhang, d.id)).materials).toEqual([])

    // A phone photo with GPS and orientation 6: stored upright, as plain JPEG without metadata.
    const gps = await photoWithGps()
    const before = await sharp(gps).metadata()
    expect(before.exif?.includes(Buffer.from([0x88, 0x25])) || before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true)
    const ok = await bodyOf(await upload(zhang, d.id, 'id_card', gps), 201)
    expect(ok).toMatchObject({ kind: 'id_card', width: 800, height: 1200 })
    expect(ok.previewUrl).toBe(`/api/applications/${d.id}/materials/${ok.id}/preview`)
    const preview = (auth: Auth, size?: 'full') =>
      apps(auth)[':id'].materials[':materialId'].preview.$get({ param: { id: d.id, materialId: ok.id }, query: size ? { size } : {} })
    const full = await preview(zhang, 'full')
    expect(full.status).toBe(200)
    expect(full.headers.get('content-type')).toBe('image/jpeg')
    const stored = Buffer.from(await full.arrayBuffer())
    const meta = await sharp(stored).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: 800, height: 1200 })
    expect(meta.exif).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(stored.includes(Buffer.from('TestPhone'))).toBe(false)
    const thumb = await preview(zhang)
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).height).toBe(320)
    // Someone else cannot fetch it; the owner can delete it.
    expect((await preview(liu)).status).toBe(404)
    expect((await apps(zhang)[':id'].materials[':materialId'].$delete({ param: { id: d.id, materialId: ok.id } })).status).toBe(200)
    expect((await detail(zhang, d.id)).materials).toEqual([])
  })

  it('submits only complete, confirmed drafts and gets the 接件编码', async () => {
    const unitCode = await firstUnit(zhang)
    const d = await draftOf(zhang, 'certificate_replace', unitCode)
    await save(zhang, d.id, { replaceKind: '换证（证书损坏、污损）', contactPhone: '13800138000' })
    const incomplete = await bodyOf(await submit(zhang, d.id), 422)
    expect(incomplete.code).toBe('APPLICATION_INCOMPLETE')
    expect(incomplete.details).toEqual([
      { path: 'form.reason', message: '请填写情况说明' },
      { path: 'materials.id_card', message: '请上传申请人身份证' },
      { path: 'materials.certificate_or_statement', message: '请上传原证书或遗失声明' },
    ])
    expect((await detail(zhang, d.id)).status).toBe('draft')

    // Completing the same draft (creating it again returns it).
    const { id } = await readyDraft()
    expect(id).toBe(d.id)
    // A body the contract does not allow (unconfirmed), sent on purpose.
    const unconfirmed = await bodyOf(await submit(zhang, id, { ...CONFIRM, commitmentConfirmed: false } as unknown as typeof CONFIRM), 400)
    expect(unconfirmed.details?.[0]?.message).toBe('请阅读并确认承诺书')

    const done = await submitted(zhang, id)
    expect(done).toMatchObject({ status: 'submitted', statusLabel: '已提交' })
    expect(done.receiptNo).toMatch(new RegExp(`^${unitCode.slice(0, 6)}\\d{14}$`))
    const upstream = await sim('/__sim/intake/lookup', { clientRef: id })
    expect(upstream.body.records).toHaveLength(1)
    expect(upstream.body.records[0].receiptNo).toBe(done.receiptNo)
    // Submitted: no more edits, no second submission.
    expect((await bodyOf(await save(zhang, id, { reason: '改' }), 409)).code).toBe('APPLICATION_NOT_DRAFT')
    expect((await bodyOf(await submit(zhang, id), 409)).code).toBe('APPLICATION_NOT_DRAFT')
  })

  it('demands the face step-up for submission when REQUIRE_FACE_STEP_UP is on', async () => {
    await bff.close()
    bff = await startTestBff({ databaseUrl: dbUrl ? await databaseUrl() : undefined, env: { ...ENV, REQUIRE_FACE_STEP_UP: 'true' } })
    zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    const { id } = await readyDraft()
    expect((await bodyOf(await submit(zhang, id), 403)).code).toBe('FACE_CHECK_REQUIRED')
    expect((await detail(zhang, id)).status).toBe('draft')
    // A face check passed in this session (the liveness flow itself is tested in liveness.test.ts).
    const db = bff.boot.deps.db
    const s = (await db.select().from(sessions).orderBy(desc(sessions.createdAt)).limit(1))[0]!
    const now = bff.clock.now
    await db.insert(livenessChallenges).values({
      sessionId: s.id,
      actor: s.idNumberIndex,
      nonceHash: 'x'.repeat(64),
      actions: [],
      colours: [],
      issuedAt: now,
      expiresAt: now,
      answeredAt: now,
      outcome: 'passed',
      stepUpUntil: new Date(now.getTime() + 600_000),
    })
    expect((await submitted(zhang, id)).status).toBe('submitted')
  })

  it('accepts a submission while the province is down (待推送) and delivers it exactly once when it is back', async () => {
    const { id } = await readyDraft()
    expect((await sim('/__sim/faults', { mode: 'down', paths: ['/intake'] })).status).toBe(200)
    const queued = await submitted(zhang, id)
    expect(queued).toMatchObject({ status: 'pending_push', statusLabel: '待推送', receiptNo: null })
    expect(queued.timeline.map((e) => e.label)).toEqual(['提交申请'])
    expect((await bodyOf(await apps(zhang).$get(), 200)).items[0]).toMatchObject({ id, statusLabel: '待推送' })
    // Still down: the worker retries and fails, nothing reaches the province.
    bff.clock.advance(60_000)
    expect(await bff.boot.outbox.runOnce()).toEqual({ delivered: 0, failed: 1 })
    expect((await sim('/__sim/intake/lookup', { clientRef: id })).body.records).toHaveLength(0)

    await sim('/__sim/faults', { mode: 'ok' })
    bff.clock.advance(60_000)
    // Several workers at once (and the background one): exactly one of them sends it.
    const passes = await Promise.all([bff.boot.outbox.runOnce(), bff.boot.outbox.runOnce(), bff.boot.outbox.deliverNow('intake.submit', id)])
    expect(passes[0].delivered + passes[1].delivered + (passes[2] ? 1 : 0)).toBeLessThanOrEqual(1)
    bff.clock.advance(120_000)
    await bff.boot.outbox.runOnce()
    expect(await bff.boot.outbox.runOnce()).toEqual({ delivered: 0, failed: 0 })
    const after = await detail(zhang, id)
    expect(after.status).toBe('submitted')
    expect(after.receiptNo).toMatch(/^\d{20}$/)
    const upstream = await sim('/__sim/intake/lookup', { clientRef: id })
    expect(upstream.body.records).toHaveLength(1)
    expect(upstream.body.records[0]).toMatchObject({ receiptNo: after.receiptNo, duplicateCalls: 0 })
  })

  it('the province intake is idempotent on the client reference, also for concurrent retries', async () => {
    const clientRef = crypto.randomUUID()
    const body = {
      clientRef,
      itemCode: 'correction',
      itemName: '更正登记',
      unitCode: await firstUnit(zhang),
      divisionCode: '510107',
      applicant: { holder: { idType: '111', idNumber: '510107199001011234' }, name: '测试' },
      form: { reason: 'x' },
      materials: [],
      channel: 'weapp',
      callbackUrl: 'http://localhost:8787/api/callbacks/intake-progress',
      submittedAt: new Date().toISOString(),
    }
    const answers = await Promise.all(Array.from({ length: 5 }, () => sim('/intake/applications', body)))
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201])
    expect(new Set(answers.map((a) => a.body.receiptNo)).size).toBe(1)
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1)
    const records = (await sim('/__sim/intake/lookup', { clientRef })).body.records as SimJson[]
    expect(records).toHaveLength(1)
    expect(records[0]!.duplicateCalls).toBe(4)
  })

  it('keeps a submission 待推送 when the intake answers garbage, and delivers it once it answers properly', async () => {
    const { id } = await readyDraft()
    await sim('/__sim/faults', { mode: 'garbage', paths: ['/intake'] })
    expect((await submitted(zhang, id)).status).toBe('pending_push')
    await sim('/__sim/faults', { mode: 'ok' })
    bff.clock.advance(60_000)
    expect(await bff.boot.outbox.runOnce()).toEqual({ delivered: 1, failed: 0 })
    expect((await detail(zhang, id)).status).toBe('submitted')
    // Submission and delivery are in the audit trail (pseudonymous actor, no personal data).
    const trail = (await bff.boot.deps.db.select().from(auditLog).where(eq(auditLog.target, id))).filter((r) => /create|submit|delivered/.test(r.action))
    expect(trail.map((r) => `${r.action}:${r.outcome}`)).toEqual(['application.create:ok', 'application.submit:ok', 'application.delivered:ok'])
  })

  it('does not submit twice when the province answers too late (timeout, then retry)', async () => {
    const { id } = await readyDraft()
    await sim('/__sim/faults', { mode: 'slow', delayMs: 2500, paths: ['/intake'] })
    expect((await submitted(zhang, id)).status).toBe('pending_push')
    await new Promise((r) => setTimeout(r, 1500)) // the province finishes the late request
    await sim('/__sim/faults', { mode: 'ok' })
    bff.clock.advance(60_000)
    await bff.boot.outbox.runOnce()
    const after = await detail(zhang, id)
    expect(after.status).toBe('submitted')
    const upstream = await sim('/__sim/intake/lookup', { clientRef: id })
    expect(upstream.body.records).toHaveLength(1)
    expect(upstream.body.records[0].receiptNo).toBe(after.receiptNo)
    // The late first request did create it; the retry was absorbed by the province's idempotency.
    expect(upstream.body.records[0].duplicateCalls).toBe(1)
  })

  it('shows the progress timeline from signed callbacks, in order, ending 已办结', async () => {
    const { id } = await readyDraft()
    const receiptNo = (await submitted(zhang, id)).receiptNo!
    expect((await sim('/__sim/intake/advance', { receiptNo, to: 'reviewing' })).status).toBe(200)
    expect((await detail(zhang, id)).status).toBe('reviewing')
    expect((await sim('/__sim/intake/advance', { receiptNo, to: 'completed' })).status).toBe(200)
    const done = await detail(zhang, id)
    expect(done).toMatchObject({ status: 'completed', statusLabel: '已办结', canRate: true })
    expect(done.timeline.map((e) => `${e.source}:${e.status}`)).toEqual([
      'citizen:pending_push',
      'bff:submitted',
      'province:submitted',
      'province:accepted',
      'province:reviewing',
      'province:registered',
      'province:completed',
    ])
    expect(done.timeline.map((e) => e.label).slice(2)).toEqual(['已提交', '已受理', '审核中', '已登簿', '已办结'])
    const upstream = await sim('/__sim/intake/lookup', { clientRef: id })
    expect(upstream.body.records[0].events.every((e: SimJson) => e.delivered)).toBe(true)
  })

  it('ends in 补正 or 不予受理 with the reason', async () => {
    const { id } = await readyDraft()
    const body = await submitted(zhang, id)
    await sim('/__sim/intake/advance', { receiptNo: body.receiptNo, to: 'accepted' })
    await sim('/__sim/intake/advance', { receiptNo: body.receiptNo, to: 'rejected', note: '申请人与登记簿记载的权利人不一致' })
    const r = await detail(zhang, id)
    expect(r).toMatchObject({ status: 'rejected', statusLabel: '不予受理', statusNote: '申请人与登记簿记载的权利人不一致', canRate: false })
    expect(r.timeline.at(-1)).toMatchObject({ label: '不予受理', note: '申请人与登记簿记载的权利人不一致' })
    expect((await sim('/__sim/intake/advance', { receiptNo: body.receiptNo, to: 'completed' })).status).toBe(409)
  })

  if (kind === 'postgres') {
    it('two BFF instances on one database: every queued submission is sent by exactly one of them', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-app-two-'))
      await bff.close()
      const env = { ...ENV, DATA_DIR: dataDir }
      bff = await startTestBff({ databaseUrl: dbUrl, env })
      const other = await startTestBff({ databaseUrl: dbUrl, env })
      try {
        zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
        // Each instance has its own embedded simulator (one province database): fail both intakes.
        const faultBoth = async (body: SimJson) => {
          for (const b of [bff, other]) {
            const res = await b.request('/province/__sim/faults', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: basic() } })
            expect(res.status).toBe(200)
          }
        }
        await faultBoth({ mode: 'down', paths: ['/intake'] })
        const units = (await properties(zhang)).map((u) => u.unitCode)
        const ids: string[] = []
        for (let i = 0; i < 6; i++) {
          const type = (['certificate_replace', 'correction'] as const)[i % 2]!
          const d = await draftOf(zhang, type, units[i % units.length]!)
          const form: Record<string, string> =
            type === 'correction'
              ? { correctionItem: '面积', currentValue: '1', correctValue: '2', reason: '测绘有误', contactPhone: '13800138000' }
              : { replaceKind: '补证（证书遗失、灭失）', reason: '遗失', contactPhone: '13800138000' }
          await save(zhang, d.id, form)
          for (const m of d.missing.filter((x) => x.path.startsWith('materials.'))) {
            expect((await upload(zhang, d.id, m.path.slice('materials.'.length), await plainPhoto())).status).toBe(201)
          }
          expect((await submitted(zhang, d.id)).status).toBe('pending_push')
          ids.push(d.id)
        }
        await faultBoth({ mode: 'ok' })
        bff.clock.advance(60_000)
        other.clock.advance(60_000)
        const passes = await Promise.all([bff.boot.outbox.runOnce(), other.boot.outbox.runOnce(), bff.boot.outbox.runOnce(), other.boot.outbox.runOnce()])
        expect(passes.reduce((n, p) => n + p.delivered, 0)).toBe(ids.length)
        for (const id of ids) {
          const records = (await sim('/__sim/intake/lookup', { clientRef: id })).body.records as SimJson[]
          expect(records).toHaveLength(1)
          expect(records[0]!.duplicateCalls).toBe(0)
          expect((await detail(zhang, id)).receiptNo).toBe(records[0]!.receiptNo)
        }
      } finally {
        await other.close()
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    })
  }

  it('verifies callbacks: signature, timestamp window, replay, unknown application, out-of-order events', async () => {
    const { id } = await readyDraft()
    const sub = await submitted(zhang, id)
    await sim('/__sim/intake/tick', {}) // the province's own 已提交 event is in
    const key = bff.boot.deps.intakeCallbackKey
    // Raw on purpose: signed (and forged) callbacks are about the exact bytes and headers on the wire.
    const send = async (ev: { eventId: string } & Record<string, unknown>, opts: { ts?: number; sig?: string } = {}) => {
      const raw = JSON.stringify(ev)
      const ts = String(opts.ts ?? Date.now())
      const res = await bff.request('/api/callbacks/intake-progress', {
        method: 'POST',
        body: raw,
        headers: {
          'content-type': 'application/json',
          'x-intake-event-id': ev.eventId,
          'x-intake-timestamp': ts,
          'x-intake-signature': opts.sig ?? signCallback(key, ev.eventId, ts, raw),
        },
      })
      return { status: res.status, body: await res.json() }
    }
    const ev = (seq: number, status: string, eventId = `ev-test-${seq}-${status}`) => ({
      eventId,
      receiptNo: sub.receiptNo,
      clientRef: id,
      seq,
      status,
      note: null,
      at: new Date().toISOString(),
    })
    // Out of order: 审核中 (seq 3) arrives before 已受理 (seq 2).
    expect((await send(ev(3, 'reviewing'))).body).toEqual({ ok: true, duplicate: false })
    expect((await send(ev(2, 'accepted'))).body).toEqual({ ok: true, duplicate: false })
    const now = await detail(zhang, id)
    expect(now.status).toBe('reviewing')
    expect(now.timeline.filter((e) => e.source === 'province').map((e) => e.status)).toEqual(['submitted', 'accepted', 'reviewing'])
    // Replay of an event already applied: acknowledged, no effect.
    expect((await send(ev(3, 'reviewing'))).body).toEqual({ ok: true, duplicate: true })
    expect((await detail(zhang, id)).timeline).toHaveLength(now.timeline.length)
    // Bad signature, tampered body, stale timestamp.
    const bad = await send(ev(4, 'registered'), { sig: 'ab'.repeat(32) })
    expect(bad).toMatchObject({ status: 401, body: { code: 'CALLBACK_SIGNATURE_INVALID' } })
    const good = ev(4, 'registered')
    const ts = String(Date.now())
    const sig = signCallback(key, good.eventId, ts, JSON.stringify(good))
    const tampered = await bff.request('/api/callbacks/intake-progress', {
      method: 'POST',
      body: JSON.stringify({ ...good, status: 'completed' }),
      headers: { 'content-type': 'application/json', 'x-intake-event-id': good.eventId, 'x-intake-timestamp': ts, 'x-intake-signature': sig },
    })
    expect(tampered.status).toBe(401)
    const stale = await send(ev(4, 'registered'), { ts: Date.now() - 10 * 60_000 })
    expect(stale).toMatchObject({ status: 401, body: { code: 'CALLBACK_STALE' } })
    expect((await detail(zhang, id)).status).toBe('reviewing')
    // Unknown application.
    const unknown = await send({ ...ev(1, 'accepted', 'ev-unknown-1'), clientRef: '00000000-0000-4000-8000-000000000000' })
    expect(unknown).toMatchObject({ status: 404, body: { code: 'APPLICATION_NOT_FOUND' } })
  })

  it('rates once after 已办结, requires a reason for the bad levels, and pushes to the 好差评 sink with retries', async () => {
    const { id } = await readyDraft()
    const sub = await submitted(zhang, id)
    expect((await bodyOf(await rate(zhang, id, { level: 5 }), 409)).code).toBe('RATING_NOT_ALLOWED')
    await sim('/__sim/intake/advance', { receiptNo: sub.receiptNo, to: 'completed' })

    const noReason = await bodyOf(await rate(zhang, id, { level: 2, tags: ['办理时间长'] }), 400)
    expect(noReason.details).toEqual([{ path: 'reason', message: '选择“不满意”或“非常不满意”时请填写原因' }])
    expect((await rate(zhang, id, { level: 6 })).status).toBe(400)
    // A tag the contract does not have, sent on purpose.
    expect((await rate(zhang, id, { level: 4, tags: ['不存在的标签'] } as unknown as RatingBody)).status).toBe(400)

    // The sink is down: the rating is kept and pushed later.
    await sim('/__sim/faults', { mode: 'down', paths: ['/evaluation'] })
    const rated = await bodyOf(await rate(zhang, id, { level: 1, tags: ['办理时间长'], reason: '等了很久才办结', text: '希望加快' }), 201)
    expect(rated).toMatchObject({ level: 1, label: '非常不满意', reason: '等了很久才办结', text: '希望加快', pushed: false })
    expect((await bodyOf(await rate(zhang, id, { level: 5 }), 409)).code).toBe('RATING_ALREADY_GIVEN')
    expect((await sim(`/__sim/ratings?serviceNo=${sub.receiptNo}`)).body.ratings).toHaveLength(0)

    await sim('/__sim/faults', { mode: 'ok' })
    bff.clock.advance(60_000)
    await bff.boot.outbox.runOnce()
    bff.clock.advance(60_000)
    await bff.boot.outbox.runOnce()
    const sink = (await sim(`/__sim/ratings?serviceNo=${sub.receiptNo}`)).body.ratings as SimJson[]
    expect(sink).toHaveLength(1)
    expect(sink[0]).toMatchObject({
      serviceNo: sub.receiptNo,
      itemName: '换证补证',
      department: '不动产登记中心',
      divisionCode: sub.unitCode.slice(0, 6),
      channel: '天府通办小程序',
      level: 1,
      levelLabel: '非常不满意',
      tags: ['办理时间长'],
      reason: '等了很久才办结',
    })
    expect(await detail(zhang, id)).toMatchObject({ canRate: false, rating: { pushed: true, level: 1 } })
  })
})
