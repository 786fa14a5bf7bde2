/**
 * The audit trail cannot be rewritten (issue 12 §2), on PGlite and on PostgreSQL with the two roles
 * a deployment has (owner migrates, app writes).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { and, eq, sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrls } from '@bdc/shared/testing/databases'
import { appendCheckpoints, audit, createCheckpointer, auditHash, beijingDate, chainHead, checkpointMessage, GENESIS, grantAppRole, readCheckpoints, signCheckpoint, verifyAudit, type Checkpoint } from '../src/audit/index'
import { runAuditCommand } from '../src/audit/cli'
import { AUDIT_ROW_COLUMNS, auditRowsToCarry, auditRowsUnnest } from '../src/audit/writer'
import { preparedStatement } from '../src/lib/db-rows'
import { APP_MIGRATIONS } from '../src/bootstrap'
import { openDatabase, type Db, type OpenDatabase } from '../src/db/connect'
import { auditLog, schema, type AppSchema } from '../src/db/schema'
import { bodyOf, loginWeapp, startTestBff } from './helpers'
import { loadOrCreateAuditKey } from '../src/security/keys'

const opened: OpenDatabase<AppSchema>[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()))
})

async function open(urls: { url: string; ownerUrl?: string } | undefined) {
  const d = await openDatabase({
    schema,
    url: urls?.url,
    dataDir: 'memory://',
    migrationsFolder: APP_MIGRATIONS,
    migrationsTable: '__app_migrations',
    ownerUrl: urls?.ownerUrl,
    grants: grantAppRole,
  })
  opened.push(d)
  return d
}

/** The database's refusal message, whichever driver wrapped it. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    const err = e as { message?: string; cause?: { message?: string } }
    return `${err.message ?? ''} ${err.cause?.message ?? ''}`
  }
  return 'not refused'
}

describe.each(DB_KINDS)('audit trail on %s', (kind) => {
  const databaseUrls = useDatabaseUrls(kind)

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows by the app, and the purge switch does not help it', async () => {
    const { db } = await open(await databaseUrls())
    for (let i = 0; i < 3; i++) await audit(db, { action: 'property.view', actor: 'a1', target: `u${i}`, outcome: 'ok' })
    const refused = kind === 'postgres' ? /permission denied|cannot be changed/ : /cannot be changed/
    expect(await refusal(db.update(auditLog).set({ target: 'tampered' }))).toMatch(refused)
    expect(await refusal(db.delete(auditLog))).toMatch(refused)
    expect(await refusal(db.execute(sql`truncate audit_log`))).toMatch(refused)
    if (kind === 'postgres') {
      // The retention purge's switch only works for the owner role.
      const purge = db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('bdc.audit_purge', 'on', true)`)
        await tx.delete(auditLog)
      })
      expect(await refusal(purge)).toMatch(refused)
    }
    const rows = await db.select().from(auditLog).orderBy(auditLog.seq)
    expect(rows.map((r) => r.target)).toEqual(['u0', 'u1', 'u2'])
    expect((await chainHead(db)).seq).toBe(3)
  })

  it('the owner is refused too unless it purges (the switch set in its own transaction)', async () => {
    const urls = await databaseUrls()
    const app = await open(urls)
    await audit(app.db, { action: 'auth.login', outcome: 'ok' })
    const owner = urls ? await open({ url: urls.ownerUrl }) : app
    expect(await refusal(owner.db.update(auditLog).set({ target: 'x' }))).toMatch(/cannot be changed/)
    expect(await refusal(owner.db.delete(auditLog))).toMatch(/cannot be changed/)
    expect(await refusal(owner.db.execute(sql`truncate audit_log`))).toMatch(/cannot be changed/)
    await owner.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('bdc.audit_purge', 'on', true)`)
      await tx.delete(auditLog)
    })
    expect(await owner.db.select().from(auditLog)).toEqual([])
    // the switch was transaction-local
    await audit(app.db, { action: 'auth.login', outcome: 'ok' })
    expect(await refusal(owner.db.delete(auditLog))).toMatch(/cannot be changed/)
  })

  it('concurrent writers each append to a chain of their own: gap-free, linked, no lock between instances', async () => {
    const urls = await databaseUrls()
    const first = await open(urls)
    // a second instance on the same database (PostgreSQL); PGlite has one process only
    const handles = urls ? [first, await open(urls)] : [first]
    await Promise.all(
      handles.flatMap(({ db }, h) => Array.from({ length: 120 }, (_, i) => audit(db, { action: 'property.view', actor: `a${h}`, target: `u${i}`, outcome: 'ok' }))),
    )
    const rows = await first.db.select().from(auditLog).orderBy(auditLog.chain, auditLog.seq)
    const chains = [...new Set(rows.map((r) => r.chain))]
    expect(chains).toHaveLength(handles.length)
    for (const chain of chains) {
      const own = rows.filter((r) => r.chain === chain)
      expect(own.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
      own.slice(1).forEach((r, i) => expect(r.prevHash).toBe(own[i]!.hash))
      expect(new Set(own.map((r) => r.actor)).size).toBe(1)
    }
  })

  it('rows carried by another statement (the verification settle) and the writer\'s own batches form one gap-free chain; a failed carrier fails its callers and nothing is skipped', async () => {
    const { db } = await open(await databaseUrls())
    const carry = async (fail: boolean) => {
      const carried = auditRowsToCarry(db)
      expect(carried.columns[0]).toHaveLength(5)
      const statement = preparedStatement(`insert into audit_log (${AUDIT_ROW_COLUMNS}) select * from ${auditRowsUnnest(1)}` + (fail ? ' returning 1/0' : ''))
      try {
        await statement(db, carried.columns)
      } catch (e) {
        carried.done(e)
        return
      }
      carried.done()
    }
    const outcomes: Promise<unknown>[] = []
    const settled: string[] = []
    for (let round = 0; round < 6; round++) {
      await chainHead(db) // the writer idle: nothing in flight
      for (let i = 0; i < 5; i++)
        outcomes.push(
          audit(db, { action: 'certificate.verify.api', target: `r${round} e${i}`, outcome: 'ok' }).then(
            () => settled.push(`r${round} e${i} written`),
            () => settled.push(`r${round} e${i} refused`),
          ),
        )
      // even rounds: carried by another statement before the writer's own turn (round 2's carrier fails);
      // odd rounds: the writer's own statement (after round 2, re-reading the head first)
      if (round % 2 === 0) await carry(round === 2)
    }
    await Promise.all(outcomes)
    await audit(db, { action: 'property.view', target: 'after', outcome: 'ok' })
    const rows = await db.select().from(auditLog).orderBy(auditLog.seq)
    // round 2's rows were cut for the carrier that failed: their callers were told, none is in the chain
    expect(settled.filter((s) => s.startsWith('r2 ')).every((s) => s.endsWith('refused'))).toBe(true)
    expect(settled.filter((s) => !s.startsWith('r2 ')).every((s) => s.endsWith('written'))).toBe(true)
    expect(rows.map((r) => r.target)).toEqual([...Array.from({ length: 6 }, (_, r) => (r === 2 ? [] : Array.from({ length: 5 }, (_, i) => `r${r} e${i}`))).flat(), 'after'])
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
    rows.slice(1).forEach((r, i) => expect(r.prevHash).toBe(rows[i]!.hash))
    rows.forEach((r) => expect(auditHash(r)).toBe(r.hash))
  })

  it('the whole app runs as the app role when migrations run as the owner', async () => {
    const urls = await databaseUrls()
    const bff = await startTestBff(urls ? { databaseUrl: urls.url, env: { DATABASE_OWNER_URL: urls.ownerUrl } } : {})
    try {
      const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth)
      const { items } = await bodyOf(await api.properties.$get(), 200)
      await bodyOf(await api.properties[':unitCode'].$get({ param: { unitCode: items[0]!.unitCode } }), 200)
      const rows = await bff.boot.deps.db.select().from(auditLog).orderBy(auditLog.seq)
      expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.login', 'property.view']))
      if (urls) {
        const [{ who }] = (await bff.boot.deps.db.execute(sql`select current_user as who`)) as unknown as [{ who: string }]
        expect(who).toBe('bdc_app')
      }
      expect(await refusal(bff.boot.deps.db.delete(auditLog))).toMatch(/permission denied|cannot be changed/)
    } finally {
      await bff.close()
    }
  })

  it('signs the chain head into dated checkpoint files outside the database and uploads them to 综合监管, retrying after a failure', async () => {
    const urls = await databaseUrls()
    const bff = await startTestBff({
      ...(urls ? { databaseUrl: urls.url } : {}),
      env: { ...(urls ? { DATABASE_OWNER_URL: urls.ownerUrl } : {}), AUDIT_CHECKPOINT_UPLOAD: 'true' },
    })
    const dataDir = bff.boot.deps.config.dataDir
    const auditDir = path.join(dataDir, 'audit')
    const sim = async (p: string, body?: unknown) => {
      const secret = fs.readFileSync(path.join(dataDir, 'upstream-client-secret'), 'utf8').trim()
      const res = await bff.request(`/province${p}`, {
        method: body === undefined ? 'GET' : 'POST',
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64') },
      })
      return (await res.json()) as { checkpoints: { seq: number; chain: string }[] }
    }
    let closed = false
    try {
      const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth)
      await sim('/__sim/faults', { mode: 'down', paths: ['/supervision'] })
      const first = await bff.boot.auditCheckpoints.tick()
      expect(first).toMatchObject({ kind: 'head', seq: 1 })
      // the file outside the database holds it, signed by the audit key (its own file, not the data keys)
      const key = loadOrCreateAuditKey(dataDir, undefined, { create: false })
      const onDisk = readCheckpoints(auditDir).checkpoints
      expect(onDisk).toHaveLength(1)
      expect(onDisk[0]!.file).toMatch(/^checkpoints-\d{4}-\d{2}-\d{2}\.jsonl$/)
      expect(key.verify(checkpointMessage(onDisk[0]!), onDisk[0]!.signature)).toBe(true)
      expect(key.verify(checkpointMessage({ ...onDisk[0]!, seq: 2 }), onDisk[0]!.signature)).toBe(false)
      expect(fs.readFileSync(path.join(dataDir, 'keys.json'), 'utf8')).not.toContain(key.publicKey)
      // the upload failed: queued, requests unaffected
      expect(bff.boot.auditCheckpoints.pendingUploads()).toBe(1)
      expect((await sim('/__sim/audit-checkpoints')).checkpoints).toEqual([])
      // the queue is on disk: an instance started after a crash with the same folder sends what was left
      const restarted = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-audit-restart-'))
      fs.cpSync(auditDir, restarted, { recursive: true })
      const sent: Checkpoint[] = []
      const next = createCheckpointer({ db: bff.boot.deps.db, dir: restarted, key, intervalMs: 60_000, logger: bff.boot.deps.logger, upload: async (cp) => sent.push(cp) })
      await next.tick()
      expect(sent[0]).toEqual(first)
      expect(next.pendingUploads()).toBe(0)
      expect(fs.readdirSync(path.join(restarted, 'upload-queue'))).toEqual([])
      fs.rmSync(restarted, { recursive: true, force: true })
      const { items } = await bodyOf(await api.properties.$get(), 200)
      await bodyOf(await api.properties[':unitCode'].$get({ param: { unitCode: items[0]!.unitCode } }), 200)
      await sim('/__sim/faults', { mode: 'ok' })
      const second = await bff.boot.auditCheckpoints.tick()
      expect(second!.seq).toBe((await chainHead(bff.boot.deps.db)).seq)
      expect(bff.boot.auditCheckpoints.pendingUploads()).toBe(0)
      expect((await sim('/__sim/audit-checkpoints')).checkpoints.map((c) => c.seq)).toEqual([1, second!.seq])
      // nothing new: no checkpoint; on shutdown the moved head is checkpointed once more
      expect(await bff.boot.auditCheckpoints.tick()).toBeNull()
      await bodyOf(await api.properties[':unitCode'].$get({ param: { unitCode: items[0]!.unitCode } }), 200)
      const head = await chainHead(bff.boot.deps.db)
      await bff.boot.close() // the helper's close() would also remove the data folder
      closed = true
      expect(readCheckpoints(auditDir).checkpoints.map((c) => c.seq)).toEqual([1, second!.seq, head.seq])
      fs.rmSync(dataDir, { recursive: true, force: true })
    } finally {
      if (!closed) await bff.close()
    }
  })
})

describe.each(DB_KINDS)('audit:verify and audit:export on %s', (kind) => {
  const databaseUrls = useDatabaseUrls(kind)

  /** 10 rows, a signed checkpoint of seq 10, 3 more rows; the owner's handle to tamper with. */
  async function trail(opts: { file?: boolean } = {}) {
    const urls = await databaseUrls()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-audit-'))
    const pgliteDir = opts.file && !urls ? path.join(dir, 'bff') : undefined
    const openApp = async () => {
      if (!pgliteDir) return open(urls)
      const d = await openDatabase({ schema, dataDir: pgliteDir, migrationsFolder: APP_MIGRATIONS, migrationsTable: '__app_migrations' })
      opened.push(d)
      return d
    }
    let app = await openApp()
    const key = loadOrCreateAuditKey(dir)
    for (let i = 1; i <= 10; i++) await audit(app.db, { action: i % 2 ? 'property.view' : 'certificate.view', actor: 'a1', target: `u${i}`, outcome: 'ok' })
    appendCheckpoints(path.join(dir, 'audit'), [signCheckpoint(key, await chainHead(app.db), 'head', new Date())])
    for (let i = 11; i <= 13; i++) await audit(app.db, { action: 'property.view', actor: 'a1', target: `u${i}`, outcome: 'ok' })
    const owner = async () => (urls ? open({ url: urls.ownerUrl }) : app)
    const tamper = async (fn: (db: Db<AppSchema>) => Promise<unknown>) => {
      const o = await owner()
      await o.db.execute(sql`alter table audit_log disable trigger audit_log_no_change`)
      await fn(o.db)
      await o.db.execute(sql`alter table audit_log enable trigger audit_log_no_change`)
    }
    /** Recomputes seq, links and hashes from the first row on, as an attacker with the database would. */
    const rechain = async (db: Db<AppSchema>) => {
      const rows = await db.select().from(auditLog).orderBy(auditLog.seq)
      let prev = GENESIS
      for (const [i, r] of rows.entries()) {
        const content = { ...r, seq: i + 1, prevHash: prev }
        prev = auditHash(content)
        await db.update(auditLog).set({ seq: content.seq, prevHash: content.prevHash, hash: prev }).where(eq(auditLog.id, r.id))
      }
    }
    const verify = () =>
      verifyAudit(app.db, {
        checkpoints: readCheckpoints(path.join(dir, 'audit')).checkpoints,
        trustedKeys: [key.publicKey],
        verifySignature: (m, s, k) => key.verify(m, s, k),
        batchSize: 4,
      })
    const env = { DATA_DIR: dir, ...(urls ? { DATABASE_URL: urls.url, DATABASE_OWNER_URL: urls.ownerUrl } : {}) }
    const cli = async (...argv: string[]) => {
      if (pgliteDir) {
        await app.close()
        opened.splice(opened.indexOf(app), 1)
      }
      let out = ''
      let err = ''
      const code = await runAuditCommand(argv, { env, out: (s) => (out += s), err: (s) => (err += s) })
      if (pgliteDir) app = await openApp()
      return { code, out, err }
    }
    const byTarget = async (t: string) => (await app.db.select().from(auditLog).where(eq(auditLog.target, t)))[0]!
    return { app: () => app, dir, key, tamper, rechain, verify, cli, byTarget }
  }

  it('an intact trail verifies, rows after the last checkpoint counted', async () => {
    const t = await trail()
    expect(await t.verify()).toMatchObject({ ok: true, rows: 13, chains: 1, checkpoints: 1, uncheckpointed: 3 })
  })

  it('finds an edited row', async () => {
    const t = await trail()
    const r4 = await t.byTarget('u4')
    await t.tamper((db) => db.update(auditLog).set({ target: 'u999' }).where(eq(auditLog.id, r4.id)))
    expect((await t.verify()).broken).toMatchObject({ seq: 4, id: r4.id, reason: expect.stringContaining('edited') })
  })

  it('finds an edit re-chained with recomputed hashes (the checkpoint no longer matches)', async () => {
    const t = await trail()
    const r4 = await t.byTarget('u4')
    await t.tamper(async (db) => {
      await db.update(auditLog).set({ outcome: 'denied' }).where(eq(auditLog.id, r4.id))
      await t.rechain(db)
    })
    expect((await t.verify()).broken).toMatchObject({ seq: 10, reason: expect.stringContaining('re-chained') })
  })

  it('finds a middle row deleted, with and without re-chaining', async () => {
    const t = await trail()
    const r5 = await t.byTarget('u5')
    await t.tamper((db) => db.delete(auditLog).where(eq(auditLog.id, r5.id)))
    expect((await t.verify()).broken).toMatchObject({ seq: 6, reason: expect.stringContaining('missing') })
    await t.tamper((db) => t.rechain(db))
    expect((await t.verify()).broken).toMatchObject({ seq: 10, reason: expect.stringContaining('re-chained') })
  })

  it('finds the tail deleted past a checkpoint, and forged or altered checkpoints', async () => {
    const t = await trail()
    await t.tamper((db) => db.delete(auditLog).where(sql`${auditLog.seq} >= 9`))
    expect((await t.verify()).broken).toMatchObject({ seq: 10, reason: expect.stringContaining('checkpointed row missing') })

    const u = await trail()
    const file = fs.readdirSync(path.join(u.dir, 'audit'))[0]!
    const p = path.join(u.dir, 'audit', file)
    const cp = JSON.parse(fs.readFileSync(p, 'utf8')) as Checkpoint
    fs.writeFileSync(p, JSON.stringify({ ...cp, seq: 9 }) + '\n')
    expect((await u.verify()).broken?.reason).toMatch(/signature invalid/)
    // a checkpoint signed with a key of the attacker's own
    const forger = loadOrCreateAuditKey(fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-forger-')))
    fs.writeFileSync(p, JSON.stringify(signCheckpoint(forger, { chain: cp.chain, seq: 13, hash: cp.hash }, 'head', new Date())) + '\n')
    expect((await u.verify()).broken?.reason).toMatch(/untrusted key/)
  })

  it('npm run audit:verify exits 0 on an intact trail and non-zero naming the first broken row; audit:export writes CSV', async () => {
    const t = await trail({ file: true })
    const ok = await t.cli('verify')
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(/intact: 13 rows in 1 chain/)
    const today = beijingDate(new Date())
    const csvFile = path.join(t.dir, 'out.csv')
    const exported = await t.cli('export', '--from', today, '--to', today, '--action', 'certificate.view', '--out', csvFile)
    expect(exported.code).toBe(0)
    const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('id,chain,seq,at,action,actor,session_id,request_id,client_request_id,target,outcome,hash')
    expect(lines.slice(1).map((l) => l.split(',')[9])).toEqual(['u2', 'u4', 'u6', 'u8', 'u10'])
    expect(lines[1]).toMatch(/\+08:00,certificate\.view,a1,/)
    expect((await t.cli('export', '--from', '2020-01-01', '--to', '2020-01-02', '--out', csvFile)).code).toBe(0)
    expect(fs.readFileSync(csvFile, 'utf8').trim().split('\n')).toHaveLength(1)
    expect((await t.cli('verify', '--from', today, '--to', today)).code).toBe(0)

    const r7 = await t.byTarget('u7')
    await t.tamper((db) => db.update(auditLog).set({ actor: 'someone-else' }).where(eq(auditLog.id, r7.id)))
    const broken = await t.cli('verify')
    expect(broken.code).toBe(1)
    expect(broken.err).toContain(`seq 7 (row id ${r7.id})`)
  }, 180_000) // PGlite in a folder, closed and reopened around each command: slow on a loaded machine
})

