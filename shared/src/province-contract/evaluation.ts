/** 好差评 (the provincial service-rating sink): every rating of an application or an appointment. */
import { z } from 'zod'

/** POST /evaluation/ratings (好差评) — idempotent on ratingId. */
export const RatingPushRequest = z.object({
  ratingId: z.uuid(),
  serviceNo: z.string().min(1).max(40), // 办件编号 (the 接件编码)
  itemName: z.string().min(1).max(40), // 事项
  department: z.string().min(1).max(60), // 部门
  divisionCode: z.string().regex(/^\d{6}$/), // 区划
  channel: z.string().min(1).max(20), // 渠道
  level: z.number().int().min(1).max(5),
  levelLabel: z.string(),
  tags: z.array(z.string().max(20)).max(10),
  text: z.string().max(500).nullable(),
  reason: z.string().max(500).nullable(),
  ratedAt: z.string(),
})
export type RatingPushRequest = z.infer<typeof RatingPushRequest>
export const RatingPushResponse = z.object({ ok: z.literal(true), duplicate: z.boolean() })
