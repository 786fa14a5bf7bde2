import { z } from '@hono/zod-openapi'
import { DelegateProofRequestBodySchema, ProofListSchema, ProofNoParam, ProofRequestBodySchema, ProofSummarySchema } from '@bdc/shared/proofs'
import { BODY_INVALID, binaryContent, errorResponse as err, jsonBody, jsonContent as json, upstreamErrors } from '../../lib/openapi'
import { sessionRoute, stepUpRoute } from '../sessions/sessions.index'

const tags = ['proofs']
const faceCheck = err('需要先完成人脸识别（企业账号由法定代表人完成），或 CSRF 校验失败', ['FACE_CHECK_REQUIRED', 'CSRF_REJECTED'])

export const listProofsRoute = sessionRoute({
  method: 'get',
  path: '/proofs',
  tags,
  summary: '我的证明：本人申请的查询结果证明，以及他人经授权为本人开具的（最新在前）',
  responses: { 200: json(ProofListSchema, '证明列表（姓名已脱敏）') },
})

export const requestProofRoute = stepUpRoute({
  method: 'post',
  path: '/proofs',
  tags,
  summary: '申请不动产登记资料查询结果证明（有无房证明）：为本人，企业账号为本单位（需人脸核验）',
  description:
    '由省级不动产登记系统出具，载明申请时登记簿记载的、在权利人名下的现势不动产（坐落、单元号、证书号、面积、限制情况），或载明名下无不动产；' +
    '自出具起 30 日内有效；同一权利人就同一用途开具新证明后，旧证明即“已被新证明取代”。`requestId` 为客户端为一次申请生成的 UUID：重复提交返回同一份证明。',
  request: { body: jsonBody(ProofRequestBodySchema) },
  responses: {
    201: json(ProofSummarySchema, '已出具'),
    400: err('用途或申请编号不正确', BODY_INVALID),
    403: faceCheck,
    404: err('身份系统中没有该权利人', ['NOT_FOUND']),
    409: err('申请编号已用于其他申请', ['PROOF_REQUEST_CONFLICT']),
    ...upstreamErrors,
  },
})

export const delegateProofRoute = stepUpRoute({
  method: 'post',
  path: '/delegate/proofs',
  tags,
  summary: '被授权人经“代为开具查询结果证明”授权，为权利人开具查询结果证明（每份计一次授权次数；需人脸核验）',
  request: { body: jsonBody(DelegateProofRequestBodySchema) },
  responses: {
    201: json(ProofSummarySchema, '已出具（权利人可在“我的证明”和“我的查询记录”中看到）'),
    400: err('参数不正确', BODY_INVALID),
    403: err('不是被授权人本人、授权范围不含开具证明、需要人脸核验', ['DELEGATION_WRONG_PERSON', 'DELEGATION_SCOPE_FORBIDDEN', 'FACE_CHECK_REQUIRED', 'CSRF_REJECTED']),
    404: err('链接无效', ['DELEGATION_UNKNOWN', 'NOT_FOUND']),
    409: err('申请编号已用于其他申请', ['PROOF_REQUEST_CONFLICT']),
    410: err('授权已过期、已撤销或次数已用完', ['DELEGATION_EXPIRED', 'DELEGATION_REVOKED', 'DELEGATION_USED_UP']),
    ...upstreamErrors,
  },
})

export const proofPdfRoute = stepUpRoute({
  method: 'get',
  path: '/proofs/{proofNo}/pdf',
  tags,
  summary: '下载查询结果证明文件（由登记机构出具并签章，本服务只转发，不保存；需人脸核验）',
  request: { params: z.object({ proofNo: ProofNoParam }) },
  responses: {
    200: binaryContent('application/pdf', '证明文件'),
    400: err('证明编号格式不正确', ['VALIDATION_FAILED']),
    403: faceCheck,
    404: err('不存在，或不是本人申请或与本人有关的证明', ['PROOF_NOT_FOUND']),
    ...upstreamErrors,
  },
})
