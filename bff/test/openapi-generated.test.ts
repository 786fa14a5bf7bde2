/**
 * Tests generated from the OpenAPI document (/api/openapi.json), so a new endpoint is covered without
 * anyone remembering it (issue 12 §6):
 *  (a) authorization sweep — every operation whose path takes an identifier of a citizen's object,
 *      called with the object's real identifier by another citizen's session and by nobody: 401, 403
 *      or 404, the error envelope and nothing of the object. On PGlite and PostgreSQL.
 *  (b) fuzz — fast-check path parameters, query strings and JSON bodies from each operation's schema,
 *      mixed with hostile strings (SQL and script injection, huge, deeply nested, NUL, invalid UTF-8,
 *      full-width and confusable digits in ID numbers): never a 5xx, always the envelope. On PGlite
 *      (the request path is the same on both; the database-specific parts are covered by the sweep).
 * Both print their counts.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'
import { DEMO_CITIZENS, DEMO_UNIT_CODES } from '@bdc/province/demo'
import { STATEMENTS_VERSION } from '@bdc/shared/applications-dict'
import { isErrorBody } from '@bdc/shared/errors'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
interface Operation {
  method: string
  path: string
  op: Json
}

async function operationsOf(bff: TestBff): Promise<{ doc: Json; ops: Operation[] }> {
  const doc: Json = await (await bff.request('/api/openapi.json')).json()
  const ops: Operation[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) for (const [method, op] of Object.entries<Json>(item)) ops.push({ method: method.toUpperCase(), path, op })
  return { doc, ops }
}

const isEnvelope = (x: unknown) => isErrorBody(x) && Object.keys(x as object).every((k) => ['code', 'message', 'details', 'requestId'].includes(k))

const ZHANGWEI = DEMO_CITIZENS.find((c) => c.id === 'c-zhangwei')!

/** Path parameters that name public reference data, not a citizen's object (every office is public). */
const PUBLIC_PARAMS = new Set(['officeId'])

/** A body that passes each identified operation's schema, so the answer is about the object, not the body. */
const SAMPLE_BODIES: Record<string, unknown> = {
  'PATCH /api/applications/{id}': { form: {} },
  'POST /api/applications/{id}/submit': { statementsVersion: STATEMENTS_VERSION, declarationConfirmed: true, commitmentConfirmed: true },
  'POST /api/applications/{id}/rating': { level: 5 },
  'POST /api/appointments/{id}/rating': { level: 5 },
  'POST /api/appointments/{id}/reschedule': { slotId: '00000000-0000-4000-8000-000000000001' },
  'POST /api/liveness/challenges/{id}/answer': {
    nonce: 'n'.repeat(32),
    frames: Array.from({ length: 6 }, (_, i) => ({ t: i * 100, step: 0, image: 'A'.repeat(200) })),
  },
}

