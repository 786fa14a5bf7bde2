import { createRoute, z } from '@hono/zod-openapi'
import {
  ApplicationDetailSchema,
  ApplicationIdParam,
  ApplicationListSchema,
  ApplicationTypeListSchema,
  CreateApplicationBodySchema,
  MaterialIdParam,
  MaterialSchema,
  RatingBodySchema,
  RatingSchema,
  SaveDraftBodySchema,
  SubmitBodySchema,
} from '@bdc/shared/applications'
import { OkSchema } from '@bdc/shared/api'
import { UPLOAD_MAX_BYTES } from '@bdc/shared/applications-dict'
import { BODY_INVALID, binaryContent, csrfFailed, errorResponse as err, jsonBody, jsonContent, upstreamErrors } from '../../lib/openapi'
import { sessionRoute, stepUpRoute } from '../sessions/sessions.index'

const tags = ['applications']
const notFound = err('申请不存在或不是本人的申请', ['APPLICATION_NOT_FOUND'])
const notDraft = err('申请已提交，不能再修改', ['APPLICATION_NOT_DRAFT'])
const badId = err('申请编号不正确', ['VALIDATION_FAILED'])
const badIds = err('编号不正确', ['VALIDATION_FAILED'])

/** Body limit of the photo upload route alone (multipart overhead on top of the photo limit). */
export const APPLICATION_UPLOAD_LIMIT = UPLOAD_MAX_BYTES + 256 * 1024
export const isApplicationUpload = (path: string) => /^\/api\/applications\/[^/]+\/materials$/.test(path)

export const listTypesRoute = sessionRoute({
  method: 'get',
  path: '/applications/types',
  tags,
  summary: '可在线申请的事项（表单字段、所需材料）、申请书/承诺书文本、好差评等级与标签',
  responses: { 200: jsonContent(ApplicationTypeListSchema, '事项列表') },
})

export const createApplicationRoute = sessionRoute({
  method: 'post',
  path: '/applications',
  tags,
  summary: '为本人名下的不动产创建申请草稿（表单由登记簿预填）；同一事项同一不动产已有草稿时返回该草稿',
  request: { body: jsonBody(CreateApplicationBodySchema) },
  responses: {
    200: jsonContent(ApplicationDetailSchema, '已有的草稿'),
    201: jsonContent(ApplicationDetailSchema, '新草稿'),
    400: err('参数不正确', BODY_INVALID),
    403: csrfFailed,
    404: err('不动产不存在或不在本人名下', ['PROPERTY_NOT_FOUND']),
    409: err('该不动产不符合办理此事项的条件', ['APPLICATION_NOT_ELIGIBLE']),
    ...upstreamErrors,
  },
})

export const listApplicationsRoute = sessionRoute({
  method: 'get',
  path: '/applications',
  tags,
  summary: '我的申请（含草稿），新的在前',
  responses: { 200: jsonContent(ApplicationListSchema, '申请列表') },
})

export const getApplicationRoute = sessionRoute({
  method: 'get',
  path: '/applications/{id}',
  tags,
  summary: '申请详情：表单、材料、尚缺项、办件进度时间线、评价',
  request: { params: ApplicationIdParam },
  responses: { 200: jsonContent(ApplicationDetailSchema, '申请详情'), 400: badId, 404: notFound },
})

export const saveDraftRoute = sessionRoute({
  method: 'patch',
  path: '/applications/{id}',
  tags,
  summary: '保存草稿（部分字段；空字符串清除该项；登记簿预填项不可改）',
  request: { params: ApplicationIdParam, body: jsonBody(SaveDraftBodySchema) },
  responses: {
    200: jsonContent(ApplicationDetailSchema, '已保存'),
    400: err('字段不正确（details 逐项说明）', BODY_INVALID),
    403: csrfFailed,
    404: notFound,
    409: notDraft,
  },
})

export const deleteDraftRoute = sessionRoute({
  method: 'delete',
  path: '/applications/{id}',
  tags,
  summary: '删除草稿',
  request: { params: ApplicationIdParam },
  responses: { 200: jsonContent(OkSchema, '已删除'), 400: badId, 403: csrfFailed, 404: notFound, 409: notDraft },
})

const UploadFormSchema = z.object({
  file: z.any().optional().meta({ type: 'string', format: 'binary', description: '照片（JPEG/PNG/WebP，≤ 10 MB）' }),
  kind: z.string({ message: '请选择材料类型' }).min(1, '请选择材料类型').max(40, '材料类型不正确'),
})

