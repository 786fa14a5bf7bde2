/** 不动产登记信息: units, rights, their holders, restrictions, and the address search keys. */
import { sql } from 'drizzle-orm'
import { index, integer, numeric, primaryKey, text } from 'drizzle-orm/pg-core'
import { area, province, ymd } from '../db/columns'
import { citizens } from '../identity/identity.schema'

/** 不动产单元 and its natural facts (自然状况). */
export const units = province.table('units', {
  bdcdyh: text('bdcdyh').primaryKey(), // 28-character 不动产单元号
  qxdm: text('qxdm').notNull(),
  qxmc: text('qxmc').notNull(),
  zl: text('zl').notNull(),
  yt: text('yt').notNull(),
  jzmj: area('jzmj').notNull(),
  zyjzmj: area('zyjzmj'),
  ftjzmj: area('ftjzmj'),
  zdmj: area('zdmj'),
  fwjg: text('fwjg').notNull(),
  szc: integer('szc').notNull(),
  zcs: integer('zcs').notNull(),
  jgnf: integer('jgnf'),
})

/** 权利 (registered rights; one current right per unit, earlier ones historical). */
export const rights = province.table(
  'rights',
  {
    id: text('id').primaryKey(),
    bdcdyh: text('bdcdyh')
      .notNull()
      .references(() => units.bdcdyh),
    bdcqzh: text('bdcqzh').notNull(),
    qllx: text('qllx').notNull(),
    qlxz: text('qlxz').notNull(),
    gyfs: text('gyfs').notNull(),
    djsj: ymd('djsj').notNull(),
    djjg: text('djjg').notNull(),
    syqxQ: ymd('syqx_q'),
    syqxZ: ymd('syqx_z'),
    qlqtzk: text('qlqtzk'),
    fj: text('fj'),
    status: text('status', { enum: ['current', 'historical'] }).notNull(),
  },
  (t) => [index('rights_bdcdyh_idx').on(t.bdcdyh, t.status), index('rights_bdcqzh_idx').on(t.bdcqzh)],
)

/** 权利人 of a right (several for 共同共有 / 按份共有). */
export const rightHolders = province.table(
  'right_holders',
  {
    rightId: text('right_id')
      .notNull()
      .references(() => rights.id),
    citizenId: text('citizen_id')
      .notNull()
      .references(() => citizens.id),
    share: text('share'), // "1/2" for 按份共有, null otherwise
    ord: integer('ord').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.rightId, t.citizenId] }), index('right_holders_citizen_idx').on(t.citizenId)],
)

/** 限制/负担: 抵押、查封、异议、预告 … */
export const restrictions = province.table(
  'restrictions',
  {
    id: text('id').primaryKey(),
    bdcdyh: text('bdcdyh')
      .notNull()
      .references(() => units.bdcdyh),
    xzlx: text('xzlx').notNull(),
    djsj: ymd('djsj').notNull(),
    jg: text('jg').notNull(),
    /** Whether `jg` is an organisation (bank, court) or a private person (异议申请人, 预告权利人…): persons are masked by the BFF. */
    jglx: text('jglx', { enum: ['person', 'organization'] })
      .notNull()
      .default('organization'),
    wh: text('wh').notNull(),
    qxQ: ymd('qx_q'),
    qxZ: ymd('qx_z'),
    bdbzzqse: numeric('bdbzzqse', { precision: 14, scale: 2, mode: 'number' }),
    bz: text('bz'),
    status: text('status', { enum: ['current', 'released'] }).notNull(),
  },
  (t) => [index('restrictions_bdcdyh_idx').on(t.bdcdyh, t.status)],
)

/**
 * Address search keys (坐落检索): every suffix of a unit's 坐落 that starts after a word boundary
 * (省 市 区 县 路 街 道 段 号 栋 元 层 巷 村 镇), so partial input such as 「天府大道北段1号」 or
 * 「3栋2单元」 is a prefix of some key. A btree with text_pattern_ops answers `key LIKE 'q%'` in
 * O(log n) on PostgreSQL and PGlite alike (pg_trgm drops CJK characters under the C locale, and
 * PGlite would need it passed to its constructor). Filled by a statement-level trigger on
 * `units` (see the address_search migration), so every way of inserting units keeps it complete.
 */
export const unitAddressKeys = province.table(
  'unit_address_keys',
  {
    key: text('key').notNull(),
    bdcdyh: text('bdcdyh').notNull(),
  },
  (t) => [index('unit_address_keys_key_idx').using('btree', sql`${t.key} text_pattern_ops`), index('unit_address_keys_unit_idx').on(t.bdcdyh)],
)
