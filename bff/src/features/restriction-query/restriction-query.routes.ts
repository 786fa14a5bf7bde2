import { AddressCandidatesSchema, AddressSearchBodySchema, RestrictionQueryBodySchema, RestrictionQueryResultSchema } from '@bdc/shared/delegations'
import { BODY_INVALID, errorResponse as err, jsonBody, jsonContent as json } from '../../lib/openapi'
import { sessionRoute } from '../sessions/sessions.index'

const tags = ['restriction-query']
/** 429/503 of both queries (rate-limited per citizen, answered by the provincial services). */
const queryErrors = {
  429: err('查询过于频繁（每人每分钟10次、每天100次）', ['RATE_LIMITED']),
  503: err('省级服务不可用或超时', ['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT']),
}

export const addressCandidatesRoute = sessionRoute({
  method: 'post',
  path: '/restriction-query/address',
  tags,
  summary: '按坐落查找不动产单元（可输入部分地址，最多返回10个候选，不含权利人信息）',
  request: { body: jsonBody(AddressSearchBodySchema) },
  responses: {
    200: json(AddressCandidatesSchema, '候选单元'),
    400: err('地址过短或过长', BODY_INVALID),
    ...queryErrors,
  },
})

export const restrictionQueryRoute = sessionRoute({
  method: 'post',
  path: '/restriction-query',
  tags,
  summary: '按不动产单元号或证书号查询一个单元的自然状况与限制情况（利害关系人式查询，不含权利人信息）',
  request: { body: jsonBody(RestrictionQueryBodySchema) },
  responses: {
    200: json(RestrictionQueryResultSchema, '查询结果，注明查询时间'),
    400: err('单元号或证书号格式不正确', BODY_INVALID),
    404: err('未找到该单元', ['UNIT_NOT_FOUND']),
    ...queryErrors,
  },
})
