/**
 * Deterministic seed data for the provincial simulator.
 *
 * - `seedDemo(db)`: the fixed demo citizens the UI and the tests rely on (idempotent).
 * - `seedRegistry(db, {seed, units})`: a generated background registry (same seed → same rows),
 *   streamed in multi-row batches so a million units fit on a real PostgreSQL without holding
 *   the data set in memory. Idempotent per seed (every insert is ON CONFLICT DO NOTHING and a
 *   finished run is recorded in `province.seed_runs`), so an interrupted run can simply be re-run.
 *
 * Everything a generated person or organization looks like is a pure function of (seed, index),
 * which lets a later unit reuse an earlier owner without remembering it.
 */
import { count, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { DEMO_CITIZENS, DEMO_EXTRA_CITIZENS, DEMO_LEGAL_REPS, DEMO_RESTRICTIONS, DEMO_RIGHTS, DEMO_UNITS, DEMO_HOLDERS } from './demo-data'
import {
  BANKS,
  COMPANY_WORDS_A,
  COMPANY_WORDS_B,
  DISTRICTS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  OFFICE_WORDS,
  PROJECT_WORDS_A,
  PROJECT_WORDS_B,
  SURNAMES,
  bankBranch,
  courtCaseNo,
  districtCourt,
  registryOffice,
  type District,
} from './geo'
import { formatCertificateNo, makeEnterpriseUscc, makeIdNumber, makeUnitCode } from './ids'
import type { SimDb } from '../db/connect'
import { citizens } from '../identity/identity.schema'
import { restrictions, rightHolders, rights, units } from '../registry/registry.schema'
import { seedRuns } from './seed.schema'

export type { SimDb }
export type CitizenRow = typeof citizens.$inferInsert
export type UnitRow = typeof units.$inferInsert
export type RightRow = typeof rights.$inferInsert
export type HolderRow = typeof rightHolders.$inferInsert
export type RestrictionRow = typeof restrictions.$inferInsert

// ------------------------------------------------------------------------------------ PRNG

/** mulberry32: tiny, fast, good enough for synthetic data; deterministic across platforms. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mix several integers into one 32-bit seed (for per-entity generators). */
function mix(...xs: number[]): number {
  let h = 0x811c9dc5
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x01000193) >>> 0
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0
    h ^= h >>> 15
  }
  return h >>> 0
}

class Rng {
  constructor(readonly next: () => number) {}
  static of(seed: number) {
    return new Rng(mulberry32(seed))
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  weighted<T extends { weight: number }>(xs: readonly T[]): T {
    const total = xs.reduce((s, x) => s + x.weight, 0)
    let r = this.next() * total
    for (const x of xs) {
      r -= x.weight
      if (r < 0) return x
    }
    return xs[xs.length - 1]!
  }
  /** area with two decimals, as an integer number of hundredths */
  cents(lo: number, hi: number): number {
    return this.int(Math.round(lo * 100), Math.round(hi * 100))
  }
}

// ------------------------------------------------------------------------------------ dates

const pad = (n: number, w = 2) => String(n).padStart(w, '0')
const ymdOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
/** The day before the same date `years` later: a 70-year term from 2012-03-01 ends 2082-02-28. */
export function termEnd(start: string, years: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number]
  return ymdOf(new Date(Date.UTC(y + years, m - 1, d - 1)))
}
const addDays = (start: string, days: number) => {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number]
  return ymdOf(new Date(Date.UTC(y, m - 1, d + days)))
}
/** A day in `year`; generated data stops at the end of October 2026 so nothing lies in the future. */
const dateIn = (r: Rng, year: number) => `${year}-${pad(r.int(1, year >= LAST_YEAR ? LAST_MONTH : 12))}-${pad(r.int(1, 28))}`

