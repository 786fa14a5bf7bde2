/**
 * The fixed demo accounts and their registry records. The ids (`c-zhangwei` …) are used by the UI,
 * the e2e tests and the BFF tests: do not rename them. ID numbers use sequence codes ≥ 900, which
 * generated people never use, so a background registry cannot collide with them.
 *
 * | id            | who                    | holds                                                              |
 * |---------------|------------------------|--------------------------------------------------------------------|
 * | c-zhangwei    | 张伟, person            | sole owner: flat in 成都市武侯区 + a parking space; no restrictions |
 * | c-lina        | 李娜, person            | flat 共同共有 with 王强 (青羊区) + shop 按份共有 1/2 (锦江区)          |
 * | c-wangqiang   | 王强, person (spouse)   | the joint flat                                                     |
 * | c-liuyang     | 刘洋, person            | flat in 绵阳市涪城区 with 抵押 + 查封; flat in 游仙区 with 预告 + 异议   |
 * | c-shujin      | 四川蜀锦置业有限公司       | 2 offices in 成都市锦江区, 2 shops in 德阳市旌阳区 (one mortgaged)      |
 * | c-chenjing    | 陈静, person            | nothing current (sold her flat to 张伟 in 2023) → empty state      |
 */
import { beijingIso } from '@bdc/shared/ids/normalize'
import { makeEnterpriseUscc, makeIdNumber, makeUnitCode } from './ids'
import type { citizens } from '../identity/identity.schema'
import type { restrictions, rightHolders, rights, units } from '../registry/registry.schema'

type CitizenRow = typeof citizens.$inferInsert
type UnitRow = typeof units.$inferInsert
type RightRow = typeof rights.$inferInsert
type HolderRow = typeof rightHolders.$inferInsert
type RestrictionRow = typeof restrictions.$inferInsert

const person = (id: string, name: string, division: string, birth: string, seq: number, phone: string, label: string | null, order: number | null): CitizenRow => ({
  id,
  name,
  kind: 'person',
  idType: '111',
  idNumber: makeIdNumber(division, birth, seq),
  phone,
  isDemo: label !== null,
  demoLabel: label,
  demoOrder: order,
})

export const SHUJIN_USCC = makeEnterpriseUscc('510100', '67890123')

export const DEMO_CITIZENS: CitizenRow[] = [
  person('c-zhangwei', '张伟', '510107', '19850612', 915, '13880152376', '张** · 个人 · 1 套住宅 + 车位', 1),
  person('c-lina', '李娜', '510104', '19880324', 926, '13981247735', '李** · 个人 · 夫妻共有住宅 + 按份共有商铺', 2),
  person('c-wangqiang', '王强', '510105', '19860917', 931, '18982106648', '王** · 个人 · 夫妻共有住宅', 3),
  person('c-liuyang', '刘洋', '510703', '19790205', 957, '13708165092', '刘** · 个人 · 有抵押、查封、预告、异议', 4),
  {
    id: 'c-shujin',
    name: '四川蜀锦置业有限公司',
    kind: 'organization',
    idType: '001',
    idNumber: SHUJIN_USCC,
    phone: '02886521234',
    isDemo: true,
    demoLabel: '四川蜀锦置业有限公司 · 企业 · 办公及商业用房 4 处',
    demoOrder: 5,
  },
  person('c-chenjing', '陈静', '510106', '19920715', 968, '15828063319', '陈** · 个人 · 名下暂无不动产', 6),
]

/** Not demo accounts: 李娜's co-owner of the shop, and 四川蜀锦置业's 法定代表人. */
export const DEMO_EXTRA_CITIZENS: CitizenRow[] = [
  person(`p-${makeIdNumber('510116', '19830409', 944)}`, '赵敏', '510116', '19830409', 944, '13551187420', null, null),
  person(`p-${makeIdNumber('510104', '19700823', 951)}`, '王建国', '510104', '19700823', 951, '13808012345', null, null),
]
const ZHAOMIN = DEMO_EXTRA_CITIZENS[0]!.id
/** 王建国, 法定代表人 of 四川蜀锦置业有限公司: his face is checked when the company's account steps up. */
export const SHUJIN_LEGAL_REP = DEMO_EXTRA_CITIZENS[1]!.id
/** organisation → its 法定代表人 (a person above), set after both rows exist. */
export const DEMO_LEGAL_REPS: Record<string, string> = { 'c-shujin': SHUJIN_LEGAL_REP }

