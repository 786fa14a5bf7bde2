/**
 * The audit trail cannot be rewritten (issue 12 §2), on PGlite and on PostgreSQL with the two roles
 * a deployment has (owner migrates, app writes).
 */
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrls } from '@bdc/shared/testing/databases'
import { audit, chainHead, checkpointMessage, grantAppRole, readCheckpoints } from '../src/audit/index'
import { APP_MIGRATIONS } from '../src/bootstrap'
import { openDatabase, type OpenDatabase } from '../src/db/connect'
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