/** A well-formed material upload (a valid kind and a small PNG), so the answer is about the application. */
function photoForm() {
  const form = new FormData()
  form.set('kind', 'id_card')
  form.set('file', new Blob([Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')], { type: 'image/png' }), 'a.png')
  return form
}

describe.each(DB_KINDS)('authorization sweep from the OpenAPI document on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ databaseUrl: await databaseUrl() })
  })
  afterAll(async () => {
    await bff.close()
  })

  it('every operation on a citizen’s object: another citizen and nobody get 401/403/404 and nothing of it', async () => {
    const { ops } = await operationsOf(bff)
    const owner = (await loginWeapp(bff, 'c-lina')).auth
    const foreign = (await loginWeapp(bff, 'c-chenjing')).auth
    const api = bff.api(owner)
    // The owner's real objects, one of each kind the paths name.
    const property = (await bodyOf(await api.properties.$get(), 200)).items[0]!
    const certificate = (await bodyOf(await api.certificates.$get(), 200)).items[0]!
    const challenge = await bodyOf(await api.liveness.challenges.$post(), 200)
    const created = await api.applications.$post({ json: { type: 'correction', unitCode: property.unitCode } })
    const application = created.status === 201 || created.status === 200 ? ((await created.json()) as { id: string }) : null
    const grant = await bodyOf(
      await api.delegations.$post({ json: { unitCodes: [DEMO_UNIT_CODES.jointFlat], delegateName: ZHANGWEI.name, delegateIdNumber: ZHANGWEI.idNumber, scope: 'status', validHours: 24 } }),
      201,
    ).catch(() => null)
    // a booking of the owner's: the first bookable slot of the next open day at a Chengdu hall
    const days = await bodyOf(await api.appointments.offices[':officeId'].dates.$get({ param: { officeId: 'cd-jinjiang' }, query: { businessType: 'transfer' } }), 200)
    let booking: { id: string } | null = null
    for (const day of days.days.filter((d) => d.open)) {
      const { slots } = await bodyOf(await api.appointments.offices[':officeId'].slots.$get({ param: { officeId: 'cd-jinjiang' }, query: { businessType: 'transfer', date: day.date } }), 200)
      const slot = slots.find((x) => x.bookable)
      if (!slot) continue
      booking = await bodyOf(await api.appointments.$post({ json: { slotId: slot.id }, header: { 'idempotency-key': 'sweep-booking' } }), 201)
      break
    }
    const proof = await bodyOf(await api.proofs.$post({ json: { purpose: 'school', requestId: '00000000-0000-4000-8000-0000000000aa' } }), 201)
    const institution = (await bodyOf(await api.institutions.$get(), 200)).items[0]!
    const consent = await bodyOf(
      await api['institution-consents'].$post({ json: { institutionId: institution.id, licenseId: certificate.licenseId, purpose: 'mortgage_loan', validDays: 30 } }),
      201,
    ).catch(() => null)
    const real: Record<string, string | undefined> = {
      '/api/appointments/{id}': booking?.id,
      unitCode: property.unitCode,
      proofNo: proof.proofNo,
      licenseId: certificate.licenseId,
      '/api/liveness/challenges/{id}': challenge.id,
      '/api/applications/{id}': (application as { id?: string } | null)?.id,
      '/api/delegations/{id}': (grant as { id?: string } | null)?.id,
      '/api/institution-consents/{id}': (consent as { id?: string } | null)?.id,
    }
    const valueFor = (path: string, name: string) =>
      real[name] ?? Object.entries(real).find(([prefix]) => prefix.startsWith('/') && path.startsWith(prefix) && name === 'id')?.[1] ?? '00000000-0000-4000-8000-00000000000f'
    const secrets = [property.unitCode, certificate.licenseId, proof.proofNo, ...(certificate as { holders?: string[] }).holders ?? []].filter(Boolean)

    let swept = 0
    let withRealObject = 0
    let requests = 0
    const wrong: string[] = []
    for (const { method, path, op } of ops) {
      const params: Json[] = (op.parameters ?? []).filter((p: Json) => p.in === 'path')
      if (!params.length || params.every((p) => PUBLIC_PARAMS.has(p.name))) continue
      swept++
      let usesReal = false
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const v = valueFor(path, name)
        if (!v.startsWith('00000000-')) usesReal = true
        return encodeURIComponent(v)
      })
      if (usesReal) withRealObject++
      const sample = SAMPLE_BODIES[`${method} ${path}`]
      const jsonBody = op.requestBody?.content?.['application/json'] ? JSON.stringify(sample ?? {}) : undefined
      for (const [who, headers] of [
        ['another citizen', foreign],
        ['nobody', {}],
      ] as const) {
        requests++
        const res = await bff.request('/api' + url.slice(4), {
          method,
          headers: { ...headers, ...(jsonBody ? { 'content-type': 'application/json' } : {}), 'idempotency-key': 'k-' + requests },
          ...(jsonBody ? { body: jsonBody } : op.requestBody?.content?.['multipart/form-data'] ? { body: photoForm() } : {}),
        })
        const text = await res.text()
        let body: unknown = null
        try {
          body = JSON.parse(text)
        } catch {
          body = text
        }
        const leaks = secrets.filter((s) => text.includes(s))
        if (![401, 403, 404].includes(res.status) || !isEnvelope(body) || leaks.length || (who === 'nobody' && res.status !== 401))
          wrong.push(`${method} ${path} as ${who}: ${res.status} ${text.slice(0, 160)}${leaks.length ? ' LEAKS ' + leaks.join(',') : ''}`)
      }
    }
    expect(application, 'the owner’s application draft').not.toBeNull()
    expect(grant, 'the owner’s delegation').not.toBeNull()
    expect(booking, 'the owner’s booking').not.toBeNull()
    expect(consent, 'the owner’s consent to an institution').not.toBeNull()
    process.stdout.write(`[authorization sweep, ${kind}] operations ${swept} (with the owner's real object: ${withRealObject}), requests ${requests}, failures ${wrong.length}\n`)
    expect(wrong).toEqual([])
    expect(swept).toBeGreaterThanOrEqual(15)
  })
})