export const DEMO_UNIT_CODES = {
  zhangweiFlat: makeUnitCode({ division: '510107', zone: '003', subzone: '012', parcelSeq: 218, building: 2, room: 123 }),
  zhangweiParking: makeUnitCode({ division: '510107', zone: '003', subzone: '012', parcelSeq: 218, building: 10, room: 86 }),
  jointFlat: makeUnitCode({ division: '510105', zone: '002', subzone: '005', parcelSeq: 731, building: 7, room: 86 }),
  linaShop: makeUnitCode({ division: '510104', zone: '001', subzone: '003', parcelSeq: 52, building: 1, room: 8 }),
  liuyangFlat: makeUnitCode({ division: '510703', zone: '004', subzone: '002', parcelSeq: 1265, building: 3, room: 22 }),
  liuyangFlat2: makeUnitCode({ division: '510704', zone: '002', subzone: '001', parcelSeq: 410, building: 5, room: 141 }),
  shujinOffice1: makeUnitCode({ division: '510104', zone: '001', subzone: '006', parcelSeq: 98, building: 1, room: 231 }),
  shujinOffice2: makeUnitCode({ division: '510104', zone: '001', subzone: '006', parcelSeq: 98, building: 1, room: 232 }),
  shujinShop1: makeUnitCode({ division: '510603', zone: '005', subzone: '003', parcelSeq: 317, building: 1, room: 1 }),
  shujinShop2: makeUnitCode({ division: '510603', zone: '005', subzone: '003', parcelSeq: 317, building: 1, room: 2 }),
}
const U = DEMO_UNIT_CODES

const unit = (bdcdyh: string, qxdm: string, qxmc: string, zl: string, yt: string, jzmj: number, zyjzmj: number, zdmj: number, fwjg: string, szc: number, zcs: number, jgnf: number): UnitRow => ({
  bdcdyh,
  qxdm,
  qxmc,
  zl,
  yt,
  jzmj,
  zyjzmj,
  ftjzmj: Math.round((jzmj - zyjzmj) * 100) / 100,
  zdmj,
  fwjg,
  szc,
  zcs,
  jgnf,
})

export const DEMO_UNITS: UnitRow[] = [
  unit(U.zhangweiFlat, '510107', '成都市武侯区', '四川省成都市武侯区天府大道北段1700号锦城壹号2栋1单元1803号', 'residential', 98.56, 80.12, 23456.78, 'steel_concrete', 18, 33, 2015),
  unit(U.zhangweiParking, '510107', '成都市武侯区', '四川省成都市武侯区天府大道北段1700号锦城壹号地下车库负二层B2-086号车位', 'parking', 32.5, 12.5, 23456.78, 'steel_concrete', -2, 2, 2015),
  unit(U.jointFlat, '510105', '成都市青羊区', '四川省成都市青羊区光华大道三段1588号蜀都华府7栋2单元1202号', 'residential', 126.34, 101.87, 41230.5, 'steel_concrete', 12, 32, 2017),
  unit(U.linaShop, '510104', '成都市锦江区', '四川省成都市锦江区春熙路南段8号春熙商业广场1栋1层108号', 'commercial', 56.78, 41.2, 6820.35, 'steel_concrete', 1, 3, 2008),
  unit(U.liuyangFlat, '510703', '绵阳市涪城区', '四川省绵阳市涪城区临园路东段66号涪江名苑3栋1单元602号', 'residential', 112.45, 91.03, 18760.22, 'steel_concrete', 6, 18, 2012),
  unit(U.liuyangFlat2, '510704', '绵阳市游仙区', '四川省绵阳市游仙区东津路18号芙蓉汉城5栋3单元1101号', 'residential', 89.2, 72.66, 35210.4, 'steel_concrete', 11, 26, 2019),
  unit(U.shujinOffice1, '510104', '成都市锦江区', '四川省成都市锦江区东大街下东大街段99号蜀都国际金融中心1栋23层2301号', 'office', 356.8, 262.45, 12840.6, 'steel', 23, 48, 2016),
  unit(U.shujinOffice2, '510104', '成都市锦江区', '四川省成都市锦江区东大街下东大街段99号蜀都国际金融中心1栋23层2302号', 'office', 218.4, 160.65, 12840.6, 'steel', 23, 48, 2016),
  unit(U.shujinShop1, '510603', '德阳市旌阳区', '四川省德阳市旌阳区长江西路二段18号天府商务广场1栋1层101号', 'commercial', 245.6, 176.83, 9650.0, 'steel_concrete', 1, 5, 2014),
  unit(U.shujinShop2, '510603', '德阳市旌阳区', '四川省德阳市旌阳区长江西路二段18号天府商务广场1栋1层102号', 'commercial', 180.35, 129.85, 9650.0, 'steel_concrete', 1, 5, 2014),
]

const CD = '成都市不动产登记中心'
const MY = '绵阳市不动产登记中心'
const DY = '德阳市不动产登记中心'

