import { index, integer, text } from 'drizzle-orm/pg-core'
import { province, ts } from '../db/columns'

/** 好差评 sink: one row per rating id (a retried push is a no-op). */
export const ratingRecords = province.table(
  'rating_records',
  {
    ratingId: text('rating_id').primaryKey(),
    serviceNo: text('service_no').notNull(), // 办件编号
    itemName: text('item_name').notNull(), // 事项
    department: text('department').notNull(), // 部门
    divisionCode: text('division_code').notNull(), // 区划
    channel: text('channel').notNull(), // 渠道
    level: integer('level').notNull(),
    levelLabel: text('level_label').notNull(),
    tags: text('tags').array().notNull(),
    text: text('text'),
    reason: text('reason'),
    ratedAt: ts('rated_at').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [index('rating_records_service_idx').on(t.serviceNo)],
)