export const uploadMaterialRoute = sessionRoute({
  method: 'post',
  path: '/applications/{id}/materials',
  tags,
  summary: '上传一张材料照片（multipart/form-data：file 与 kind）；校验类型、大小、尺寸，去除 EXIF 后重新编码为 JPEG 加密保存',
  request: { params: ApplicationIdParam, body: { content: { 'multipart/form-data': { schema: UploadFormSchema } }, required: true } },
  responses: {
    201: jsonContent(MaterialSchema, '已保存的材料'),
    // MALFORMED_JSON: hono answers a multipart body that does not parse as it does malformed JSON
    400: err('未选择照片、照片损坏、尺寸异常或材料类型不正确', [
      'VALIDATION_FAILED',
      'MALFORMED_JSON',
      'UPLOAD_MISSING',
      'UPLOAD_CORRUPT',
      'UPLOAD_DIMENSIONS',
      'MATERIAL_KIND_INVALID',
    ]),
    403: csrfFailed,
    404: notFound,
    409: err('申请已提交，或该材料照片已达上限', ['APPLICATION_NOT_DRAFT', 'MATERIAL_TOO_MANY']),
    413: err('照片超过 10 MB', ['UPLOAD_TOO_LARGE']),
    415: err('不是 JPEG/PNG/WebP 照片', ['UPLOAD_TYPE_UNSUPPORTED']),
  },
})

export const materialPreviewRoute = sessionRoute({
  method: 'get',
  path: '/applications/{id}/materials/{materialId}/preview',
  tags,
  summary: '材料照片（默认缩略图，size=full 为规范化后的大图），仅本人可取',
  request: { params: MaterialIdParam, query: z.object({ size: z.enum(['thumb', 'full']).default('thumb') }) },
  responses: {
    200: binaryContent('image/jpeg', 'JPEG'),
    400: badIds,
    404: err('材料不存在或不是本人的', ['MATERIAL_NOT_FOUND']),
  },
})

export const deleteMaterialRoute = sessionRoute({
  method: 'delete',
  path: '/applications/{id}/materials/{materialId}',
  tags,
  summary: '删除一张材料照片（仅草稿）',
  request: { params: MaterialIdParam },
  responses: {
    200: jsonContent(OkSchema, '已删除'),
    400: badIds,
    403: csrfFailed,
    404: err('材料不存在', ['APPLICATION_NOT_FOUND', 'MATERIAL_NOT_FOUND']),
    409: notDraft,
  },
})

export const submitRoute = stepUpRoute({
  method: 'post',
  path: '/applications/{id}/submit',
  tags,
  summary: '确认申请书和承诺书并提交（需近期人脸核验）；省级系统暂不可用时进入待推送，恢复后自动推送',
  request: { params: ApplicationIdParam, body: jsonBody(SubmitBodySchema) },
  responses: {
    200: jsonContent(ApplicationDetailSchema, '已提交（已提交并有接件编码，或待推送）'),
    400: err('未确认申请书/承诺书', BODY_INVALID),
    403: err('需要人脸核验（FACE_CHECK_REQUIRED）或 CSRF 校验失败', ['FACE_CHECK_REQUIRED', 'CSRF_REJECTED']),
    404: notFound,
    409: notDraft,
    422: err('缺少必填项或材料（details 列出每一项）', ['APPLICATION_INCOMPLETE']),
  },
})

export const rateRoute = sessionRoute({
  method: 'post',
  path: '/applications/{id}/rating',
  tags,
  summary: '好差评：办结后评价一次（5 级；不满意、非常不满意须填写原因）',
  request: { params: ApplicationIdParam, body: jsonBody(RatingBodySchema) },
  responses: {
    201: jsonContent(RatingSchema, '已评价'),
    400: err('评价内容不正确', BODY_INVALID),
    403: csrfFailed,
    404: notFound,
    409: err('尚未办结，或已评价过', ['RATING_NOT_ALLOWED', 'RATING_ALREADY_GIVEN']),
  },
})

const CallbackResultSchema = z.object({ ok: z.literal(true), duplicate: z.boolean() }).meta({ id: 'CallbackResult' })

export const progressCallbackRoute = createRoute({
  method: 'post',
  path: '/callbacks/intake-progress',
  tags: ['callbacks'],
  summary:
    '省级办件进度推送（系统间接口，无会话）：X-Intake-Event-Id、X-Intake-Timestamp（毫秒）、X-Intake-Signature = hex(HMAC-SM3(key, eventId\\ntimestamp\\nbody))',
  responses: {
    200: jsonContent(CallbackResultSchema, '已接收（重放的事件返回 duplicate: true，不重复处理）'),
    400: err('内容不正确', ['MALFORMED_JSON', 'VALIDATION_FAILED']),
    401: err('签名无效或时间戳超出 ±5 分钟', ['CALLBACK_SIGNATURE_INVALID', 'CALLBACK_STALE']),
    404: err('未知的申请', ['APPLICATION_NOT_FOUND']),
  },
})