const right = (
  id: string,
  bdcdyh: string,
  bdcqzh: string,
  gyfs: string,
  djsj: string,
  djjg: string,
  syqxQ: string,
  syqxZ: string,
  qlqtzk: string | null,
  fj: string | null,
  status: 'current' | 'historical' = 'current',
): RightRow => ({ id, bdcdyh, bdcqzh, qllx: 'state_land_building', qlxz: 'transfer', gyfs, djsj, djjg, syqxQ, syqxZ, qlqtzk, fj, status })

export const DEMO_RIGHTS: RightRow[] = [
  right('r-demo-zw-flat-prev', U.zhangweiFlat, '川(2016)成都市不动产权第0087654号', 'sole', '2016-07-22', CD, '2012-03-01', '2082-02-28', '专有建筑面积：80.12㎡，分摊建筑面积：18.44㎡', null, 'historical'),
  right('r-demo-zw-flat', U.zhangweiFlat, '川(2023)成都市不动产权第0012345号', 'sole', '2023-04-18', CD, '2012-03-01', '2082-02-28', '专有建筑面积：80.12㎡，分摊建筑面积：18.44㎡；房屋结构：钢混结构；总层数：33层', '2023年4月18日转移登记（买卖）'),
  right('r-demo-zw-parking', U.zhangweiParking, '川(2023)成都市不动产权第0012346号', 'sole', '2023-06-09', CD, '2012-03-01', '2082-02-28', '车位建筑面积：32.5㎡，其中专有面积：12.5㎡', null),
  right('r-demo-joint-flat', U.jointFlat, '川(2019)成都市不动产权第0345678号', 'joint', '2019-09-06', CD, '2014-05-20', '2084-05-19', '专有建筑面积：101.87㎡，分摊建筑面积：24.47㎡；房屋结构：钢混结构；总层数：32层', '夫妻共同共有'),
  right('r-demo-lina-shop', U.linaShop, '川(2021)成都市不动产权第0567890号', 'shares', '2021-11-25', CD, '2005-08-01', '2045-07-31', '专有建筑面积：41.2㎡，分摊建筑面积：15.58㎡', '按份共有，各占1/2'),
  right('r-demo-ly-flat', U.liuyangFlat, '川(2021)绵阳市不动产权第0023451号', 'sole', '2021-06-18', MY, '2009-11-10', '2079-11-09', '专有建筑面积：91.03㎡，分摊建筑面积：21.42㎡；房屋结构：钢混结构；总层数：18层', null),
  right('r-demo-ly-flat2', U.liuyangFlat2, '川(2024)绵阳市不动产权第0045678号', 'sole', '2024-03-28', MY, '2016-04-15', '2086-04-14', '专有建筑面积：72.66㎡，分摊建筑面积：16.54㎡；房屋结构：钢混结构；总层数：26层', null),
  right('r-demo-sj-office1', U.shujinOffice1, '川(2018)成都市不动产权第0233301号', 'sole', '2018-01-16', CD, '2012-06-30', '2052-06-29', '专有建筑面积：262.45㎡，分摊建筑面积：94.35㎡', null),
  right('r-demo-sj-office2', U.shujinOffice2, '川(2018)成都市不动产权第0233302号', 'sole', '2018-01-16', CD, '2012-06-30', '2052-06-29', '专有建筑面积：160.65㎡，分摊建筑面积：57.75㎡', null),
  right('r-demo-sj-shop1', U.shujinShop1, '川(2020)德阳市不动产权第0011201号', 'sole', '2020-08-12', DY, '2011-09-01', '2051-08-31', '专有建筑面积：176.83㎡，分摊建筑面积：68.77㎡', null),
  right('r-demo-sj-shop2', U.shujinShop2, '川(2020)德阳市不动产权第0011202号', 'sole', '2020-08-12', DY, '2011-09-01', '2051-08-31', '专有建筑面积：129.85㎡，分摊建筑面积：50.5㎡', null),
]

export const DEMO_HOLDERS: HolderRow[] = [
  { rightId: 'r-demo-zw-flat-prev', citizenId: 'c-chenjing', share: null, ord: 0 },
  { rightId: 'r-demo-zw-flat', citizenId: 'c-zhangwei', share: null, ord: 0 },
  { rightId: 'r-demo-zw-parking', citizenId: 'c-zhangwei', share: null, ord: 0 },
  { rightId: 'r-demo-joint-flat', citizenId: 'c-lina', share: null, ord: 0 },
  { rightId: 'r-demo-joint-flat', citizenId: 'c-wangqiang', share: null, ord: 1 },
  { rightId: 'r-demo-lina-shop', citizenId: 'c-lina', share: '1/2', ord: 0 },
  { rightId: 'r-demo-lina-shop', citizenId: ZHAOMIN, share: '1/2', ord: 1 },
  { rightId: 'r-demo-ly-flat', citizenId: 'c-liuyang', share: null, ord: 0 },
  { rightId: 'r-demo-ly-flat2', citizenId: 'c-liuyang', share: null, ord: 0 },
  { rightId: 'r-demo-sj-office1', citizenId: 'c-shujin', share: null, ord: 0 },
  { rightId: 'r-demo-sj-office2', citizenId: 'c-shujin', share: null, ord: 0 },
  { rightId: 'r-demo-sj-shop1', citizenId: 'c-shujin', share: null, ord: 0 },
  { rightId: 'r-demo-sj-shop2', citizenId: 'c-shujin', share: null, ord: 0 },
]