/** Generated data never goes past this day, so rows do not depend on when the seed runs. */
const LAST_YEAR = 2026
const LAST_MONTH = 10
const BIRTH_START = Date.UTC(1950, 0, 1)
const BIRTH_DAYS = 19723 // 1950-01-01 … 2003-12-31

const money = (cents: number) => Math.round(cents) / 100
const centsOf = (x: number) => Math.round(x * 100)

// ------------------------------------------------------------------------------------ people

export interface GeneratedCitizen extends CitizenRow {
  id: string
  birthYear: number
}

const PHONE_PREFIXES = ['135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '177', '180', '181', '182', '183', '187', '188', '189', '199', '173']

/**
 * Generated person number `j` of a registry seed. ID numbers are unique by construction: the
 * (birth date, sequence) pair is a bijection of j for j < 8.8 million (sequence 002–897); sequence codes ≥ 900 are
 * left to the demo citizens, so generated people never collide with them.
 */
export function personAt(seed: number, j: number): GeneratedCitizen {
  const r = Rng.of(mix(seed, j, 0x9e37))
  const day = (j * 7919 + (seed >>> 0) * 104729) % BIRTH_DAYS
  const rest = Math.floor(j / BIRTH_DAYS)
  if (rest >= 448) throw new Error('too many generated people for one seed')
  const male = r.chance(0.5)
  const birth = new Date(BIRTH_START + day * 86_400_000)
  const birthYmd = ymdOf(birth).replaceAll('-', '')
  const division = r.weighted(DISTRICTS).code
  // sequence 002–897, odd for men (GB 11643); spread over the range, still a bijection of `rest`
  const idNumber = makeIdNumber(division, birthYmd, 2 + ((rest + day * 61) % 448) * 2 + (male ? 1 : 0))
  const name = r.pick(SURNAMES) + r.pick(male ? GIVEN_MALE : GIVEN_FEMALE)
  return {
    id: `p-${idNumber}`,
    name,
    kind: 'person',
    idType: '111',
    idNumber,
    phone: r.pick(PHONE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0'),
    isDemo: false,
    demoLabel: null,
    demoOrder: null,
    birthYear: birth.getUTCFullYear(),
  }
}

/** Generated organization number `k`: USCCs are unique by construction for a given seed. */
export function organizationAt(seed: number, k: number): GeneratedCitizen {
  const r = Rng.of(mix(seed, k, 0x0c0ffee))
  const d = r.weighted(DISTRICTS)
  const body8 = String((k * 7_368_787 + (seed >>> 0) * 31) % 100_000_000).padStart(8, '0')
  const idNumber = makeEnterpriseUscc(d.code, body8)
  const prefix = r.chance(0.5) ? '四川' : d.city.replace(/市$/, '')
  return {
    id: `o-${idNumber}`,
    name: `${prefix}${r.pick(COMPANY_WORDS_A)}${r.pick(COMPANY_WORDS_B)}有限公司`,
    kind: 'organization',
    idType: '001',
    idNumber,
    phone: `028${String(r.int(60_000_000, 89_999_999))}`,
    isDemo: false,
    demoLabel: null,
    demoOrder: null,
    birthYear: 1990,
  }
}

const stripBirth = ({ birthYear: _b, ...row }: GeneratedCitizen): CitizenRow => row

// ------------------------------------------------------------------------------------ demo

/** The fixed demo accounts, in the order the login page lists them. */
export const DEMO_CITIZEN_IDS = DEMO_CITIZENS.map((c) => c.id)

/** Inserts the demo citizens and their registry records. Does nothing if they exist already
 *  (but for people added to the demo since: the extra citizens and organisations' 法定代表人). */
export async function seedDemo(db: SimDb): Promise<{ created: boolean }> {
  const existing = await db.select({ n: count() }).from(citizens).where(inArray(citizens.id, DEMO_CITIZEN_IDS))
  const created = (existing[0]?.n ?? 0) < DEMO_CITIZENS.length
  await db.transaction(async (tx) => {
    await tx
      .insert(citizens)
      .values(created ? [...DEMO_CITIZENS, ...DEMO_EXTRA_CITIZENS] : DEMO_EXTRA_CITIZENS)
      .onConflictDoNothing()
    for (const [org, rep] of Object.entries(DEMO_LEGAL_REPS)) await tx.update(citizens).set({ legalRepId: rep }).where(eq(citizens.id, org))
    if (!created) return
    await tx.insert(units).values(DEMO_UNITS).onConflictDoNothing()
    await tx.insert(rights).values(DEMO_RIGHTS).onConflictDoNothing()
    await tx.insert(rightHolders).values(DEMO_HOLDERS).onConflictDoNothing()
    await tx.insert(restrictions).values(DEMO_RESTRICTIONS).onConflictDoNothing()
  })
  return { created }
}

// ------------------------------------------------------------------------------------ registry

export interface UnitBundle {
  citizens: GeneratedCitizen[]
  unit: UnitRow
  rights: RightRow[]
  holders: HolderRow[]
  restrictions: RestrictionRow[]
}

const PRICE_PER_M2: Record<string, [number, number]> = { 成都市: [14_000, 32_000] }
const priceRange = (city: string) => PRICE_PER_M2[city] ?? [5_500, 11_000]

const ACTIVE_PROJECTS = 16

type ProjectKind = 'residential' | 'office' | 'shops'

interface Building {
  no: number
  floors: number
  stairs: number // 单元
  perFloor: number
  nextIndex: number // next 户 index inside the building
}

interface Project {
  kind: ProjectKind
  district: District
  name: string
  street: string
  houseNo: number
  zone: string
  subzone: string
  parcelSeq: number
  zdmj: number
  jgnf: number
  landStart: string
  buildings: Building[]
  buildingIdx: number
  remaining: number
  garage: { no: number; spaces: number; next: number } | null
  /** owners of flats in this project (for parking spaces); bounded */
  owners: GeneratedCitizen[][]
}

/**
 * Streams the units of a generated registry. Sequential decisions come from one seeded PRNG;
 * people and organizations from pure per-index generators.
 */
export class RegistryGenerator {
  private readonly r: Rng
  private readonly zone: string
  private readonly parcelCounters = new Map<string, number>()
  private readonly projects: (Project | undefined)[] = []
  private personCount = 0
  private orgCount = 0
  private certCounter = 0
  private produced = 0

  constructor(readonly seed: number) {
    this.r = Rng.of(mix(seed, 0x5eed))
    // 地籍区 100–999 depends on the seed (demo units use 001–009), so registries of different
    // seeds in one database do not share unit codes.
    this.zone = pad(100 + ((seed >>> 0) % 900), 3)
  }

  private newPerson(): GeneratedCitizen {
    return personAt(this.seed, this.personCount++)
  }
  private existingPerson(): GeneratedCitizen {
    return this.personCount === 0 ? this.newPerson() : personAt(this.seed, this.r.int(0, this.personCount - 1))
  }
  private organization(): GeneratedCitizen {
    if (this.orgCount > 0 && this.r.chance(0.4)) return organizationAt(this.seed, this.r.int(0, this.orgCount - 1))
    return organizationAt(this.seed, this.orgCount++)
  }

  private certNo(city: string, year: number, kind: 'right' | 'proof'): string {
    const n = this.certCounter++
    const serial = 1 + ((n * 7919 + (this.seed >>> 0) * 13 + (kind === 'proof' ? 5_000_000 : 0)) % 9_999_999)
    return formatCertificateNo({ year, city, kind, serial })
  }

  private newProject(): Project {
    const r = this.r
    const district = r.weighted(DISTRICTS)
    const roll = r.next()
    const kind: ProjectKind = roll < 0.86 ? 'residential' : roll < 0.93 ? 'office' : 'shops'
    const key = district.code
    const parcelSeq = (this.parcelCounters.get(key) ?? 0) + 1
    this.parcelCounters.set(key, parcelSeq)
    if (parcelSeq > 99_999) throw new Error('parcel counter overflow')
    const jgnf = kind === 'residential' && r.chance(0.15) ? r.int(1993, 2001) : r.int(2003, 2024)
    const old = jgnf < 2002
    const buildings: Building[] = []
    const nBuildings = kind === 'office' ? r.int(1, 2) : kind === 'shops' ? 1 : r.int(2, 14)
    for (let b = 1; b <= nBuildings; b++) {
      if (kind === 'office') buildings.push({ no: b, floors: r.int(20, 48), stairs: 1, perFloor: r.int(4, 12), nextIndex: 0 })
      else if (kind === 'shops') buildings.push({ no: b, floors: r.int(1, 3), stairs: 1, perFloor: r.int(6, 30), nextIndex: 0 })
      else
        buildings.push({
          no: b,
          floors: old ? r.int(6, 7) : r.pick([11, 18, 26, 30, 32, 33, 34]),
          stairs: r.int(1, old ? 3 : 2),
          perFloor: r.int(2, 4),
          nextIndex: 0,
        })
    }
    const total = buildings.reduce((s, b) => s + b.floors * b.stairs * b.perFloor, 0)
    const name =
      kind === 'office'
        ? `${r.pick(PROJECT_WORDS_A)}${r.pick(OFFICE_WORDS)}`
        : kind === 'shops'
          ? `${r.pick(PROJECT_WORDS_A)}商业广场`
          : `${r.pick(PROJECT_WORDS_A)}${r.pick(PROJECT_WORDS_B)}`
    const garage = kind === 'residential' && !old && r.chance(0.5) ? { no: nBuildings + 1, spaces: Math.round(total * 0.6), next: 0 } : null
    return {
      kind,
      district,
      name,
      street: r.pick(district.streets),
      houseNo: r.int(1, 1999),
      zone: this.zone,
      subzone: pad(r.int(1, 30), 3),
      parcelSeq,
      zdmj: r.cents(kind === 'shops' ? 3_000 : 8_000, 80_000),
      jgnf,
      landStart: dateIn(r, jgnf - r.int(2, 4)),
      buildings,
      buildingIdx: 0,
      // only part of a project's units are in the generated registry (the rest: not yet sold, or
      // outside the sample), which keeps the sample spread over many projects
      remaining: Math.min(total + (garage?.spaces ?? 0), r.int(20, 1500)),
      garage,
      owners: [],
    }
  }

  /** Owners of a new flat/office/shop, with their share and co-ownership. */
  private owners(kind: ProjectKind): { gyfs: 'sole' | 'joint' | 'shares'; list: { c: GeneratedCitizen; share: string | null }[] } {
    const r = this.r
    if (kind !== 'residential' && r.chance(kind === 'office' ? 0.45 : 0.3)) return { gyfs: 'sole', list: [{ c: this.organization(), share: null }] }
    const roll = r.next()
    if (roll < 0.66) return { gyfs: 'sole', list: [{ c: this.newPerson(), share: null }] }
    if (roll < 0.82) return { gyfs: 'joint', list: [{ c: this.newPerson(), share: null }, { c: this.newPerson(), share: null }] }
    if (roll < 0.9) {
      const [a, b] = r.chance(0.6) ? ['1/2', '1/2'] : ['1/3', '2/3']
      return { gyfs: 'shares', list: [{ c: this.newPerson(), share: a }, { c: this.newPerson(), share: b }] }
    }
    return { gyfs: 'sole', list: [{ c: this.existingPerson(), share: null }] }
  }

  next(): UnitBundle {
    const r = this.r
    // Several projects are open at once, so even a small registry spans many cities.
    const slot = r.int(0, ACTIVE_PROJECTS - 1)
    let p = this.projects[slot]
    if (!p || p.remaining === 0) this.projects[slot] = p = this.newProject()
    p.remaining--
    const i = this.produced++
    const d = p.district
    const city = d.city
    const djjg = registryOffice(city)
    const prefix = `四川省${city}${d.district}${p.street}${p.houseNo}号${p.name}`

    let unit: UnitRow
    let owners: { gyfs: 'sole' | 'joint' | 'shares'; list: { c: GeneratedCitizen; share: string | null }[] }
    let landYears: number

    const parking = p.garage !== null && p.garage.next < p.garage.spaces && p.owners.length > 0 && r.chance(0.25)
    const building = parking ? undefined : p.buildings[p.buildingIdx]
    if (building) {
      const idx = building.nextIndex++
      const perLevel = building.stairs * building.perFloor
      const floor = Math.floor(idx / perLevel) + 1
      const stair = Math.floor((idx % perLevel) / building.perFloor) + 1
      const room = (idx % building.perFloor) + 1
      if (building.nextIndex === building.floors * perLevel) p.buildingIdx++
      const bdcdyh = makeUnitCode({ division: d.code, zone: p.zone, subzone: p.subzone, parcelSeq: p.parcelSeq, building: building.no, room: idx + 1 })
      let use: 'residential' | 'office' | 'commercial'
      let total: number
      let zl: string
      if (p.kind === 'residential') {
        use = 'residential'
        total = r.cents(r.chance(0.2) ? 48 : 68, r.chance(0.15) ? 198 : 142)
        zl = `${prefix}${building.no}栋${building.stairs > 1 ? `${stair}单元` : ''}${floor}${pad(room)}号`
      } else if (p.kind === 'office') {
        use = 'office'
        total = r.cents(60, 420)
        zl = `${prefix}${building.no}栋${floor}层${floor}${pad(room)}号`
      } else {
        use = 'commercial'
        total = r.cents(28, 320)
        zl = `${prefix}${building.no}栋${floor}层${floor}${pad(room)}号`
      }
      const ratio = use === 'residential' ? 0.76 + r.next() * 0.1 : 0.62 + r.next() * 0.12
      const exclusive = Math.round(total * ratio)
      const old = p.jgnf < 2002
      unit = {
        bdcdyh,
        qxdm: d.code,
        qxmc: `${city}${d.district}`,
        zl,
        yt: use,
        jzmj: money(total),
        zyjzmj: money(exclusive),
        ftjzmj: money(total - exclusive),
        zdmj: money(p.zdmj),
        fwjg: old ? 'brick_concrete' : p.kind === 'office' && r.chance(0.3) ? 'steel' : 'steel_concrete',
        szc: floor,
        zcs: building.floors,
        jgnf: p.jgnf,
      }
      owners = this.owners(p.kind)
      landYears = use === 'residential' ? 70 : 40
      if (p.kind === 'residential') {
        p.owners.push(owners.list.map((o) => o.c))
        if (p.owners.length > 200) p.owners.shift()
      }
    } else {
      // parking space in the underground garage, bought by an owner of a flat here
      const g = p.garage!
      const n = g.next++
      const level = n < g.spaces / 2 ? 1 : 2
      const total = r.cents(28, 42)
      const exclusive = r.cents(11.5, 14)
      unit = {
        bdcdyh: makeUnitCode({ division: d.code, zone: p.zone, subzone: p.subzone, parcelSeq: p.parcelSeq, building: g.no, room: n + 1 }),
        qxdm: d.code,
        qxmc: `${city}${d.district}`,
        zl: `${prefix}地下车库负${level === 1 ? '一' : '二'}层B${level}-${pad(n + 1, 3)}号车位`,
        yt: 'parking',
        jzmj: money(total),
        zyjzmj: money(exclusive),
        ftjzmj: money(total - exclusive),
        zdmj: money(p.zdmj),
        fwjg: 'steel_concrete',
        szc: -level,
        zcs: 2,
        jgnf: p.jgnf,
      }
      const holders = p.owners.length && r.chance(0.85) ? r.pick(p.owners) : [this.newPerson()]
      owners =
        holders.length === 1
          ? { gyfs: 'sole', list: [{ c: holders[0]!, share: null }] }
          : { gyfs: 'joint', list: holders.map((c) => ({ c, share: null })) }
      landYears = 70
    }

    // --- rights: maybe an earlier owner (historical), then the current one
    const out: UnitBundle = { citizens: [], unit, rights: [], holders: [], restrictions: [] }
    const youngest = Math.max(...owners.list.map((o) => o.c.birthYear))
    const firstYear = Math.min(LAST_YEAR, Math.max(p.jgnf + 1, 2008))
    let currentYear = r.int(firstYear, Math.min(LAST_YEAR, firstYear + 12))
    const qllx = 'state_land_building'
    const qlxz = p.jgnf < 2000 && unit.yt === 'residential' && r.chance(0.35) ? 'allocation' : unit.yt === 'residential' && r.chance(0.05) ? 'affordable' : 'transfer'
    const syqxQ = qlxz === 'allocation' ? null : p.landStart
    const syqxZ = syqxQ ? termEnd(syqxQ, landYears) : null
    const otherFacts = (u: UnitRow) =>
      u.yt === 'parking'
        ? `车位建筑面积：${u.jzmj}㎡，其中专有面积：${u.zyjzmj}㎡`
        : `专有建筑面积：${u.zyjzmj}㎡，分摊建筑面积：${u.ftjzmj}㎡；房屋结构：${u.fwjg === 'brick_concrete' ? '砖混结构' : u.fwjg === 'steel' ? '钢结构' : '钢混结构'}；总层数：${u.zcs}层`

    const prev = currentYear < LAST_YEAR - 1 && r.chance(0.22) ? this.newPerson() : null
    if (prev && prev.birthYear + 20 <= currentYear) {
      const prevDate = dateIn(r, currentYear)
      out.citizens.push(prev)
      out.rights.push({
        id: `r-${this.seed}-${i}-h`,
        bdcdyh: unit.bdcdyh,
        // before 2015 (不动产统一登记) a sale produced a 房屋所有权证, numbered the old way
        bdcqzh: currentYear >= 2015 ? this.certNo(city, currentYear, 'right') : `${city.charAt(0)}房权证监证字第${pad(r.int(100_000, 3_999_999), 7)}号`,
        qllx,
        qlxz,
        gyfs: 'sole',
        djsj: prevDate,
        djjg,
        syqxQ,
        syqxZ,
        qlqtzk: otherFacts(unit),
        fj: null,
        status: 'historical',
      })
      out.holders.push({ rightId: `r-${this.seed}-${i}-h`, citizenId: prev.id, share: null, ord: 0 })
      currentYear = r.int(currentYear + 1, LAST_YEAR)
    }
    // current rights carry a 不动产权证书, issued since 2015
    if (currentYear < 2015) currentYear = r.int(2015, LAST_YEAR)
    currentYear = Math.min(LAST_YEAR, Math.max(currentYear, youngest + 20))
    const djsj = dateIn(r, currentYear)
    const rightId = `r-${this.seed}-${i}`
    out.rights.push({
      id: rightId,
      bdcdyh: unit.bdcdyh,
      bdcqzh: this.certNo(city, currentYear, 'right'),
      qllx,
      qlxz,
      gyfs: owners.gyfs,
      djsj,
      djjg,
      syqxQ,
      syqxZ,
      qlqtzk: otherFacts(unit),
      fj: qlxz === 'allocation' ? '房改房，已购公有住房' : owners.gyfs === 'shares' ? '按份共有，份额见权利人' : null,
      status: 'current',
    })
    owners.list.forEach((o, ord) => {
      out.citizens.push(o.c)
      out.holders.push({ rightId, citizenId: o.c.id, share: o.share, ord })
    })

    // --- restrictions
    let k = 0
    const addRestriction = (x: Omit<RestrictionRow, 'id' | 'bdcdyh'>) => out.restrictions.push({ id: `x-${this.seed}-${i}-${k++}`, bdcdyh: unit.bdcdyh, jglx: 'organization', ...x })
    // 异议、预告、居住权: filed by a private person (derived from the seed and `salt`), with a 登记证明 number of the filing year.
    const addPersonFiling = (salt: number, x: Pick<RestrictionRow, 'xzlx' | 'djsj' | 'qxQ' | 'qxZ' | 'bz'>) =>
      addRestriction({
        ...x,
        jg: personAt(this.seed ^ salt, i).name,
        jglx: 'person',
        wh: this.certNo(city, Number(x.djsj.slice(0, 4)), 'proof'),
        bdbzzqse: null,
        status: 'current',
      })
    const person = owners.list[0]!.c.kind === 'person'
    if (r.chance(person ? 0.36 : 0.2)) {
      const [lo, hi] = priceRange(city)
      const price = (unit.jzmj * r.int(lo, hi)) / 10_000 // 万元
      const years = unit.yt === 'residential' ? r.pick([10, 15, 20, 25, 30]) : r.pick([3, 5, 10])
      const released = r.chance(0.3)
      addRestriction({
        xzlx: 'mortgage',
        djsj,
        jg: bankBranch(r.pick(BANKS), city),
        wh: this.certNo(city, currentYear, 'proof'),
        qxQ: djsj,
        qxZ: termEnd(djsj, years),
        bdbzzqse: money(centsOf(price * (0.5 + r.next() * 0.2))),
        bz: r.chance(0.8) ? '一般抵押' : '最高额抵押',
        status: released ? 'released' : 'current',
      })
    }
    if (r.chance(0.012)) {
      const year = r.int(Math.max(currentYear, 2018), LAST_YEAR)
      const start = dateIn(r, year)
      addRestriction({
        xzlx: 'seal',
        djsj: start,
        jg: districtCourt(d),
        wh: courtCaseNo(d, year, r.int(1, 2999)),
        qxQ: start,
        qxZ: termEnd(start, 3),
        bdbzzqse: null,
        bz: '查封期限三年',
        status: 'current',
      })
      if (r.chance(0.3)) {
        const s2 = addDays(start, r.int(5, 200))
        addRestriction({
          xzlx: 'waiting_seal',
          djsj: s2,
          jg: r.chance(0.5) ? districtCourt(d) : `${city}中级人民法院`,
          wh: courtCaseNo(d, Number(s2.slice(0, 4)), r.int(1, 2999)),
          qxQ: null,
          qxZ: null,
          bdbzzqse: null,
          bz: '轮候查封',
          status: 'current',
        })
      }
    }
    if (r.chance(0.005)) {
      const start = dateIn(r, LAST_YEAR)
      addPersonFiling(0x5a5a, { xzlx: 'objection', djsj: start, qxQ: start, qxZ: addDays(start, 15), bz: '异议登记之日起十五日内申请人应提起诉讼，逾期异议登记失效' })
    }
    if (r.chance(0.01)) {
      const start = dateIn(r, LAST_YEAR)
      addPersonFiling(0xa5a5, { xzlx: 'advance_notice', djsj: start, qxQ: null, qxZ: null, bz: '房屋所有权转移预告登记' })
    }
    if (unit.yt === 'residential' && r.chance(0.003)) {
      const start = dateIn(r, r.int(Math.max(currentYear, 2021), LAST_YEAR))
      addPersonFiling(0x3c3c, { xzlx: 'residence_right', djsj: start, qxQ: start, qxZ: null, bz: '居住权人终身居住' })
    }
    return out
  }
}

/** A PostgreSQL array literal of text values ('{"a",NULL}'), cast to the column type in SQL. */
function arrayLiteral(xs: unknown[]): string {
  return `{${xs.map((x) => (x === null || x === undefined ? 'NULL' : `"${String(x).replace(/[\\"]/g, (m) => `\\${m}`)}"`)).join(',')}}`
}

