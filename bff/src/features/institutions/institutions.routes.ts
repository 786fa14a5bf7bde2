import { createRoute, z } from '@hono/zod-openapi'
import { ConsentListSchema, ConsentSchema, CreateConsentBodySchema, HolderCheckBodySchema, HolderCheckSchema, InstitutionListSchema } from '@bdc/shared/institutions'
import { BODY_INVALID, csrfFailed, errorResponse as err, jsonBody, jsonContent as json, upstreamErrors } from '../../lib/openapi'
import { sessionRoute, stepUpRoute } from '../sessions/sessions.index'

const tags = ['institutions']
const ConsentIdParam = z.object({ id: z.uuid({ message: '授权编号格式不正确' }) })

// ---------------------------------------------------------------- the citizen's side (/api)

export const listInstitutionsRoute = sessionRoute({
  method: 'get',
  path: '/institutions',
  tags,
  summary: '可授权核验的机构（银行、公积金中心等已登记机构）',
  responses: { 200: json(InstitutionListSchema, '机构列表') },
})

export const listConsentsRoute = sessionRoute({
  method: 'get',
  path: '/institution-consents',
  tags,
  summary: '我给机构的核验授权及其状态、核验次数',
  responses: { 200: json(ConsentListSchema, '授权列表') },
})

export const createConsentRoute = stepUpRoute({
  method: 'post',
  path: '/institution-consents',
  tags,
  summary: '授权一家机构在有效期内为一个用途核验本人的一本不动产权证书（需人脸核验）',
  request: { body: jsonBody(CreateConsentBodySchema) },
  responses: {
    201: json(ConsentSchema, '授权已生效'),
    400: err('参数不正确（机构、证照标识、用途、有效期）', BODY_INVALID),
    403: err('需要人脸核验，或 CSRF 校验失败', ['FACE_CHECK_REQUIRED', 'CSRF_REJECTED']),
    404: err('机构不存在或已停用；证照不存在或不是本人的', ['INSTITUTION_NOT_FOUND', 'CERTIFICATE_NOT_FOUND']),
    409: err('证照已注销', ['CERTIFICATE_CANCELLED']),
    ...upstreamErrors,
  },
})

export const revokeConsentRoute = sessionRoute({
  method: 'post',
  path: '/institution-consents/{id}/revoke',
  tags,
  summary: '立即撤销给机构的授权（再次撤销无副作用）',
  request: { params: ConsentIdParam },
  responses: {
    200: json(ConsentSchema, '已撤销'),
    400: err('授权编号格式不正确', ['VALIDATION_FAILED']),
    403: csrfFailed,
    404: err('不存在或不是本人发出的授权', ['CONSENT_NOT_FOUND']),
  },
})

// ---------------------------------------------------------------- the institutions' side (/inst/v1)

const signedErrors = {
  401: err('签名请求头缺失或格式不正确、客户端无效、签名错误、时间偏差超过 5 分钟、随机数重放', [
    'INSTITUTION_AUTH_MISSING',
    'INSTITUTION_UNKNOWN',
    'INSTITUTION_SIGNATURE_INVALID',
    'INSTITUTION_CLOCK_SKEW',
    'INSTITUTION_REPLAY',
  ]),
  413: err('请求体过大', ['PAYLOAD_TOO_LARGE']),
  415: err('请求体须为 JSON', ['UNSUPPORTED_MEDIA_TYPE']),
  429: err('超出本机构每分钟或每日配额（见 Retry-After）', ['INSTITUTION_QUOTA_EXCEEDED']),
}

const SignatureHeaders = z.object({
  'x-bdc-client': z.string().meta({ description: '机构客户端编号' }),
  'x-bdc-timestamp': z.string().meta({ description: 'Unix 时间（秒），与服务器相差不超过 300 秒' }),
  'x-bdc-nonce': z.string().meta({ description: '每次请求新生成的随机串（16–64 位 A-Z a-z 0-9 _ -），不可重复使用' }),
  'x-bdc-signature': z.string().meta({ description: 'HMAC-SM3(密钥, METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nhex(SM3(请求体))) 的小写十六进制' }),
})

export const holderCheckRoute = createRoute({
  method: 'post',
  path: '/holder-check',
  tags: ['institution-api'],
  summary: '机构核验：证书二维码是否有效；经权利人授权时，另答复某证件号是否为权利人及限制情况（抵押、查封、异议、预告）',
  description:
    '请求须以 HMAC-SM3 签名（见 securitySchemes.institutionSignature）。权利人在「一窗办事」中授权本机构（一个用途、一本证书、一段有效期）后，' +
    '答复 holder（是/否）与 restrictions；未授权、授权已撤销或过期时，只答复与公开核验页相同的脱敏结果（consented=false，holder 与 restrictions 为 null）。' +
    '证件号只放在请求体中。每次调用均记入审计，并显示在权利人的「我的查询记录」中（机构名称与用途）。',
  security: [{ institutionSignature: [] }],
  request: { headers: SignatureHeaders, body: jsonBody(HolderCheckBodySchema) },
  responses: {
    200: json(HolderCheckSchema, '核验结果'),
    400: err('请求体不正确（证件号校验位等）', BODY_INVALID),
    ...signedErrors,
    ...upstreamErrors,
  },
})
