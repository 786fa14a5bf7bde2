/**
 * Deterministic reference data for appointments: offices in several Sichuan cities, their windows
 * and the public holidays. Run at every start; upserts make it idempotent and safe when two BFF
 * instances start together. Slots are not seeded: they are created the first time someone looks
 * at a day (appointments.service.ts), from these opening hours.
 */
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/connect'
import type { AppSchema } from '../../db/schema'
import { holidays, officeWindows, offices } from './appointments.schema'

type Office = typeof offices.$inferInsert
type Window = Omit<typeof officeWindows.$inferInsert, 'officeId'>

const WEEKDAYS = [1, 2, 3, 4, 5]
const DAY = ['09:00-12:00', '13:30-17:00']
const ALL = ['transfer', 'mortgage', 'cancellation', 'inquiry', 'reissue']

/** A hall's windows: two general ones, one for mortgage business, one for inquiries and certificates. */
const standardWindows = (n = 4): Window[] =>
  [
    { no: 1, name: '1号综合窗口', businessTypes: ALL },
    { no: 2, name: '2号综合窗口', businessTypes: ['transfer', 'mortgage', 'cancellation'] },
    { no: 3, name: '3号抵押窗口', businessTypes: ['mortgage', 'cancellation'] },
    { no: 4, name: '4号查询发证窗口', businessTypes: ['inquiry', 'reissue'] },
    { no: 5, name: '5号转移登记窗口', businessTypes: ['transfer'] },
  ].slice(0, n)

const o = (x: Omit<Office, 'sessions' | 'openWeekdays' | 'slotMinutes' | 'perWindowPerSlot'> & Partial<Office>): Office => ({
  sessions: DAY,
  openWeekdays: WEEKDAYS,
  slotMinutes: 30,
  perWindowPerSlot: 2,
  ...x,
})

export const SEED_OFFICES: { office: Office; windows: Window[] }[] = [
  { office: o({ id: 'cd-jinjiang', ord: 1, name: '成都市锦江区不动产登记中心', city: '成都市', district: '锦江区', divisionCode: '510104', address: '成都市锦江区工业园区三色路38号', phone: '028-84700000', lat: 30.6401, lng: 104.0838 }), windows: standardWindows(5) },
  { office: o({ id: 'cd-qingyang', ord: 2, name: '成都市青羊区不动产登记中心', city: '成都市', district: '青羊区', divisionCode: '510105', address: '成都市青羊区光华北三路98号', phone: '028-61880000', lat: 30.6749, lng: 104.0094 }), windows: standardWindows(4) },
  { office: o({ id: 'cd-wuhou', ord: 3, name: '成都市武侯区不动产登记中心', city: '成都市', district: '武侯区', divisionCode: '510107', address: '成都市武侯区锦绣路1号', phone: '028-85560000', lat: 30.6297, lng: 104.0427 }), windows: standardWindows(4) },
  { office: o({ id: 'cd-gaoxin', ord: 4, name: '成都高新区不动产登记服务大厅', city: '成都市', district: '高新区', divisionCode: '510107', address: '成都市高新区天府大道北段1700号', phone: '028-85330000', lat: 30.5702, lng: 104.0637, openWeekdays: [1, 2, 3, 4, 5, 6] }), windows: standardWindows(5) },
  { office: o({ id: 'cd-shuangliu', ord: 5, name: '成都市双流区不动产登记中心', city: '成都市', district: '双流区', divisionCode: '510116', address: '成都市双流区东升街道棠湖西路一段', phone: '028-85800000', lat: 30.5744, lng: 103.9236 }), windows: standardWindows(3) },
  { office: o({ id: 'my-fucheng', ord: 6, name: '绵阳市不动产登记中心涪城分中心', city: '绵阳市', district: '涪城区', divisionCode: '510703', address: '绵阳市涪城区临园路东段68号', phone: '0816-2220000', lat: 31.4678, lng: 104.7417 }), windows: standardWindows(4) },
  { office: o({ id: 'dy-jingyang', ord: 7, name: '德阳市不动产登记中心', city: '德阳市', district: '旌阳区', divisionCode: '510603', address: '德阳市旌阳区长江西路二段', phone: '0838-2500000', lat: 31.1270, lng: 104.3979 }), windows: standardWindows(3) },
  { office: o({ id: 'yb-cuiping', ord: 8, name: '宜宾市不动产登记中心', city: '宜宾市', district: '翠屏区', divisionCode: '511502', address: '宜宾市翠屏区酒都路中段', phone: '0831-8200000', lat: 28.7602, lng: 104.6308 }), windows: standardWindows(3) },
  { office: o({ id: 'nc-shunqing', ord: 9, name: '南充市不动产登记中心', city: '南充市', district: '顺庆区', divisionCode: '511302', address: '南充市顺庆区西华路', phone: '0817-2220000', lat: 30.7955, lng: 106.0841, sessions: ['09:00-12:00', '14:00-17:30'] }), windows: standardWindows(4) },
]

/** 2026–2027 national holidays and 调休 workdays (国务院办公厅通知). */
export const SEED_HOLIDAYS: (typeof holidays.$inferInsert)[] = [
  ...['2026-01-01', '2026-01-02', '2026-01-03'].map((date) => ({ date, name: '元旦', kind: 'holiday' as const })),
  ...['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'].map((date) => ({ date, name: '春节', kind: 'holiday' as const })),
  ...['2026-04-04', '2026-04-05', '2026-04-06'].map((date) => ({ date, name: '清明节', kind: 'holiday' as const })),
  ...['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'].map((date) => ({ date, name: '劳动节', kind: 'holiday' as const })),
  ...['2026-06-19', '2026-06-20', '2026-06-21'].map((date) => ({ date, name: '端午节', kind: 'holiday' as const })),
  ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({ date, name: '国庆节', kind: 'holiday' as const })),
  ...['2027-01-01', '2027-01-02', '2027-01-03'].map((date) => ({ date, name: '元旦', kind: 'holiday' as const })),
  { date: '2026-01-04', name: '元旦调休上班', kind: 'workday' },
  { date: '2026-02-14', name: '春节调休上班', kind: 'workday' },
  { date: '2026-02-28', name: '春节调休上班', kind: 'workday' },
  { date: '2026-05-09', name: '劳动节调休上班', kind: 'workday' },
  { date: '2026-09-20', name: '国庆节调休上班', kind: 'workday' },
  { date: '2026-10-10', name: '国庆节调休上班', kind: 'workday' },
]

export async function seedAppointments(db: Db<AppSchema>): Promise<void> {
  await db.transaction(async (tx) => {
    // Two instances starting together would otherwise race on the same rows.
    await tx.execute(sql`select pg_advisory_xact_lock(727006)`)
    for (const { office, windows } of SEED_OFFICES) {
      const { id: _id, ...rest } = office
      await tx.insert(offices).values(office).onConflictDoUpdate({ target: offices.id, set: rest })
      for (const w of windows) {
        await tx
          .insert(officeWindows)
          .values({ ...w, officeId: office.id })
          .onConflictDoUpdate({ target: [officeWindows.officeId, officeWindows.no], set: { name: w.name, businessTypes: w.businessTypes } })
      }
    }
    await tx
      .insert(holidays)
      .values(SEED_HOLIDAYS)
      .onConflictDoUpdate({ target: holidays.date, set: { name: sql`excluded.name`, kind: sql`excluded.kind` } })
  })
}
