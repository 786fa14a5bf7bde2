/**
 * Online applications — part of `npm run bench`; prints figures, never fails on speed.
 *   1. Photo upload (multipart → magic bytes, decode, auto-rotate, strip metadata, resize, re-encode,
 *      seal) of a 12-megapixel JPEG: per upload.
 *   2. Submit with the province up (transaction + outbox row + immediate delivery): per submission.
 *   3. Outbox delivery delay after the province returns: N applications submitted while the
 *      simulated intake is down (fault switch on /intake and /health, so the probe sees it down),
 *      then the fault is lifted; time until each shows 已提交 with a 接件编码, default OUTBOX_POLL_MS.
 * The BFF and the simulator run in this process (embedded mode, in-memory PGlite), wall clock.
 * The separate-process figure (simulator process stopped and restarted) is printed by
 * e2e/tests/applications-outbox.e2e.test.ts.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inArray } from 'drizzle-orm'
import sharp from 'sharp'
import { STATEMENTS_VERSION } from '@bdc/shared/applications-dict'
import { bootstrap } from '../src/bootstrap'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/lib/logger'
import { applications } from '../src/features/applications/applications.schema'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const N = 20
const CONFIRM = { statementsVersion: STATEMENTS_VERSION, declarationConfirmed: true, commitmentConfirmed: true }
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  return `min ${Math.round(s[0]!)} · median ${Math.round(at(0.5))} · p95 ${Math.round(at(0.95))} · max ${Math.round(s.at(-1)!)} ms`
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-bench-apps-'))
  const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'http://localhost:8787', SIM_SEED_UNITS: '20', SIM_INTAKE_STEP_MS: '0', LOG_LEVEL: 'silent' })
  const boot = await bootstrap(config, { inMemory: true, logger: createLogger('silent', { svc: 'bench' }) })
  try {
    const req = async (method: string, p: string, headers: Record<string, string>, body?: unknown) => {
      const res = await boot.app.request(p, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, body: (await res.json()) as Json }
    }
    const secret = fs.readFileSync(path.join(dataDir, 'upstream-client-secret'), 'utf8').trim()
    const fault = (mode: string, paths?: string[]) =>
      boot.app.request('/province/__sim/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64') },
        body: JSON.stringify({ mode, paths }),
      })
    const { code } = (await req('POST', '/api/auth/dev-container-code', {}, { citizenId: 'c-zhangwei' })).body
    const { token } = (await req('POST', '/api/auth/container', {}, { code })).body
    const auth = { authorization: `Bearer ${token}` }
    const units = ((await req('GET', '/api/properties', auth)).body.items as Json[]).map((u) => u.unitCode as string)

    const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg({ quality: 85 })
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const small = await sharp({ create: { width: 1000, height: 700, channels: 3, background: '#9ab' } }).jpeg().toBuffer()
    const upload = async (id: string, kind: string, file: Buffer) => {
      const fd = new FormData()
      fd.append('kind', kind)
      fd.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), 'p.jpg')
      const res = await boot.app.request(`/api/applications/${id}/materials`, { method: 'POST', headers: auth, body: fd })
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`)
    }
    const draft = async (i: number, photo: Buffer) => {
      const d = await req('POST', '/api/applications', auth, { type: i % 2 ? 'correction' : 'certificate_replace', unitCode: units[i % units.length] })
      if (d.status !== 201 && d.status !== 200) throw new Error(`draft: ${d.status}`)
      const form =
        i % 2
          ? { correctionItem: '面积', currentValue: '1', correctValue: '2', reason: '测绘有误', contactPhone: '13800138000' }
          : { replaceKind: '补证（证书遗失、灭失）', reason: '遗失', contactPhone: '13800138000' }
      await req('PATCH', `/api/applications/${d.body.id}`, auth, { form })
      for (const m of (await req('GET', `/api/applications/${d.body.id}`, auth)).body.missing as Json[]) await upload(d.body.id, m.path.replace('materials.', ''), photo)
      return d.body.id as string
    }

    // 1. uploads of a 12 MP photo
    const d0 = await draft(0, small)
    await req('DELETE', `/api/applications/${d0}`, auth)
    const uploadMs: number[] = []
    for (let i = 0; i < 6; i++) {
      const id = (await req('POST', '/api/applications', auth, { type: 'correction', unitCode: units[0] })).body.id as string
      const t0 = performance.now()
      await upload(id, 'evidence', big)
      uploadMs.push(performance.now() - t0)
      await req('DELETE', `/api/applications/${id}`, auth)
    }
    console.log(`applications: photo upload, ${(big.length / 1e6).toFixed(1)} MB 4000×3000 JPEG → normalised: ${stats(uploadMs)}`)

    // 2. submit with the province up
    const submitMs: number[] = []
    for (let i = 0; i < 10; i++) {
      const id = await draft(i, small)
      const t0 = performance.now()
      const r = await req('POST', `/api/applications/${id}/submit`, auth, CONFIRM)
      submitMs.push(performance.now() - t0)
      if (r.body.status !== 'submitted') throw new Error(`expected 已提交, got ${r.body.status}`)
    }
    console.log(`applications: submit with the province up (outbox + immediate delivery): ${stats(submitMs)}`)

    // 3. outage → N submissions → province back
    // Intake and health down (the registry stays up so drafts can still be prefilled).
    await fault('down', ['/intake', '/health'])
    const outageStart = performance.now()
    const outageWall = Date.now()
    const ids: string[] = []
    for (let i = 0; i < N; i++) {
      const id = await draft(i, small)
      const r = await req('POST', `/api/applications/${id}/submit`, auth, CONFIRM)
      if (r.body.status !== 'pending_push') throw new Error(`expected 待推送, got ${JSON.stringify(r.body)}`)
      ids.push(id)
    }
    // At least 5 s of outage: the worker retries and backs off meanwhile.
    await new Promise((r) => setTimeout(r, Math.max(0, 5000 - (performance.now() - outageStart))))
    await fault('ok')
    const back = Date.now()
    // Read the outcome from the database (the time the 接件编码 was recorded), polling cheaply.
    let rows: { id: string; status: string; updatedAt: Date }[] = []
    while (Date.now() - back < 60_000) {
      rows = await boot.deps.db
        .select({ id: applications.id, status: applications.status, updatedAt: applications.updatedAt })
        .from(applications)
        .where(inArray(applications.id, ids))
      if (rows.every((r) => r.status === 'submitted')) break
      await new Promise((r) => setTimeout(r, 20))
    }
    if (!rows.every((r) => r.status === 'submitted')) throw new Error('not all delivered within 60 s')
    const delays = new Map(rows.map((r) => [r.id, r.updatedAt.getTime() - back]))
    const outageS = (back - outageWall) / 1000
    console.log(
      `applications: outbox delivery delay after the province returns (${N} queued during a ${outageS.toFixed(1)} s outage, OUTBOX_POLL_MS=${config.applications.outboxPollMs}): ${stats([...delays.values()])}`,
    )
  } finally {
    await boot.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error('applications bench failed:', e instanceof Error ? e.message : e)
  process.exit(1)
})