/** Strings an attacker tries in every field. */
const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE sessions; --",
  "'); select pg_sleep(5); --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '\u0000',
  'a\u0000b',
  '\u001b[31m',
  '\ud800', // a lone surrogate: invalid UTF-16, becomes invalid UTF-8 on the wire
  '\uffff',
  'x'.repeat(70_000),
  '５１０１０４１９８５０７１５００１７', // full-width ID number
  '51０1０4198507150017',
  '510104198507150O17', // letter O for zero
  '５１０１０４１９８５０７１５００１Ｘ',
  '٥١٠١٠٤١٩٨٥٠٧١٥٠٠١٧', // Arabic-Indic digits
  '../../etc/passwd',
  '%00',
  '%ff%fe',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '-1',
  '1e309',
  'null',
  '',
  ' ',
]
const deep = (n: number): unknown => (n === 0 ? 'x' : [deep(n - 1)])
const HOSTILE_VALUES: unknown[] = [...HOSTILE_STRINGS, deep(2000), { __proto__: { admin: true } }, [], {}, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, true, null]

const hostileString = fc.constantFrom(...HOSTILE_STRINGS)
const anyString = fc.oneof(hostileString, fc.string(), fc.string({ unit: 'binary' }))
const anyValue = fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.jsonValue({ maxDepth: 3 }), anyString)

/** A value for a JSON schema: often one that fits, else hostile. */
function arbFor(schema: Json, doc: Json, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyValue
  if (schema.$ref) return arbFor(doc.components?.schemas?.[String(schema.$ref).split('/').pop()!], doc, depth + 1)
  const variants = schema.anyOf ?? schema.oneOf
  if (variants) return fc.oneof(...variants.map((s: Json) => arbFor(s, doc, depth + 1)), anyValue)
  if (schema.allOf) return arbFor(Object.assign({}, ...schema.allOf), doc, depth + 1)
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), anyValue)
  switch (schema.type) {
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, s] of Object.entries<Json>(schema.properties ?? {})) props[k] = arbFor(s, doc, depth + 1)
      return fc.oneof(fc.record(props, { requiredKeys: [] }), fc.dictionary(anyString, anyValue, { maxKeys: 5 }), anyValue)
    }
    case 'array':
      return fc.oneof(fc.array(arbFor(schema.items, doc, depth + 1), { maxLength: 4 }), anyValue)
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer(), fc.double(), anyValue)
    case 'boolean':
      return fc.oneof(fc.boolean(), anyValue)
    case 'string':
      return fc.oneof(fc.string({ maxLength: 40 }), hostileString, anyValue)
    default:
      return anyValue
  }
}

