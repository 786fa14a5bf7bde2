/**
 * 我的查询记录: who looked at the citizen's property and certificates — their own views, each
 * delegate's views and refusals, verifications of their certificates (the verifier stays
 * anonymous), restriction queries that hit their units (time only) and institutions' checks of their
 * certificates (institution name and the purpose consented to). Read-only, newest first.
 */
import { z } from 'zod'

export const ACCESS_RECORD_KINDS = ['self_view', 'delegate_view', 'delegate_refused', 'verification', 'restriction_query', 'proof_issued', 'institution_query'] as const
export type AccessRecordKind = (typeof ACCESS_RECORD_KINDS)[number]

/** What the record says happened, in plain words (the list's headline). */
export const ACCESS_RECORD_LABELS: Record<AccessRecordKind, string> = {
  self_view: '本人查看',
  delegate_view: '被授权人查看',
  delegate_refused: '被授权人访问被拒绝',
  verification: '证书被扫码核验',
  restriction_query: '他人限制查询',
  proof_issued: '开具查询结果证明',
  institution_query: '机构核验',
}

export const AccessRecordSchema = z
  .object({
    at: z.string().meta({ description: '时间（ISO 8601；显示为北京时间）' }),
    kind: z.enum(ACCESS_RECORD_KINDS),
    /** The unit concerned, when one is known. */
    unitCode: z.string().nullable(),
    location: z.string().nullable().meta({ description: '坐落' }),
    /** One line of detail in plain words: what was seen, by whom (masked), which channel, the outcome. */
    detail: z.string(),
  })
  .meta({ id: 'AccessRecord' })

export const AccessRecordListSchema = z
  .object({
    items: z.array(AccessRecordSchema),
    /** Pass as `before` to read older records; null when there are no more. */
    nextBefore: z.string().nullable(),
  })
  .meta({ id: 'AccessRecordList' })

export type AccessRecord = z.infer<typeof AccessRecordSchema>
export type AccessRecordList = z.infer<typeof AccessRecordListSchema>
