import { PAGES } from '../../utils/nav'

/** The home page's service tiles. `path: null` = not built yet: the tile says so honestly. */
export interface ServiceTile {
  key: string
  title: string
  glyph: string
  path: string | null
  /** What the service will do, shown when someone taps a tile that is not live yet. */
  blurb: string
  /** Open to anyone, no login (a clerk or a buyer checking a certificate has no account here). */
  public?: boolean
}

export const SERVICES: ServiceTile[] = [
  { key: 'properties', title: '我的不动产', glyph: '房', path: PAGES.properties, blurb: '查看本人名下不动产及抵押、查封等限制情况' },
  { key: 'certificates', title: '电子证照', glyph: '证', path: '/pages/certificates/index', blurb: '查看、下载和出示不动产电子证照（亮证）' },
  { key: 'proofs', title: '我的证明', glyph: '明', path: PAGES.proofs, blurb: '开具不动产登记资料查询结果证明（有无房证明），用于子女入学、落户、贷款、公积金等' },
  { key: 'appointments', title: '预约办理', glyph: '约', path: '/pages/appointments/index', blurb: '预约到不动产登记大厅办理业务的时间和地点' },
  { key: 'delegations', title: '授权查询', glyph: '授', path: PAGES.delegations, blurb: '授权亲属等他人查询您名下的不动产，并查看每一次访问记录' },
  { key: 'applications', title: '网上申请', glyph: '申', path: '/pages/applications/index', blurb: '网上申请抵押权注销、换证补证、更正登记，查看办件进度并评价' },
  { key: 'access-records', title: '查询记录', glyph: '录', path: PAGES.accessRecords, blurb: '查看谁在什么时候查看、核验或查询过您的不动产和电子证照' },
  { key: 'restriction-query', title: '限制查询', glyph: '限', path: PAGES.restrictionQuery, blurb: '按单元号、证书号或坐落查询一处不动产是否抵押、查封等，不显示权利人' },
  { key: 'verify', title: '证照核验', glyph: '验', path: '/pages/certificates/verify', blurb: '扫描证书上的二维码，核验不动产证照真伪和状态', public: true },
]