describe.each(DB_KINDS)('audit:purge on %s', (kind) => {
  const databaseUrls = useDatabaseUrls(kind)

  it('refuses rows younger than 365 days; archives older rows with their checkpoints, deletes them, and the rest still verifies', async () => {
    const urls = await databaseUrls()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-audit-purge-'))
    const env = { DATA_DIR: dir, ...(urls ? { DATABASE_URL: urls.url, DATABASE_OWNER_URL: urls.ownerUrl } : {}) }
    const pgliteDir = urls ? undefined : path.join(dir, 'bff')
    const openApp = async () => {
      const d = pgliteDir
        ? await openDatabase({ schema, dataDir: pgliteDir, migrationsFolder: APP_MIGRATIONS, migrationsTable: '__app_migrations' })
        : await open(urls)
      if (pgliteDir) opened.push(d)
      return d
    }
    const cli = async (db: OpenDatabase<AppSchema>, ...argv: string[]) => {
      if (pgliteDir) {
        await db.close()
        opened.splice(opened.indexOf(db), 1)
      }
      let out = ''
      let err = ''
      const code = await runAuditCommand(argv, { env, out: (s) => (out += s), err: (s) => (err += s) })
      return { code, out, err, db: pgliteDir ? await openApp() : db }
    }
    let app = await openApp()
    const key = loadOrCreateAuditKey(dir)
    // a chain begun 400 days ago (5 rows), still written to recently (3 rows), checkpointed at 2 and 7
    const day = 86_400_000
    const now = Date.now()
    let prev = GENESIS
    const cps: Checkpoint[] = []
    for (let seq = 1; seq <= 8; seq++) {
      const content = {
        chain: 'old-instance',
        seq,
        at: new Date(seq <= 5 ? now - 400 * day + seq * 1000 : now - day + seq * 1000),
        action: 'property.view',
        actor: 'a1',
        sessionId: null,
        requestId: `r${seq}`,
        clientRequestId: null,
        target: `u${seq}`,
        outcome: 'ok',
        prevHash: prev,
      }
      prev = auditHash(content)
      await app.db.insert(auditLog).values({ ...content, hash: prev })
      if (seq === 2 || seq === 7) cps.push(signCheckpoint(key, { chain: 'old-instance', seq, hash: prev }, 'head', content.at))
    }
    appendCheckpoints(path.join(dir, 'audit'), cps)
    await audit(app.db, { action: 'auth.login', outcome: 'ok' })
    const count = async () => (await app.db.select().from(auditLog)).length

    // younger than 365 days: refused, nothing touched
    const tooYoung = beijingDate(new Date(now - 300 * day))
    let r = await cli(app, 'purge', '--before', tooYoung)
    app = r.db
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/kept for 365 days/)
    expect(await count()).toBe(9)
    expect(fs.existsSync(path.join(dir, 'audit', 'archive'))).toBe(false)

    r = await cli(app, 'purge', '--before', beijingDate(new Date(now - 380 * day)))
    app = r.db
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/archived and deleted 5 audit rows of 1 chain/)
    const left = await app.db.select().from(auditLog).orderBy(auditLog.chain, auditLog.seq)
    expect(left.filter((x) => x.chain === 'old-instance').map((x) => x.seq)).toEqual([6, 7, 8])
    expect(left).toHaveLength(4)
    // the archive: gzip JSONL with the rows, the checkpoint that covered them, and the anchor
    const [archive] = fs.readdirSync(path.join(dir, 'audit', 'archive'))
    expect(archive).toMatch(/\.jsonl\.gz$/)
    const lines = zlib
      .gunzipSync(fs.readFileSync(path.join(dir, 'audit', 'archive', archive!)))
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; seq: number; kind?: string })
    expect(lines.filter((l) => l.type === 'row').map((l) => l.seq)).toEqual([1, 2, 3, 4, 5])
    expect(lines.filter((l) => l.type === 'checkpoint').map((l) => [l.kind, l.seq])).toEqual([
      ['head', 2],
      ['anchor', 5],
    ])
    // verification starts from the anchor
    r = await cli(app, 'verify')
    app = r.db
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/intact: 4 rows in 2 chain/)
    // an attacker deleting the next rows too is still found (no anchor covers them)
    const o = urls ? await open({ url: urls.ownerUrl }) : app
    await o.db.execute(sql`alter table audit_log disable trigger audit_log_no_change`)
    await o.db.delete(auditLog).where(and(eq(auditLog.chain, 'old-instance'), eq(auditLog.seq, 6)))
    await o.db.execute(sql`alter table audit_log enable trigger audit_log_no_change`)
    r = await cli(app, 'verify')
    app = r.db
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/chain old-instance seq 7/)
  }, 180_000)
})
