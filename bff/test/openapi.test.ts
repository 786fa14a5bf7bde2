/**
 * The OpenAPI document carries each route's error codes as data: every error response of every
 * operation narrows the envelope's `code` to the codes it may carry, and each of those codes has
 * that response's HTTP status (shared/src/errors.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CODES, type ErrorCode } from '@bdc/shared/errors'
import { startTestBff, type TestBff } from './helpers'

interface Schema {
  $ref?: string
  allOf?: Schema[]
  properties?: Record<string, Schema & { enum?: string[] }>
}
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
}
const ERROR_REF = '#/components/schemas/Error'

describe('OpenAPI error codes', () => {
  let bff: TestBff
  let operations: [string, Operation][]
  beforeAll(async () => {
    bff = await startTestBff()
    const doc = (await (await bff.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, Operation>> }
    operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${p}`, op]))
  })
  afterAll(async () => {
    await bff.close()
  })

  /** [operation, status, codes] of every error envelope in the document (codes: null when not narrowed). */
  const errorResponses = () =>
    operations.flatMap(([op, { responses }]) =>
      Object.entries(responses).flatMap(([status, r]) => {
        const schema = r.content?.['application/json']?.schema
        if (!schema) return []
        if (schema.$ref === ERROR_REF) return [[op, Number(status), null] as const]
        if (schema.allOf?.[0]?.$ref !== ERROR_REF) return []
        return [[op, Number(status), schema.allOf[1]?.properties?.code?.enum ?? null] as const]
      }),
    )

  it('every error response lists its codes', () => {
    const all = errorResponses()
    expect(all.length).toBeGreaterThan(100)
    expect(all.filter(([, , codes]) => !codes?.length).map(([op, status]) => `${op} ${status}`)).toEqual([])
  })

  it('every listed code exists and has the status of the response that lists it', () => {
    const wrong = errorResponses().flatMap(([op, status, codes]) =>
      (codes ?? []).filter((c) => ERROR_CODES[c as ErrorCode]?.status !== status).map((c) => `${op} ${status}: ${c}`),
    )
    expect(wrong).toEqual([])
  })
})