/** YYYY-MM-DD `n` days after `day`. */
const dayAfter = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
/** Three days before this process started, Beijing date. */
const OBJECTION_FILED = dayAfter(beijingIso(Date.now()).slice(0, 10), -3)

export const DEMO_RESTRICTIONS: RestrictionRow[] = [
  // 张伟's flat: 陈静's mortgage, released when she sold it (must not show as current)
  {
    id: 'x-demo-zw-old-mortgage',
    bdcdyh: U.zhangweiFlat,
    xzlx: 'mortgage',
    djsj: '2016-07-22',
    jg: '中国工商银行股份有限公司四川省分行',
    wh: '川(2016)成都市不动产证明第0098765号',
    qxQ: '2016-07-22',
    qxZ: '2036-07-21',
    bdbzzqse: 96,
    bz: '一般抵押；2023年4月10日注销',
    status: 'released',
  },
  {
    id: 'x-demo-ly-mortgage',
    bdcdyh: U.liuyangFlat,
    xzlx: 'mortgage',
    djsj: '2021-06-18',
    jg: '中国建设银行股份有限公司绵阳分行',
    wh: '川(2021)绵阳市不动产证明第0023456号',
    qxQ: '2021-06-18',
    qxZ: '2041-06-17',
    bdbzzqse: 78.5,
    bz: '一般抵押',
    status: 'current',
  },
  {
    id: 'x-demo-ly-seal',
    bdcdyh: U.liuyangFlat,
    xzlx: 'seal',
    djsj: '2025-09-15',
    jg: '绵阳市涪城区人民法院',
    wh: '（2025）川0703执保123号',
    qxQ: '2025-09-15',
    qxZ: '2028-09-14',
    bdbzzqse: null,
    bz: '查封期限三年',
    status: 'current',
  },
  {
    id: 'x-demo-ly2-advance',
    bdcdyh: U.liuyangFlat2,
    xzlx: 'advance_notice',
    djsj: '2026-10-20',
    jg: '孙丽萍',
    jglx: 'person',
    wh: '川(2026)绵阳市不动产证明第0061234号',
    qxQ: null,
    qxZ: null,
    bdbzzqse: null,
    bz: '房屋所有权转移预告登记（买卖）',
    status: 'current',
  },
  {
    // filed three days before the demo registry was seeded, so it is in force for its fifteen days
    id: 'x-demo-ly2-objection',
    bdcdyh: U.liuyangFlat2,
    xzlx: 'objection',
    djsj: OBJECTION_FILED,
    jg: '周建华',
    jglx: 'person',
    wh: '川(2026)绵阳市不动产证明第0063456号',
    qxQ: OBJECTION_FILED,
    qxZ: dayAfter(OBJECTION_FILED, 15),
    bdbzzqse: null,
    bz: '异议登记之日起十五日内申请人应提起诉讼，逾期异议登记失效',
    status: 'current',
  },
  {
    // an earlier 异议 whose applicant did not sue within fifteen days: lapsed, listed apart as 已到期
    id: 'x-demo-ly2-objection-lapsed',
    bdcdyh: U.liuyangFlat2,
    xzlx: 'objection',
    djsj: '2025-03-03',
    jg: '周建华',
    jglx: 'person',
    wh: '川(2025)绵阳市不动产证明第0012877号',
    qxQ: '2025-03-03',
    qxZ: '2025-03-18',
    bdbzzqse: null,
    bz: '异议登记之日起十五日内申请人应提起诉讼，逾期异议登记失效',
    status: 'current',
  },
  {
    id: 'x-demo-sj-mortgage',
    bdcdyh: U.shujinShop1,
    xzlx: 'mortgage',
    djsj: '2022-03-08',
    jg: '四川银行股份有限公司德阳分行',
    wh: '川(2022)德阳市不动产证明第0005321号',
    qxQ: '2022-03-08',
    qxZ: '2027-03-07',
    bdbzzqse: 150,
    bz: '最高额抵押',
    status: 'current',
  },
]
