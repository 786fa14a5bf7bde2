/**
 * Delegated query (授权他人查询) end to end through the BFF, on PGlite and PostgreSQL:
 * scope matrix by JSON keys, identity binding, expiry, revocation, concurrent use counts,
 * token tampering, and an IDOR sweep of every grant endpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_CITIZENS, DEMO_UNIT_CODES } from '@bdc/province/demo'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import { bodyOf, loginH5, loginWeapp, startTestBff, type TestBff } from './helpers'

const citizen = (id: string) => DEMO_CITIZENS.find((c) => c.id === id)!
const ZHANGWEI = citizen('c-zhangwei')

type Auth = Record<string, string>
type GrantBody = Parameters<ReturnType<TestBff['api']>['delegations']['$post']>[0]['json']

/** Every key path of a JSON value; array items are merged under `[]`. */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return [...new Set(v.flatMap((x) => keyPaths(x, `${prefix}[]`)))].sort()
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .flatMap(([k, x]) => [`${prefix}.${k}`, ...keyPaths(x, `${prefix}.${k}`)])
      .sort()
  }
  return []
}

const STATUS_UNIT = [
  'unitCode', 'unitCodeDisplay', 'location', 'use', 'use.code', 'use.label', 'area', 'natural', 'natural.exclusiveArea',
  'natural.sharedArea', 'natural.structure', 'natural.structure.code', 'natural.structure.label', 'natural.floor',
  'natural.completedYear', 'restrictions', 'restrictions[].type', 'restrictions[].type.code', 'restrictions[].type.label',
  'restrictions[].registeredAt', 'restrictions[].periodFrom', 'restrictions[].periodTo',
]
const RIGHTS_EXTRA = [
  'right', 'right.certificateNo', 'right.rightType', 'right.rightType.code', 'right.rightType.label', 'right.nature',
  'right.nature.code', 'right.nature.label', 'right.coOwnership', 'right.coOwnership.code', 'right.coOwnership.label',
  'right.registeredAt', 'right.landUseTo', 'holders', 'holders[].name', 'holders[].kind', 'holders[].kind.code',
  'holders[].kind.label', 'holders[].share',
]
const CERT_EXTRA = [
  'certificate', 'certificate.available', 'certificate.note', 'certificate.certificateNo', 'certificate.kindLabel',
  'certificate.statusLabel', 'certificate.face', 'certificate.face[].label', 'certificate.face[].value',
]
const TOP = ['scope', 'grantedBy', 'expiresAt', 'usesLeft', 'banner', 'units', 'fetchedAt']
const expectedKeys = (unit: string[]) => [...TOP.map((k) => `.${k}`), ...unit.map((k) => `.units[].${k}`)].sort()