/**
 * INSERT … SELECT * FROM unnest($1::text[], …) ON CONFLICT DO NOTHING: one parameter per column
 * instead of one per value. Much cheaper to build than a 13 000-parameter VALUES list (drizzle's
 * builder was the bottleneck of large seeds), and identical on PGlite and PostgreSQL. Every row
 * must carry every column (no defaults are applied).
 */
async function bulkInsert<T extends PgTable>(tx: Pick<SimDb, 'execute'>, table: T, rows: T['$inferInsert'][]): Promise<void> {
  if (!rows.length) return
  const { schema, name } = getTableConfig(table)
  const columns = Object.entries(getTableColumns(table))
  const target = sql.raw(`"${schema ?? 'public'}"."${name}"`)
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '))
  const arrays = sql.join(
    columns.map(([key, c]) => sql`${arrayLiteral(rows.map((r) => (r as Record<string, unknown>)[key]))}::${sql.raw(c.getSQLType())}[]`),
    sql`, `,
  )
  await tx.execute(sql`insert into ${target} (${names}) select * from unnest(${arrays}) on conflict do nothing`)
}

export interface SeedRegistryOptions {
  seed: number
  units: number
  /** units per batch (multi-row inserts); default 1000 */
  batchSize?: number
  onProgress?: (done: number, total: number) => void
}

