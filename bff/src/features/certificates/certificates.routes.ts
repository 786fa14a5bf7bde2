import { createRoute, z } from '@hono/zod-openapi'
import {
  CertificateDetailSchema,
  CertificateListSchema,
  FileVerificationSchema,
  LicenseIdParam,
  LiveCodeSchema,
  TrustListSchema,
  VerificationSchema,
  VerifyBodySchema,
} from '@bdc/shared/certificates/api'
import { BODY_INVALID, binaryContent, errorResponse as err, jsonBody, jsonContent, upstreamErrors } from '../../lib/openapi'
import { sessionRoute, stepUpRoute } from '../sessions/sessions.index'

const params = z.object({ licenseId: LicenseIdParam })
const tags = ['certificates']
/** Errors of every route on one of the citizen's own certificates. */
const ownCertificateErrors = {
  400: err('电子证照标识格式不正确', ['VALIDATION_FAILED']),
  404: err('不存在或不属于本人', ['CERTIFICATE_NOT_FOUND']),
  ...upstreamErrors,
}
const faceCheckRequired = '需要先完成人脸识别（FACE_CHECK_REQUIRED）'

export const listCertificatesRoute = sessionRoute({
  method: 'get',
  path: '/certificates',
  tags,
  summary: '本人的不动产电子证照（现势在前，含已注销/已换发的历史证照）',
  responses: { 200: jsonContent(CertificateListSchema, '电子证照列表'), ...upstreamErrors },
})

export const getCertificateRoute = sessionRoute({
  method: 'get',
  path: '/certificates/{licenseId}',
  tags,
  summary: '电子证照详情：证面各栏（姓名、证件号已脱敏）',
  request: { params },
  responses: { 200: jsonContent(CertificateDetailSchema, '证照详情'), ...ownCertificateErrors },
})

export const liveCodeRoute = stepUpRoute({
  method: 'post',
  path: '/certificates/{licenseId}/live-code',
  tags,
  summary: '亮证：签发 3 分钟有效的核验二维码内容（需人脸核验开关开启时先完成人脸识别）',
  request: { params },
  responses: {
    200: jsonContent(LiveCodeSchema, '亮证码'),
    ...ownCertificateErrors,
    403: err(faceCheckRequired, ['FACE_CHECK_REQUIRED', 'CSRF_REJECTED']),
    409: err('证照已注销，不能亮证', ['CERTIFICATE_CANCELLED']),
  },
})

export const pdfRoute = stepUpRoute({
  method: 'get',
  path: '/certificates/{licenseId}/pdf',
  tags,
  summary: '下载电子证照文件（由电子证照库出具并签章；注销证照带“注销”水印）',
  description:
    '文件由电子证照库出具、签章，本接口原样转发（含其媒体类型）：模拟环境为 PDF（内嵌 PDF 签名，adbe.pkcs7.detached，' +
    '签名证书由信任列表中的文档签名 CA 签发；红色印章；文件日期为登簿日期），生产环境为 OFD（GB/T 38540 SM2 电子印章）。' +
    '上游超时 UPSTREAM_FILE_TIMEOUT_MS。',
  request: { params },
  responses: {
    200: { description: '证照文件（PDF 或 OFD，原样转发）', content: { ...binaryContent('application/pdf', '').content, ...binaryContent('application/ofd', '').content } },
    ...ownCertificateErrors,
    403: err(faceCheckRequired, ['FACE_CHECK_REQUIRED']),
  },
})

export const trustListRoute = createRoute({
  method: 'get',
  path: '/certificates/trust-list',
  tags: ['verification'],
  summary: '公开：核验二维码签名公钥列表（SM2/SM3，含轮换前的旧密钥）',
  responses: { 200: jsonContent(TrustListSchema, '信任列表') },
})

export const verifyRoute = createRoute({
  method: 'post',
  path: '/certificates/verify',
  tags: ['verification'],
  summary: '公开：核验证照二维码（银行等机构系统对接用）',
  description:
    '无需登录。请求体 `code` 为二维码内容（完整 URL 或 /v/ 之后的部分）。先验签（SM2/SM3，按二维码中的密钥编号查信任列表），' +
    '再取电子证照库的现势状态：BFF 持续读取电子证照库的状态变更（约每 250 毫秒一次），以最近一次读取为准；' +
    '该证照首次被核验、或最近一次读取已超过 2 秒（STATUS_FEED_FRESH_MS）时，直接询问电子证照库。' +
    '结果为值而非错误：valid / cancelled / superseded / expired / bad_signature / unknown_key / malformed。' +
    '限流：同一客户端地址每分钟 60 次（计数存于数据库，多实例共享），超出返回 429 RATE_LIMITED 与 Retry-After。' +
    '每次核验（含因限流被拒绝的请求，结果记为 rate_limited）记录核验时间、证照标识与结果，不记录核验人的任何个人信息（包括 IP）。',
  request: { body: jsonBody(VerifyBodySchema) },
  responses: {
    200: jsonContent(VerificationSchema, '核验结果'),
    400: err('请求体格式不正确', BODY_INVALID),
    429: err('核验过于频繁', ['RATE_LIMITED']),
    ...upstreamErrors,
  },
})

export const verifyFileRoute = createRoute({
  method: 'post',
  path: '/certificates/verify-file',
  tags: ['verification'],
  summary: '公开：上传证照文件（PDF）核验是否为登记机构出具的原始文件、未被修改，以及证照当前状态',
  description:
    '无需登录。请求体为文件本身（Content-Type: application/pdf，不超过 2 MB）。BFF 计算 SHA-256（文件不保存、不转发），' +
    '询问电子证照库该摘要是否为其出具的文件；改动一个字节即不再是原始文件。限流：同一客户端地址每分钟 20 次（RATE_LIMITED）。' +
    '每次核验记录时间、证照标识与结果，不记录核验人的任何信息。',
  request: { body: { content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } }, required: true } },
  responses: {
    200: jsonContent(FileVerificationSchema, '核验结果（original 为 false 时不是原始文件或已被修改）'),
    413: err('文件过大', ['VERIFY_FILE_TOO_LARGE']),
    415: err('不是 PDF 文件', ['VERIFY_FILE_NOT_PDF']),
    429: err('核验过于频繁', ['RATE_LIMITED']),
    ...upstreamErrors,
  },
})