describe.each(DB_KINDS)('delegations on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let owner: Auth // 李娜 (joint flat with 王强, shop in shares)
  let delegate: Auth // 张伟
  let stranger: Auth // 陈静

  beforeEach(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
    owner = (await loginWeapp(bff, 'c-lina')).auth
    delegate = (await loginWeapp(bff, 'c-zhangwei')).auth
    stranger = (await loginWeapp(bff, 'c-chenjing')).auth
  })
  afterEach(async () => {
    await bff.close()
  })

  const request = (over: Partial<GrantBody> = {}): GrantBody => ({
    unitCodes: [DEMO_UNIT_CODES.jointFlat],
    delegateName: ZHANGWEI.name,
    delegateIdNumber: ZHANGWEI.idNumber,
    scope: 'status',
    validHours: 24,
    ...over,
  })
  const issue = (over: Partial<GrantBody> = {}, who: Auth = owner) => bff.api(who).delegations.$post({ json: request(over) })
  const grant = async (over: Partial<GrantBody> = {}, who: Auth = owner) => bodyOf(await issue(over, who), 201)
  const open = (token: string, who: Auth = delegate) => bff.api(who).delegate.view.$post({ json: { token } })
  const detailOf = async (id: string, who: Auth = owner) => bodyOf(await bff.api(who).delegations[':id'].$get({ param: { id } }), 200)
  const revoke = (id: string, who: Auth = owner) => bff.api(who).delegations[':id'].revoke.$post({ param: { id } })
  const list = async (who: Auth = owner) => bodyOf(await bff.api(who).delegations.$get(), 200)

  it('creates a grant: a share link with an unguessable token, a QR, and no name or ID number anywhere in the link', async () => {
    const body = await grant()
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 bits
    expect(body.link).toBe(`http://localhost:8787/pages/delegations/view?t=${body.token}`)
    expect(body.miniProgramPath).toBe(`pages/delegations/view?t=${body.token}`)
    expect(body.qrSvg).toMatch(/^<svg/)
    for (const s of [body.link, body.miniProgramPath]) {
      expect(s).not.toContain(ZHANGWEI.name)
      expect(s).not.toContain(ZHANGWEI.idNumber)
    }
    expect(body.grant).toMatchObject({ state: 'active', delegateName: '张**', delegateIdNumber: '510107********' + ZHANGWEI.idNumber.slice(-4), uses: 0 })
    expect(JSON.stringify(bff.logs)).not.toContain(ZHANGWEI.idNumber)
    expect(JSON.stringify(bff.logs)).not.toContain(body.token)
  })

  it('refuses bad input with Chinese field messages: check digit, validity, a property not one owns, oneself', async () => {
    const badId = ZHANGWEI.idNumber.slice(0, 17) + (ZHANGWEI.idNumber.endsWith('1') ? '2' : '1')
    expect(JSON.stringify(await bodyOf(await issue({ delegateIdNumber: badId }), 400))).toContain('校验位')
    expect((await issue({ validHours: 0 })).status).toBe(400)
    expect((await issue({ validHours: 721 })).status).toBe(400)
    expect((await issue({ maxUses: 0 })).status).toBe(400)
    expect((await issue({ scope: 'everything' as GrantBody['scope'] })).status).toBe(400)
    expect((await bodyOf(await issue({ unitCodes: [DEMO_UNIT_CODES.liuyangFlat] }), 404)).code).toBe('PROPERTY_NOT_FOUND')
    expect((await issue({ delegateName: '李娜', delegateIdNumber: citizen('c-lina').idNumber })).status).toBe(400)
  })

  it.each([
    ['status', expectedKeys(STATUS_UNIT)],
    ['rights', expectedKeys([...STATUS_UNIT, ...RIGHTS_EXTRA])],
    ['certificate', expectedKeys([...STATUS_UNIT, ...RIGHTS_EXTRA, ...CERT_EXTRA])],
  ])('scope %s: the delegate gets exactly the allowed keys, masked, with the banner', async (scope, keys) => {
    // 刘洋's flats carry every kind of restriction, so the restriction keys are present too.
    const liuyang = (await loginWeapp(bff, 'c-liuyang')).auth
    const body = await grant({ scope: scope as GrantBody['scope'], unitCodes: [DEMO_UNIT_CODES.liuyangFlat, DEMO_UNIT_CODES.liuyangFlat2] }, liuyang)
    const view = await bodyOf(await open(body.token), 200)
    expect(keyPaths(view)).toEqual(keys)
    expect(view.units.map((u) => u.unitCode)).toEqual([DEMO_UNIT_CODES.liuyangFlat, DEMO_UNIT_CODES.liuyangFlat2])
    expect(view.banner).toBe('本查询由权利人授权，有效期至 2026年11月28日 09:00')
    expect(view.grantedBy).toBe('刘**')
    if (scope === 'certificate') {
      const unit = view.units[0]!
      if (!('certificate' in unit)) expect.fail('the certificate scope shows the certificate')
      const cert = unit.certificate
      expect(cert.available).toBe(true)
      expect(cert.face.find((r) => r.label === '权利人')?.value).toContain('刘**')
    }
    const text = JSON.stringify(view)
    for (const c of DEMO_CITIZENS) {
      expect(text).not.toContain(c.idNumber)
      if (c.kind === 'person') expect(text).not.toContain(c.name)
    }
  })

  it('only the named person gets in; a stranger is refused and the owner sees the attempt', async () => {
    const body = await grant()
    expect(await bodyOf(await open(body.token, stranger), 403)).toMatchObject({ code: 'DELEGATION_WRONG_PERSON' })
    expect((await open(body.token)).status).toBe(200)
    const detail = await detailOf(body.grant.id)
    expect(detail.uses).toBe(1)
    expect(detail.refusedAttempts).toBe(1)
    expect(detail.accesses.map((a) => a.outcome)).toEqual(['ok', 'wrong_person'])
    expect(detail.accesses[1]!.who).toMatch(/^陈\*\*（510106\*{8}\d{3}[\dX]）$/)
    expect(detail.accesses[1]!.seen).toBe('')
    expect(detail.accesses[0]!.seen).toContain(DEMO_UNIT_CODES.jointFlat)
  })

  it('works over an H5 cookie session too (CSRF token required)', async () => {
    const body = await grant()
    const { jar } = await loginH5(bff, 'c-zhangwei')
    // Raw on purpose: the typed client sends the CSRF token, and this request must lack it.
    const noCsrf = await bff.request('/api/delegate/view', {
      method: 'POST',
      body: JSON.stringify({ token: body.token }),
      headers: { 'content-type': 'application/json' },
      jar,
    })
    expect(noCsrf.status).toBe(403)
    expect((await bff.api(jar).delegate.view.$post({ json: { token: body.token } })).status).toBe(200)
  })

  it('expires with the clock: 1 hour grant opens at 59 minutes, not at 60', async () => {
    const body = await grant({ validHours: 1 })
    bff.clock.advance(59 * 60_000)
    // Sessions idle out after 30 minutes: the delegate logs in again, as a person would.
    delegate = (await loginWeapp(bff, 'c-zhangwei')).auth
    owner = (await loginWeapp(bff, 'c-lina')).auth
    expect((await open(body.token)).status).toBe(200)
    bff.clock.advance(60_000)
    expect(await bodyOf(await open(body.token), 410)).toMatchObject({ code: 'DELEGATION_EXPIRED', message: '该授权已过期，请联系权利人重新授权' })
    expect((await list()).items[0]!.state).toBe('expired')
  })

  it('revocation takes effect on the very next request, and is idempotent', async () => {
    const body = await grant()
    expect((await open(body.token)).status).toBe(200)
    expect(await bodyOf(await revoke(body.grant.id), 200)).toMatchObject({ state: 'revoked' })
    expect(await bodyOf(await open(body.token), 410)).toMatchObject({ code: 'DELEGATION_REVOKED' })
    expect((await revoke(body.grant.id)).status).toBe(200)
  })

  it('a use count is never exceeded under concurrent opening', async () => {
    const body = await grant({ maxUses: 3 })
    const results = await Promise.all(Array.from({ length: 12 }, () => open(body.token)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(3)
    expect(statuses.filter((s) => s === 410)).toHaveLength(9)
    const codes = await Promise.all(results.filter((r) => r.status === 410).map(async (r) => (await bodyOf(r, 410)).code))
    expect(new Set(codes)).toEqual(new Set(['DELEGATION_USED_UP']))
    expect(await detailOf(body.grant.id)).toMatchObject({ uses: 3, state: 'used_up' })
  })

  it('a tampered, truncated or unknown token reveals nothing', async () => {
    const body = await grant()
    const flipped = body.token.slice(0, -1) + (body.token.endsWith('A') ? 'B' : 'A')
    for (const t of [flipped, body.token.slice(0, 30), 'A'.repeat(43)]) {
      expect(await bodyOf(await open(t), 404)).toMatchObject({ code: 'DELEGATION_UNKNOWN' })
    }
    for (const t of ['', 'short', body.token + '!', '../../etc/passwd']) expect((await open(t)).status).toBe(400)
    expect((await open(body.token, {})).status).toBe(401)
  })

  it('IDOR sweep: another citizen cannot list, read or revoke someone else’s grants', async () => {
    const body = await grant()
    for (const who of [delegate, stranger]) {
      expect((await list(who)).items).toEqual([])
      expect((await bff.api(who).delegations[':id'].$get({ param: { id: body.grant.id } })).status).toBe(404)
      expect((await revoke(body.grant.id, who)).status).toBe(404)
    }
    expect((await bff.api(owner).delegations[':id'].$get({ param: { id: 'not-a-uuid' } })).status).toBe(400)
    expect((await bff.api().delegations.$get()).status).toBe(401)
    // Still active for its owner: nothing above changed it.
    expect((await detailOf(body.grant.id)).state).toBe('active')
  })

  it('the owner’s list shows every grant with its state', async () => {
    const a = await grant()
    await grant({ scope: 'rights', maxUses: 1 })
    await revoke(a.grant.id)
    const { items } = await list()
    expect(items.map((i) => [i.scope, i.state])).toEqual([
      ['rights', 'active'],
      ['status', 'revoked'],
    ])
    expect(items[0]!.units[0]!.location).toContain('蜀都华府')
  })
})

describe('delegations with the face step-up switch on', () => {
  let bff: TestBff
  beforeEach(async () => {
    bff = await startTestBff({ env: { REQUIRE_FACE_STEP_UP: 'true' } })
  })
  afterEach(async () => {
    await bff.close()
  })
  it('refuses to create or open a grant until a face check is done', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-lina')).auth)
    const res = await api.delegations.$post({
      json: { unitCodes: [DEMO_UNIT_CODES.jointFlat], delegateName: ZHANGWEI.name, delegateIdNumber: ZHANGWEI.idNumber, scope: 'status', validHours: 2 },
    })
    expect(await bodyOf(res, 403)).toMatchObject({ code: 'FACE_CHECK_REQUIRED', message: '请先完成人脸识别验证' })
    expect((await api.delegate.view.$post({ json: { token: 'A'.repeat(43) } })).status).toBe(403)
  })
})
