/**
 * `npx tsx bff/bench/institution.ts [runs] [requests]` — latency of the institution API
 * (POST /inst/v1/holder-check) on a real PostgreSQL (throwaway cluster), the BFF in its own process
 * (embedded simulator) over HTTP; never fails on speed.
 *
 * Each request is signed afresh (HMAC-SM3, new nonce), so every one passes the whole gate: client
 * lookup, signature, skew, nonce insert, quota bucket, then the answer. Two cases:
 *   - consented: the holder consented to this institution (consent lookup + the registry's unit through
 *     the contract, holder and restriction flags, call log, audit row);
 *   - masked: no consent (public masked verification only: the library's status, call log, audit row).
 * One request at a time (latency) and 10 in flight (under load); `runs` runs (default 5) of `requests`
 * requests (default 300) per case; prints p50/p99 of each run and the median of the runs.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { canonicalBytes, encodeToken } from '@bdc/shared/certificates/index'
import { usccCheckChar } from '@bdc/shared/ids/index'
import { startPgCluster, freePort } from '@bdc/shared/testing/pg-cluster'
import { DEMO_CITIZENS, DEMO_UNIT_CODES } from '@bdc/province/demo'
import { APP_MIGRATIONS } from '../src/bootstrap'
import { REPO_ROOT } from '../src/config'
import { openDatabase } from '../src/db/connect'
import { schema } from '../src/db/schema'
import { loadOrCreateCertificateKeys } from '../src/features/certificates/certificates.signing-keys'
import { registerInstitution, signRequest } from '../src/features/institutions/institutions.index'
import { createFieldCipher } from '../src/security/crypto'
import { loadOrCreateKeys } from '../src/security/keys'

const out = (s = '') => process.stdout.write(s + '\n')
const RUNS = Number(process.argv[2] ?? 5)
const REQUESTS = Number(process.argv[3] ?? 300)
const PATH = '/inst/v1/holder-check'

async function waitFor(url: string, child: ChildProcess) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  out(`# institution API bench on ${os.cpus().length} cores, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} (the machine is shared)`)
  const pg = await startPgCluster()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-bench-inst-'))
  let bff: ChildProcess | undefined
  try {
    const url = await pg.createDatabase('bench')
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    bff = spawn(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: url, DATABASE_POOL: '20', LOG_LEVEL: 'warn', PUBLIC_BASE_URL: base },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    await waitFor(`${base}/healthz`, bff)

    // Two institutions with room for the whole bench (registered as the CLI does, on the same keys).
    const db = await openDatabase({ schema, url, dataDir: '', migrationsFolder: APP_MIGRATIONS, migrationsTable: '__app_migrations', maxConnections: 2 })
    const cipher = createFieldCipher(loadOrCreateKeys(dataDir))
    const uscc = (n: number) => {
      const first = `91510100MA6BEN${String(n).padStart(3, '0')}`
      return first + usccCheckChar(first)
    }
    const consented = await registerInstitution(db.db, cipher, { code: uscc(1), name: '基准测试银行（有授权）', perMinute: 100_000, perDay: 1_000_000 })
    const masked = await registerInstitution(db.db, cipher, { code: uscc(2), name: '基准测试银行（无授权）', perMinute: 100_000, perDay: 1_000_000 })
    await db.close()

    // 刘洋 consents to the first institution for his flat's certificate.
    const post = async <T>(p: string, body: unknown, headers: Record<string, string> = {}): Promise<T> => {
      const res = await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`)
      return (await res.json()) as T
    }
    const { code } = await post<{ code: string }>('/api/auth/dev-container-code', { citizenId: 'c-liuyang' })
    const { token } = await post<{ token: string }>('/api/auth/container', { code })
    const auth = { authorization: `Bearer ${token}` }
    const certs = (await (await fetch(`${base}/api/certificates`, { headers: auth })).json()) as { items: { licenseId: string; unitCode: string; status: string }[] }
    const licenseId = certs.items.find((c) => c.unitCode === DEMO_UNIT_CODES.liuyangFlat && c.status === 'current')!.licenseId
    const insts = (await (await fetch(`${base}/api/institutions`, { headers: auth })).json()) as { items: { id: string; name: string }[] }
    await post('/api/institution-consents', { institutionId: insts.items.find((i) => i.name === '基准测试银行（有授权）')!.id, licenseId, purpose: 'mortgage_loan', validDays: 30 }, auth)
    // The certificate's printed QR code, signed with the BFF's own key file.
    const keys = loadOrCreateCertificateKeys(dataDir)
    const fields = { kind: 'C' as const, licenseId, keyId: keys.activeKeyId(new Date()) }
    const qr = `${base}/v/${encodeToken({ ...fields, signature: keys.sign(fields.keyId, canonicalBytes(fields)) })}`
    const body = JSON.stringify({ code: qr, idNumber: DEMO_CITIZENS.find((c) => c.id === 'c-liuyang')!.idNumber })

    const once = async (as: { clientId: string; secret: string }) => {
      const headers = signRequest({ ...as, method: 'POST', path: PATH, body, timestampSeconds: Date.now() / 1000, nonce: crypto.randomBytes(16).toString('base64url') })
      const t0 = performance.now()
      const res = await fetch(base + PATH, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
      const answer = (await res.json()) as { consented?: boolean }
      const ms = performance.now() - t0
      if (res.status !== 200) throw new Error(`holder-check: ${res.status} ${JSON.stringify(answer)}`)
      return { ms, consented: answer.consented === true }
    }
    const run = async (as: { clientId: string; secret: string }, expectConsent: boolean, inFlight: number) => {
      const times: number[] = []
      let next = 0
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next++ < REQUESTS) {
            const r = await once(as)
            if (r.consented !== expectConsent) throw new Error(`expected consented=${expectConsent}`)
            times.push(r.ms)
          }
        }),
      )
      times.sort((a, b) => a - b)
      return { p50: pct(times, 50), p99: pct(times, 99) }
    }
    // warm-up
    for (let i = 0; i < 30; i++) await once(consented)
    for (let i = 0; i < 30; i++) await once(masked)
    const summary: string[] = []
    for (const inFlight of [1, 10]) {
      for (const [label, as, expect] of [
        ['consented (holder yes/no + restriction flags)', consented, true],
        ['masked (no consent: public verification only)', masked, false],
      ] as const) {
        const results = []
        for (let r = 0; r < RUNS; r++) {
          const x = await run(as, expect, inFlight)
          results.push(x)
          out(`  ${label}, ${inFlight} in flight, run ${r + 1}: p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms (${REQUESTS} requests)`)
        }
        summary.push(`${label}, ${inFlight} in flight: median of ${RUNS} runs — p50 ${median(results.map((x) => x.p50)).toFixed(1)} ms, p99 ${median(results.map((x) => x.p99)).toFixed(1)} ms`)
      }
    }
    out()
    for (const line of summary) out(line)
  } finally {
    bff?.kill()
    await pg.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
