import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SICHUAN_DIVISIONS, isValidCertificateNo, isValidIdNumber, isValidUnitCode, isValidUscc, parseUnitCode } from '@bdc/shared'
import { openSimulatorDatabase } from '../db/connect'
import { citizens } from '../identity/identity.schema'
import { restrictions, rightHolders, rights, units } from '../registry/registry.schema'
import { DEMO_UNIT_CODES } from './demo-data'
import { makeEnterpriseUscc, makeOrgCode } from './ids'
import { seedRuns } from './seed.schema'
import { RegistryGenerator, mulberry32, organizationAt, personAt, seedDemo, seedRegistry, termEnd, type SimDb } from './seed'

type Opened = Awaited<ReturnType<typeof openSimulatorDatabase>>

async function dump(db: SimDb) {
  return {
    citizens: await db.select().from(citizens).orderBy(asc(citizens.id)),
    units: await db.select().from(units).orderBy(asc(units.bdcdyh)),
    rights: await db.select().from(rights).orderBy(asc(rights.id)),
    holders: await db.select().from(rightHolders).orderBy(asc(rightHolders.rightId), asc(rightHolders.citizenId)),
    restrictions: await db.select().from(restrictions).orderBy(asc(restrictions.id)),
  }
}

const DIVISIONS = new Map(SICHUAN_DIVISIONS.map((d) => [d.code, d]))

