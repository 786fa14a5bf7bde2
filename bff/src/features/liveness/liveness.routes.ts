import { z } from '@hono/zod-openapi'
import { BODY_INVALID, errorResponse as err, jsonBody, jsonContent, upstreamErrors } from '../../lib/openapi'
import { sessionRoute } from '../sessions/sessions.index'
import { ACTIONS, COLOURS } from '@bdc/face'

/** Upload limit of the answer route alone (every other API route keeps the global 64 KB). */
export const LIVENESS_BODY_LIMIT = 6 * 1024 * 1024
/**
 * The answer's JSON as it may arrive (checked while streaming, before any parse): {nonce, frames:
 * [{t, step, image}]} is 3 deep, ≤ 24 frames, images ≤ 280 000 base64 characters, no escapes needed.
 */
export const LIVENESS_BODY_GUARD = { maxDepth: 3, maxItems: 32, maxStringBytes: 300_000, maxEscapes: 64, maxLiteralBytes: 24 }
export const isLivenessUpload = (path: string) => /^\/api\/liveness\/challenges\/[^/]+\/answer$/.test(path)

const StepSchema = z.object({
  index: z.number().int(),
  kind: z.enum(['neutral', 'flash', 'action']),
  prompt: z.string(),
  action: z.enum(ACTIONS).optional(),
  colour: z.enum(COLOURS).optional(),
  hex: z.string().optional(),
})

export const FaceHolderSchema = z
  .object({ role: z.enum(['self', 'legal_representative']), name: z.string(), prompt: z.string() })
  .meta({ id: 'LivenessFaceHolder' })

export const ChallengeSchema = z
  .object({
    id: z.uuid(),
    nonce: z.string(),
    expiresAt: z.string(),
    /** Whose face is asked: the citizen's own, or (company accounts) the 法定代表人's, name masked. */
    face: FaceHolderSchema,
    steps: z.array(StepSchema),
    frames: z.object({ min: z.number().int(), max: z.number().int(), maxBytes: z.number().int(), minNeutral: z.number().int() }),
  })
  .meta({ id: 'LivenessChallenge' })

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

export const AnswerBodySchema = z
  .object({
    nonce: z.string({ message: '缺少 nonce' }).min(16, 'nonce 格式不正确').max(64, 'nonce 格式不正确'),
    frames: z
      .array(
        z.object({
          t: z.number({ message: '缺少拍摄时间 t（毫秒）' }).int('拍摄时间须为整数毫秒').min(0, '拍摄时间不能为负').max(120_000, '拍摄时间过长'),
          step: z.number({ message: '缺少步骤编号 step' }).int('步骤编号须为整数').min(0, '步骤编号不能为负').max(16, '步骤编号超出范围'),
          image: z.string({ message: '缺少图片' }).min(100, '图片内容为空或不完整').max(280_000, '单帧图片过大').regex(BASE64, '图片须为 base64 编码的 JPEG/PNG'),
        }),
      )
      .min(6, '至少需要 6 帧画面')
      .max(24, '最多 24 帧画面'),
  })
  .meta({ id: 'LivenessAnswer' })

export const AnswerResultSchema = z
  .object({
    passed: z.boolean(),
    reasonCode: z.string().optional(),
    reason: z.string().optional(),
    stepUpExpiresAt: z.string().optional(),
    remainingAttempts: z.number().int(),
    /** Set when this failure locked the check (ISO time it lifts). */
    lockedUntil: z.string().optional(),
  })
  .meta({ id: 'LivenessResult' })

export const faceHolderRoute = sessionRoute({
  method: 'get',
  path: '/liveness/holder',
  tags: ['liveness'],
  summary: '由谁完成人脸识别：个人账号为本人，企业账号为其法定代表人（姓名已遮盖）',
  responses: {
    200: jsonContent(FaceHolderSchema, '须完成人脸识别的人'),
    422: err('企业账号未登记法定代表人', ['LIVENESS_NO_LEGAL_REPRESENTATIVE']),
    ...upstreamErrors,
  },
})

export const createChallengeRoute = sessionRoute({
  method: 'post',
  path: '/liveness/challenges',
  tags: ['liveness'],
  summary: '开始人脸核验：随机动作（2–3 个，随机顺序）、屏幕闪光颜色序列与截止时间',
  responses: {
    200: jsonContent(ChallengeSchema, '核验任务'),
    422: err('企业账号未登记法定代表人', ['LIVENESS_NO_LEGAL_REPRESENTATIVE']),
    429: err('失败次数过多，已锁定 30 分钟', ['LIVENESS_LOCKED']),
    ...upstreamErrors,
  },
})

export const answerChallengeRoute = sessionRoute({
  method: 'post',
  path: '/liveness/challenges/{id}/answer',
  tags: ['liveness'],
  summary: '提交连续拍摄的画面（base64 JSON，≤ 6 MB，6–24 帧）；每个任务只能提交一次',
  request: { params: z.object({ id: z.uuid('核验任务编号格式不正确') }), body: jsonBody(AnswerBodySchema) },
  responses: {
    200: jsonContent(AnswerResultSchema, '核验结果；未通过时给出具体原因'),
    400: err('画面数量、格式或步骤不符合要求', BODY_INVALID),
    404: err('任务不存在或不属于本会话', ['LIVENESS_CHALLENGE_NOT_FOUND']),
    409: err('任务已提交过（重放）', ['LIVENESS_CHALLENGE_USED']),
    410: err('任务已超时', ['LIVENESS_CHALLENGE_EXPIRED']),
    413: err('上传内容过大', ['PAYLOAD_TOO_LARGE']),
    422: err('无身份登记照片，或企业账号未登记法定代表人', ['LIVENESS_NO_REFERENCE', 'LIVENESS_NO_LEGAL_REPRESENTATIVE']),
    429: err('失败次数过多，已锁定', ['LIVENESS_LOCKED']),
    503: err('核验服务或省级服务暂不可用', ['LIVENESS_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']),
  },
})
