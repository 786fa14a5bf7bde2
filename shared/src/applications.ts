/**
 * API shapes of online applications (互联网接件), progress (办件进度) and 好差评. The BFF validates
 * and documents with these; the app imports only the inferred types (and the zod-free
 * './applications-dict' for labels, fields, materials and rating options).
 */
import { z } from 'zod'
import { UnitCodeParam } from './api'
import {
  APPLICATION_STATUSES,
  APPLICATION_TYPE_CODES,
  RATING_REASON_REQUIRED_BELOW,
  RATING_TAGS,
  STATEMENTS_VERSION,
} from './applications-dict'

export const ApplicationTypeCodeSchema = z.enum(APPLICATION_TYPE_CODES, { message: '申请事项不正确' })
export const ApplicationStatusSchema = z.enum(APPLICATION_STATUSES)

const FieldDefSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'textarea', 'select', 'phone']),
  required: z.boolean(),
  fromRegistry: z.boolean().optional().meta({ description: '由登记簿预填、不可修改' }),
  options: z.array(z.string()).optional(),
  maxLength: z.number().int(),
  placeholder: z.string().optional(),
})
const MaterialDefSchema = z.object({
  code: z.string(),
  label: z.string(),
  hint: z.string(),
  required: z.boolean(),
  maxFiles: z.number().int(),
})

export const ApplicationTypeSchema = z
  .object({
    code: ApplicationTypeCodeSchema,
    label: z.string(),
    hint: z.string(),
    department: z.string(),
    fields: z.array(FieldDefSchema),
    materials: z.array(MaterialDefSchema),
  })
  .meta({ id: 'ApplicationType' })

export const ApplicationTypeListSchema = z
  .object({
    items: z.array(ApplicationTypeSchema),
    statements: z.object({
      version: z.string(),
      declaration: z.string().meta({ description: '申请书' }),
      commitment: z.string().meta({ description: '承诺书' }),
    }),
    rating: z.object({
      levels: z.array(z.object({ level: z.number().int(), label: z.string() })),
      tags: z.array(z.string()),
      reasonRequiredBelow: z.number().int().meta({ description: '低于此等级（不满意、非常不满意）须填写原因' }),
    }),
  })
  .meta({ id: 'ApplicationTypeList' })

export const ApplicationIdParam = z.object({ id: z.uuid({ message: '申请编号不正确' }) })
export const MaterialIdParam = z.object({ id: z.uuid({ message: '申请编号不正确' }), materialId: z.uuid({ message: '材料编号不正确' }) })

export const CreateApplicationBodySchema = z
  .object({
    type: ApplicationTypeCodeSchema,
    unitCode: UnitCodeParam,
  })
  .strict()

/** PATCH: any subset of the form's fields (string values); registry fields are ignored. '' clears a field. */
export const SaveDraftBodySchema = z
  .object({ form: z.record(z.string(), z.string().max(1000, '内容过长')) })
  .strict()

export const SubmitBodySchema = z
  .object({
    statementsVersion: z.literal(STATEMENTS_VERSION, { message: '申请书/承诺书已更新，请重新阅读后确认' }),
    declarationConfirmed: z.literal(true, { message: '请阅读并确认申请书' }),
    commitmentConfirmed: z.literal(true, { message: '请阅读并确认承诺书' }),
  })
  .strict()

export const MaterialSchema = z
  .object({
    id: z.uuid(),
    kind: z.string().meta({ description: '材料代码（见事项的 materials）' }),
    width: z.number().int(),
    height: z.number().int(),
    bytes: z.number().int().meta({ description: '规范化后的 JPEG 大小' }),
    createdAt: z.string(),
    previewUrl: z.string().meta({ description: '缩略图 GET 路径（需登录，本人可见）；加 ?size=full 取大图' }),
  })
  .meta({ id: 'ApplicationMaterial' })

