import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as shared from './index'
import * as ids from './ids/index'

const PUBLIC = [
  // errors.ts, dict.ts
  'ERROR_CODES', 'errorBody', 'messageFor', 'isErrorBody', 'RIGHT_TYPES', 'USES', 'ID_TYPES',
  // divisions.ts
  'SICHUAN_DIVISIONS', 'SICHUAN_CITIES', 'divisionName', 'cityOf', 'findDivision',
  // mask.ts
  'maskName', 'maskIdNumber', 'maskPhone', 'maskAddress',
  // ids/*
  'ok', 'fail',
  'parseUnitCode', 'formatUnitCode', 'describeUnitCode', 'makeUnitCode', 'canonicalUnitCode', 'isValidUnitCode',
  'parseCertificateNo', 'formatCertificateNo', 'canonicalCertificateNo', 'isValidCertificateNo',
  'idNumberCheckChar', 'validateIdNumber', 'isValidIdNumber', 'makeIdNumber',
  'usccCheckChar', 'validateUscc', 'isValidUscc', 'makeUscc',
  'mod3736CheckChar', 'buildLicenseId', 'parseLicenseId', 'isValidLicenseId', 'LICENSE_TYPE_CODES',
] as const

describe('@bdc/shared entry point', () => {
  it.each(PUBLIC)('exports %s', (name) => {
    expect((shared as Record<string, unknown>)[name]).toBeDefined()
  })

  it('re-exports ids/index unchanged', () => {
    for (const [k, v] of Object.entries(ids)) expect((shared as Record<string, unknown>)[k]).toBe(v)
  })

  it('does not expose the zod API schemas', () => {
    expect((shared as Record<string, unknown>).ErrorBodySchema).toBeUndefined()
    expect((shared as Record<string, unknown>).UnitCodeParam).toBeUndefined()
  })
})

describe('platform-free sources (the mini-program imports them)', () => {
  const root = import.meta.dirname
  const files = ['index.ts', 'divisions.ts', 'mask.ts', ...readdirSync(join(root, 'ids')).map((f) => join('ids', f))].filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  )
  it.each(files)('%s imports neither zod, node: modules, nor api.ts', (file) => {
    const src = readFileSync(join(root, file), 'utf8')
    const imports = [...src.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '')
    for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\//)
    expect(imports).not.toContain('./api')
    expect(src).not.toMatch(/\b(?:process|Buffer|require)\b/)
  })
})
