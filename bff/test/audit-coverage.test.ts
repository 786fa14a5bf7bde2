/**
 * Every read of personal data is in the audit trail (issue 12 §2, coverage): property and
 * certificate lists, application view/edit/upload/preview/delete, delegation list and detail,
 * booking views, and the address searched in a restriction query (as a keyed blind index, never in
 * plain text). Rows carry the request id this server assigned; a client's X-Request-Id only in its
 * own field.
 */
import crypto from 'node:crypto'
import { asc } from 'drizzle-orm'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CITIZENS, DEMO_UNIT_CODES } from '@bdc/province/demo'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { auditLog } from '../src/db/schema'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

type Auth = Record<string, string>

describe.each(DB_KINDS)('audit coverage on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let zhang: Auth
  let liu: Auth
  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env: { SIM_INTAKE_STEP_MS: '0', OUTBOX_POLL_MS: '60000' } })
    zhang = (await loginWeapp(bff, 'c-zhangwei')).auth
    liu = (await loginWeapp(bff, 'c-liuyang')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  const rows = () => bff.boot.deps.db.select().from(auditLog).orderBy(asc(auditLog.chain), asc(auditLog.seq))
  const trail = async (...actions: string[]) => (await rows()).filter((r) => actions.includes(r.action)).map((r) => `${r.action}:${r.outcome}:${r.target ?? ''}`)

  it('property and certificate lists, with our request id and the client X-Request-Id apart', async () => {
    const res = await bff.request('/api/properties', { headers: { ...zhang, 'x-request-id': 'client-chosen-id-1' } })
    expect(res.status).toBe(200)
    const ours = res.headers.get('x-request-id')!
    expect(ours).not.toBe('client-chosen-id-1')
    await bodyOf(await bff.api(zhang).certificates.$get(), 200)
    const all = await rows()
    const list = all.find((r) => r.action === 'property.list')!
    expect(list).toMatchObject({ outcome: 'ok', requestId: ours, clientRequestId: 'client-chosen-id-1', actor: expect.any(String) })
    expect(all.find((r) => r.action === 'certificate.list')).toMatchObject({ outcome: 'ok', clientRequestId: null })
  })

  it('application view, edit, upload, preview, delete — and a refused view of someone else’s', async () => {
    const apps = (a: Auth) => bff.api(a).applications
    const unitCode = (await bodyOf(await bff.api(zhang).properties.$get(), 200)).items[0]!.unitCode
    const draft = await bodyOf(await apps(zhang).$post({ json: { type: 'certificate_replace', unitCode } }), 201)
    const id = draft.id
    await bodyOf(await apps(zhang)[':id'].$get({ param: { id } }), 200)
    await bodyOf(await apps(zhang)[':id'].$patch({ param: { id }, json: { form: { reason: '搬家时遗失' } } }), 200)
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#808080' } }).jpeg().toBuffer()
    const m = await bodyOf(await apps(zhang)[':id'].materials.$post({ param: { id }, form: { kind: 'id_card', file: new File([new Uint8Array(photo)], 'p.jpg', { type: 'image/jpeg' }) } }), 201)
    expect((await apps(zhang)[':id'].materials[':materialId'].preview.$get({ param: { id, materialId: m.id }, query: {} })).status).toBe(200)
    expect((await apps(liu)[':id'].$get({ param: { id } })).status).toBe(404)
    await bodyOf(await apps(zhang)[':id'].materials[':materialId'].$delete({ param: { id, materialId: m.id } }), 200)
    await bodyOf(await apps(zhang).$get(), 200)
    await bodyOf(await apps(zhang)[':id'].$delete({ param: { id } }), 200)
    expect(
      await trail('application.view', 'application.edit', 'application.upload', 'application.preview', 'application.material.delete', 'application.list', 'application.delete'),
    ).toEqual([
      `application.view:ok:${id}`,
      `application.edit:ok:${id}`,
      `application.upload:ok:${id}`,
      `application.preview:ok:${id}/${m.id}`,
      `application.view:denied:${id}`,
      `application.material.delete:ok:${id}/${m.id}`,
      'application.list:ok:',
      `application.delete:ok:${id}`,
    ])
    const refused = (await rows()).find((r) => r.outcome === 'denied')!
    const mine = (await rows()).find((r) => r.action === 'application.edit')!
    expect(refused.actor).not.toBe(mine.actor) // the refused one is recorded as 刘洋's attempt
  })

  it('delegation list and detail', async () => {
    const owner = (await loginWeapp(bff, 'c-lina')).auth
    const zw = DEMO_CITIZENS.find((c) => c.id === 'c-zhangwei')!
    const g = await bodyOf(
      await bff.api(owner).delegations.$post({ json: { unitCodes: [DEMO_UNIT_CODES.jointFlat], delegateName: zw.name, delegateIdNumber: zw.idNumber, scope: 'status', validHours: 24 } }),
      201,
    )
    await bodyOf(await bff.api(owner).delegations.$get(), 200)
    await bodyOf(await bff.api(owner).delegations[':id'].$get({ param: { id: g.grant.id } }), 200)
    expect((await bff.api(zhang).delegations[':id'].$get({ param: { id: g.grant.id } })).status).toBe(404)
    expect(await trail('delegation.list', 'delegation.view')).toEqual(['delegation.list:ok:', `delegation.view:ok:${g.grant.id}`, `delegation.view:denied:${g.grant.id}`])
  })

  it('booking list and detail', async () => {
    const api = (a: Auth) => bff.api(a).appointments
    const slots = await bodyOf(await api(zhang).offices[':officeId'].slots.$get({ param: { officeId: 'cd-jinjiang' }, query: { businessType: 'transfer', date: '2026-11-30' } }), 200)
    const slot = slots.slots.find((s) => s.bookable)!
    const b = await bodyOf(await api(zhang).$post({ json: { slotId: slot.id }, header: { 'idempotency-key': crypto.randomUUID() } }), 201)
    await bodyOf(await api(zhang).$get(), 200)
    await bodyOf(await api(zhang)[':id'].$get({ param: { id: b.id } }), 200)
    expect((await api(liu)[':id'].$get({ param: { id: b.id } })).status).toBe(404)
    expect(await trail('booking.list', 'booking.view')).toEqual(['booking.list:ok:', `booking.view:ok:${b.id}`, `booking.view:denied:${b.id}`])
  })

  it('the address searched in a restriction query: a blind index, the same for the same address, never the text', async () => {
    const search = (address: string) => bff.api(zhang)['restriction-query'].address.$post({ json: { address } })
    await bodyOf(await search('锦江区东大街'), 200)
    await bodyOf(await search('锦江区 东大街'), 200)
    await bodyOf(await search('高新区天府大道'), 200)
    const targets = (await rows()).filter((r) => r.action === 'restriction.address').map((r) => r.target!)
    expect(targets).toHaveLength(3)
    expect(targets[0]).toMatch(/^addr:[0-9a-f]{64}$/)
    expect(targets[1]).toBe(targets[0])
    expect(targets[2]).not.toBe(targets[0])
    const everything = JSON.stringify(await rows())
    expect(everything).not.toContain('东大街')
    expect(everything).not.toContain('天府大道')
  })
})