export const TimelineEventSchema = z
  .object({
    status: ApplicationStatusSchema,
    label: z.string(),
    at: z.string().meta({ description: '该步骤发生时间（省级系统时间，ISO 8601）' }),
    note: z.string().nullable().meta({ description: '说明，补正/不予受理时为原因' }),
    source: z.enum(['citizen', 'bff', 'province']),
  })
  .meta({ id: 'TimelineEvent' })

export const RatingBodySchema = z
  .object({
    level: z.number({ message: '请选择评价等级' }).int().min(1, '评价等级不正确').max(5, '评价等级不正确'),
    tags: z.array(z.enum(RATING_TAGS, { message: '评价标签不正确' })).max(10).default([]),
    text: z.string().trim().max(500, '评价内容不能超过 500 字').optional(),
    reason: z.string().trim().max(500, '原因不能超过 500 字').optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.level < RATING_REASON_REQUIRED_BELOW && !(b.reason && b.reason.length >= 2)) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '选择“不满意”或“非常不满意”时请填写原因' })
    }
  })

export const RatingSchema = z
  .object({
    id: z.uuid(),
    level: z.number().int(),
    label: z.string(),
    tags: z.array(z.string()),
    text: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    pushed: z.boolean().meta({ description: '是否已推送到省级好差评系统' }),
  })
  .meta({ id: 'Rating' })

/** 好差评 of an appointment (预约办理) after it took place. */
export const AppointmentRatingStateSchema = z
  .object({
    rating: RatingSchema.nullable(),
    canRate: z.boolean().meta({ description: '预约时段已结束、未取消且尚未评价' }),
  })
  .meta({ id: 'AppointmentRatingState' })

export const ApplicationSummarySchema = z
  .object({
    id: z.uuid(),
    type: ApplicationTypeCodeSchema,
    typeLabel: z.string(),
    unitCode: z.string(),
    location: z.string(),
    status: ApplicationStatusSchema,
    statusLabel: z.string(),
    receiptNo: z.string().nullable().meta({ description: '省级统一接件编码（推送成功后才有）' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
  })
  .meta({ id: 'ApplicationSummary' })

export const ApplicationListSchema = z.object({ items: z.array(ApplicationSummarySchema) }).meta({ id: 'ApplicationList' })

export const ApplicationDetailSchema = ApplicationSummarySchema.extend({
  applicant: z.object({ name: z.string().meta({ description: '已脱敏' }), idNumber: z.string().meta({ description: '已脱敏' }) }),
  form: z.record(z.string(), z.string()).meta({ description: '表单当前值（本人可见，未脱敏的联系电话等）' }),
  materials: z.array(MaterialSchema),
  missing: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .meta({ description: '提交前尚缺的必填项与材料（path 为 form.<key> 或 materials.<code>）' }),
  statusNote: z.string().nullable().meta({ description: '补正/不予受理的原因' }),
  timeline: z.array(TimelineEventSchema),
  rating: RatingSchema.nullable(),
  canRate: z.boolean(),
}).meta({ id: 'ApplicationDetail' })

export type ApplicationType = z.infer<typeof ApplicationTypeSchema>
export type ApplicationTypeList = z.infer<typeof ApplicationTypeListSchema>
export type CreateApplicationBody = z.infer<typeof CreateApplicationBodySchema>
export type SaveDraftBody = z.infer<typeof SaveDraftBodySchema>
export type SubmitBody = z.infer<typeof SubmitBodySchema>
export type ApplicationMaterial = z.infer<typeof MaterialSchema>
export type TimelineEvent = z.infer<typeof TimelineEventSchema>
export type RatingBody = z.input<typeof RatingBodySchema>
export type Rating = z.infer<typeof RatingSchema>
export type AppointmentRatingState = z.infer<typeof AppointmentRatingStateSchema>
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>
export type ApplicationList = z.infer<typeof ApplicationListSchema>
export type ApplicationDetail = z.infer<typeof ApplicationDetailSchema>