describe('seed', () => {
  const opened: Opened[] = []
  let a: Opened
  let b: Opened
  let c: Opened
  let dumpA: Awaited<ReturnType<typeof dump>>

  beforeAll(async () => {
    ;[a, b, c] = await Promise.all([openSimulatorDatabase(), openSimulatorDatabase(), openSimulatorDatabase()])
    opened.push(a, b, c)
    for (const o of [a, b]) {
      await seedDemo(o.db)
      await seedRegistry(o.db, { seed: 7, units: 600, batchSize: 250 })
    }
    await seedDemo(c.db)
    await seedRegistry(c.db, { seed: 8, units: 600 })
    dumpA = await dump(a.db)
  })
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()))
  })

  it('mulberry32 is deterministic', () => {
    const x = mulberry32(42)
    const y = mulberry32(42)
    const xs = Array.from({ length: 5 }, x)
    expect(xs).toEqual(Array.from({ length: 5 }, y))
    expect(xs).not.toEqual(Array.from({ length: 5 }, mulberry32(43)))
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true)
  })

  it('same seed → identical rows; different seed → different rows', async () => {
    const dumpB = await dump(b.db)
    expect(dumpB).toEqual(dumpA)
    const dumpC = await dump(c.db)
    expect(dumpC.units.map((u) => u.bdcdyh)).not.toEqual(dumpA.units.map((u) => u.bdcdyh))
    expect(dumpC.citizens.map((x) => x.idNumber)).not.toEqual(dumpA.citizens.map((x) => x.idNumber))
  })

  it('the generator alone is deterministic too', () => {
    const g1 = new RegistryGenerator(99)
    const g2 = new RegistryGenerator(99)
    for (let i = 0; i < 300; i++) expect(g1.next()).toEqual(g2.next())
    expect(personAt(5, 123)).toEqual(personAt(5, 123))
    expect(organizationAt(5, 12)).toEqual(organizationAt(5, 12))
  })

  it('seeding is idempotent', async () => {
    const before = await dump(a.db)
    expect((await seedDemo(a.db)).created).toBe(false)
    expect((await seedRegistry(a.db, { seed: 7, units: 600 })).skipped).toBe(true)
    expect(await dump(a.db)).toEqual(before)
    const runs = await a.db.select().from(seedRuns)
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ seed: 7, units: 600 })
  })

  it('an interrupted run can be re-run (every insert tolerates existing rows)', async () => {
    const o = await openSimulatorDatabase()
    opened.push(o)
    await seedRegistry(o.db, { seed: 7, units: 600, batchSize: 250 })
    await o.db.delete(seedRuns) // as if the process died before recording the run
    const again = await seedRegistry(o.db, { seed: 7, units: 600 })
    expect(again.skipped).toBe(false)
    const d = await dump(o.db)
    expect(d.units).toHaveLength(600)
    expect(d.units).toEqual(dumpA.units.filter((u) => !Object.values(DEMO_UNIT_CODES).includes(u.bdcdyh)))
  })

  it('registry has the requested size and is spread over ≥ 6 cities', () => {
    expect(dumpA.units).toHaveLength(600 + Object.keys(DEMO_UNIT_CODES).length)
    const cities = new Set(dumpA.units.map((u) => DIVISIONS.get(u.qxdm)?.city))
    expect(cities.size).toBeGreaterThanOrEqual(6)
    const uses = new Set(dumpA.units.map((u) => u.yt))
    expect([...uses].sort()).toEqual(expect.arrayContaining(['residential', 'parking', 'office', 'commercial']))
  })

  it('every ID number, USCC and unit code is valid', () => {
    expect(dumpA.citizens.length).toBeGreaterThan(500)
    for (const x of dumpA.citizens) {
      if (x.kind === 'person') {
        expect(x.idType).toBe('111')
        expect(isValidIdNumber(x.idNumber), x.idNumber).toBe(true)
        expect(DIVISIONS.has(x.idNumber.slice(0, 6)), x.idNumber).toBe(true)
        expect(Number(x.idNumber.slice(6, 10))).toBeGreaterThanOrEqual(1950)
      } else {
        expect(x.idType).toBe('001')
        expect(isValidUscc(x.idNumber), x.idNumber).toBe(true)
      }
      expect(x.phone ?? '').toMatch(/^(1[3-9]\d{9}|0\d{10,11})$/)
    }
    for (const u of dumpA.units) {
      expect(isValidUnitCode(u.bdcdyh), u.bdcdyh).toBe(true)
      const parts = parseUnitCode(u.bdcdyh)
      expect(parts.ok && parts.value.isVirtual).toBe(false)
      expect(u.bdcdyh.slice(12, 14)).toBe('GB')
      expect(u.bdcdyh.charAt(19)).toBe('F')
      expect(u.bdcdyh.slice(0, 6)).toBe(u.qxdm)
      const d = DIVISIONS.get(u.qxdm)
      expect(d, u.qxdm).toBeDefined()
      expect(u.qxmc).toBe(`${d!.city}${d!.district}`)
      expect(u.zl.startsWith(`四川省${d!.city}${d!.district}`)).toBe(true)
    }
  })

  it('organization codes carry valid GB 11714 and GB 32100 check characters', () => {
    expect(makeOrgCode('67890123')).toMatch(/^67890123[\dX]$/)
    expect(isValidUscc(makeEnterpriseUscc('510104', '00000001'))).toBe(true)
    for (let k = 0; k < 200; k++) expect(isValidUscc(organizationAt(3, k).idNumber)).toBe(true)
  })

  it('ID numbers of generated people are unique and never use demo sequence codes (≥ 900)', () => {
    const seen = new Set<string>()
    for (let j = 0; j < 50_000; j++) {
      const p = personAt(11, j)
      expect(seen.has(p.idNumber)).toBe(false)
      seen.add(p.idNumber)
      if (j % 997 === 0) expect(isValidIdNumber(p.idNumber)).toBe(true)
      expect(Number(p.idNumber.slice(14, 17))).toBeLessThan(900)
    }
  })

  it('areas add up, land terms are 70 / 40 years, certificates are well-formed', () => {
    for (const u of dumpA.units) {
      expect(Math.round((u.zyjzmj! + u.ftjzmj!) * 100)).toBe(Math.round(u.jzmj * 100))
      expect(u.jzmj).toBeGreaterThan(10)
      expect(u.szc).toBeLessThanOrEqual(u.zcs)
    }
    const unitByCode = new Map(dumpA.units.map((u) => [u.bdcdyh, u]))
    const current = dumpA.rights.filter((r) => r.status === 'current')
    expect(new Set(current.map((r) => r.bdcdyh)).size).toBe(current.length) // one current right per unit
    expect(current).toHaveLength(dumpA.units.length)
    for (const r of current) {
      expect(isValidCertificateNo(r.bdcqzh), r.bdcqzh).toBe(true)
      expect(r.bdcqzh).toMatch(/^川\(\d{4}\).+市不动产权第\d{7}号$/)
      expect(r.djjg).toMatch(/^.+市不动产登记中心$/)
      expect(r.djsj <= '2026-11-27').toBe(true)
      if (r.syqxQ) {
        const years = unitByCode.get(r.bdcdyh)!.yt === 'residential' || unitByCode.get(r.bdcdyh)!.yt === 'parking' ? 70 : 40
        expect(r.syqxZ).toBe(termEnd(r.syqxQ, years))
      }
    }
    expect(termEnd('2012-03-01', 70)).toBe('2082-02-28')
    for (const x of dumpA.restrictions) {
      // the demo's live 异议 is filed three days before the registry is seeded, so that it is in force for the demo (demo-data.ts)
      if (x.id !== 'x-demo-ly2-objection') expect(x.djsj <= '2026-11-27', x.id).toBe(true)
      if (x.xzlx === 'mortgage') {
        expect(isValidCertificateNo(x.wh), x.wh).toBe(true)
        expect(x.wh).toContain('不动产证明')
        expect(x.jg).toMatch(/银行股份有限公司.+分行$/)
        expect(x.bdbzzqse).toBeGreaterThan(0)
      }
      if (x.xzlx === 'seal') expect(x.wh).toMatch(/^（\d{4}）川\d{4}执保\d+号$/)
    }
    const kinds = new Set(dumpA.restrictions.map((x) => x.xzlx))
    expect(kinds.has('mortgage')).toBe(true)
    const shares = dumpA.holders.filter((h) => h.share)
    expect(shares.length).toBeGreaterThan(0)
  })

  it('demo citizens are exactly the six fixed accounts with masked labels', async () => {
    const demo = await a.db.select().from(citizens).where(eq(citizens.isDemo, true)).orderBy(asc(citizens.demoOrder))
    expect(demo.map((x) => x.id)).toEqual(['c-zhangwei', 'c-lina', 'c-wangqiang', 'c-liuyang', 'c-shujin', 'c-chenjing'])
    for (const x of demo) {
      if (x.kind === 'person') {
        expect(x.demoLabel!.startsWith(`${x.name.charAt(0)}**`)).toBe(true)
        expect(x.demoLabel).not.toContain(x.name)
      }
      expect(x.demoLabel).not.toContain(x.idNumber)
    }
    expect(demo.find((x) => x.id === 'c-shujin')).toMatchObject({ kind: 'organization', idType: '001' })
  })
})