export interface SeedRegistryResult {
  skipped: boolean
  units: number
  citizens: number
  rights: number
  holders: number
  restrictions: number
  ms: number
}

/** Generates a background registry of `units` units. Skips when this seed already ran to completion. */
export async function seedRegistry(db: SimDb, opts: SeedRegistryOptions): Promise<SeedRegistryResult> {
  const t0 = Date.now()
  const seed = opts.seed | 0
  const done = await db.select().from(seedRuns).where(eq(seedRuns.seed, seed))
  if (done[0]?.finishedAt) return { skipped: true, units: 0, citizens: 0, rights: 0, holders: 0, restrictions: 0, ms: Date.now() - t0 }
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 1000, 2000))
  const gen = new RegistryGenerator(seed)
  const stats = { units: 0, citizens: 0, rights: 0, holders: 0, restrictions: 0 }
  let batch: UnitBundle[] = []
  const flush = async () => {
    if (!batch.length) return
    const cs = new Map<string, CitizenRow>()
    for (const b of batch) for (const c of b.citizens) if (!cs.has(c.id)) cs.set(c.id, stripBirth(c))
    const us = batch.map((b) => b.unit)
    const rs = batch.flatMap((b) => b.rights)
    const hs = batch.flatMap((b) => b.holders)
    const xs = batch.flatMap((b) => b.restrictions)
    await db.transaction(async (tx) => {
      await bulkInsert(tx, citizens, [...cs.values()])
      await bulkInsert(tx, units, us)
      await bulkInsert(tx, rights, rs)
      await bulkInsert(tx, rightHolders, hs)
      await bulkInsert(tx, restrictions, xs)
    })
    stats.units += us.length
    stats.citizens += cs.size
    stats.rights += rs.length
    stats.holders += hs.length
    stats.restrictions += xs.length
    batch = []
    opts.onProgress?.(stats.units, opts.units)
  }
  for (let n = 0; n < opts.units; n++) {
    batch.push(gen.next())
    if (batch.length >= batchSize) await flush()
  }
  await flush()
  await db
    .insert(seedRuns)
    .values({ seed, units: opts.units, finishedAt: new Date() })
    .onConflictDoUpdate({ target: seedRuns.seed, set: { units: opts.units, finishedAt: new Date() } })
  return { skipped: false, ...stats, ms: Date.now() - t0 }
}
