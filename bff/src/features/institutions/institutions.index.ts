/* eslint-disable @typescript-eslint/no-explicit-any -- the shared validation hook, typed for the app's env */
import { OpenAPIHono, type Hook } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { Hono, type MiddlewareHandler } from 'hono'
import { defaultHook, refuseControlCharacters } from '../../lib/validation'
import * as handlers from './institutions.handlers'
import { signedChannel, type InstitutionEnv } from './institutions.middleware'
import * as routes from './institutions.routes'

/** The citizen's side, under /api: institutions to pick from, consents given, revoke. */
export const institutionsRoutes = new OpenAPIHono<AppEnv>({ defaultHook })
  .openapi(routes.listInstitutionsRoute, handlers.listInstitutions)
  .openapi(routes.listConsentsRoute, handlers.listConsents)
  .openapi(routes.createConsentRoute, handlers.createConsent)
  .openapi(routes.revokeConsentRoute, handlers.revokeConsent)

/** The institutions' signed API, mounted at INSTITUTION_API_BASE (app.ts); its own OpenAPI document. */
export const INSTITUTION_API_BASE = '/inst/v1'

export function institutionApiRoutes(publicBaseUrl: string) {
  const api = new OpenAPIHono<InstitutionEnv>({ defaultHook: defaultHook as unknown as Hook<any, InstitutionEnv, any, any> })
  api.openAPIRegistry.registerComponent('securitySchemes', 'institutionSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Bdc-Signature',
    description:
      '机构请求签名：X-Bdc-Client（客户端编号）、X-Bdc-Timestamp（Unix 秒）、X-Bdc-Nonce（一次性随机串）、' +
      'X-Bdc-Signature = hex(HMAC-SM3(客户端密钥, METHOD + "\\n" + PATH + "\\n" + TIMESTAMP + "\\n" + NONCE + "\\n" + hex(SM3(请求体原始字节))))。' +
      '时间偏差超过 5 分钟、随机数重复、签名错误一律 401；超出配额 429 并带 Retry-After。示例客户端：docs/institution-client.mjs。',
  })
  // The document first: it needs no signature (registered ahead of the gate, so the gate never runs for it).
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '不动产登记「一窗办事」机构核验接口',
      version: '1.0.0',
      description: '银行、公积金中心等已登记机构使用的核验接口。请求以 HMAC-SM3 签名；经权利人授权可核对权利人身份与限制情况，否则只得到公开的脱敏核验结果。',
    },
    servers: [{ url: `${publicBaseUrl}${INSTITUTION_API_BASE}` }],
  })
  api.use('*', signedChannel)
  api.use('*', refuseControlCharacters as unknown as MiddlewareHandler<InstitutionEnv>)
  api.openapi(routes.holderCheckRoute, handlers.holderCheck)
  // Wrapped in a plain Hono: mounting an OpenAPIHono would merge these routes into the citizen API's document.
  return new Hono<InstitutionEnv>().route('/', api)
}

export { registerInstitution, seedDemoInstitutions, DEMO_INSTITUTIONS, institutionCallsOn } from './institutions.service'
export { signRequest } from './institutions.signing'