describe('fuzz from the OpenAPI document (PGlite)', () => {
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff()
  })
  afterAll(async () => {
    await bff.close()
  })

  it('bodies, query strings and path parameters from each schema, and hostile strings: never a 5xx, always the envelope', async () => {
    const { doc, ops } = await operationsOf(bff)
    const RUNS = 25
    let requests = 0
    let fiveXX = 0
    const failures: string[] = []
    const statuses: Record<number, number> = {}
    for (const { method, path, op } of ops) {
      if (path === '/healthz' || path === '/readyz') continue
      // a fresh session per operation: the fuzz of one (logout) must not sign the others out
      const auth = (await loginWeapp(bff, 'c-zhangwei')).auth
      const params: Json[] = op.parameters ?? []
      const pathArbs = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, fc.oneof(anyString, arbFor(p.schema, doc).map(String))]))
      const queryArbs = Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, fc.oneof(anyString, arbFor(p.schema, doc).map(String))]))
      const bodySchema = op.requestBody?.content?.['application/json']?.schema
      const bodyArb = bodySchema ? arbFor(bodySchema, doc) : fc.constant(undefined)
      const rawBody = fc.oneof(
        fc.constant(null),
        fc.constantFrom('{"a":', '\u0000', '{"a":"\\ud800"}', '[' .repeat(5000), Buffer.from([0xff, 0xfe, 0x22, 0x7b]).toString('latin1')),
      )
      await fc.assert(
        fc.asyncProperty(
          fc.record(pathArbs as Record<string, fc.Arbitrary<string>>),
          fc.record(queryArbs as Record<string, fc.Arbitrary<string>>, { requiredKeys: [] }),
          bodyArb,
          rawBody,
          fc.boolean(),
          async (pathValues, query, body, raw, signedIn) => {
            const url = path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(String(pathValues[n] ?? '')).replace(/%2F/gi, '%252F') || 'x')
            const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()
            let payload: string | Uint8Array | undefined
            if (bodySchema) {
              if (raw !== null) payload = raw.startsWith('\u00ff') ? Buffer.from(raw, 'latin1') : raw
              else {
                try {
                  payload = JSON.stringify(body ?? null)
                } catch {
                  payload = '{}'
                }
              }
            }
            requests++
            const res = await bff.request(url + (qs ? `?${qs}` : ''), {
              method,
              headers: { ...(signedIn ? auth : {}), ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), 'idempotency-key': String(requests) },
              ...(payload !== undefined ? { body: payload } : {}),
            })
            statuses[res.status] = (statuses[res.status] ?? 0) + 1
            const text = await res.text()
            if (res.status >= 500) {
              fiveXX++
              failures.push(`${method} ${path} → ${res.status} ${text.slice(0, 200)} (url ${url.slice(0, 120)}, body ${String(payload).slice(0, 120)})`)
              return
            }
            // A page route (the login callback) may refuse with the HTML page its contract documents
            // for the browser; anything else (and any other route) must be the envelope.
            const documentedHtml = op.responses?.[String(res.status)]?.content?.['text/html'] !== undefined
            if (documentedHtml && res.headers.get('content-type')?.startsWith('text/html') && text.includes('登录请求已失效')) return
            if (res.status >= 400 && res.status !== 405) {
              let parsed: unknown = null
              try {
                parsed = JSON.parse(text)
              } catch {
                // not JSON: recorded below
              }
              if (!isErrorBody(parsed)) failures.push(`${method} ${path} → ${res.status} not the envelope: ${text.slice(0, 120)}`)
            }
          },
        ),
        { numRuns: RUNS, seed: 12 },
      )
    }
    process.stdout.write(`[fuzz, pglite] operations ${ops.length - 2}, requests ${requests}, 5xx=${fiveXX}, statuses ${JSON.stringify(statuses)}\n`)
    expect(failures.slice(0, 20)).toEqual([])
    expect(fiveXX).toBe(0)
  })
})
