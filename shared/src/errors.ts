/**
 * One error shape everywhere: `{ code, message, details? }`.
 * `code` is stable (clients and tests switch on it); `message` is Chinese copy a citizen understands.
 * This module is zod-free so the app can import it without pulling a schema library.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重试' },
  MALFORMED_JSON: { status: 400, message: '请求格式有误' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '提交的内容格式不受支持，请以 JSON 格式提交' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  CSRF_REJECTED: { status: 403, message: '请求来源校验失败，请刷新页面后重试' },
  FORBIDDEN: { status: 403, message: '无权进行此操作' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  PROPERTY_NOT_FOUND: { status: 404, message: '未找到该不动产，或它不在您的名下' },
  LOGIN_STATE_INVALID: { status: 400, message: '登录已失效或来源不明，请重新登录' },
  LOGIN_CODE_INVALID: { status: 400, message: '登录凭证无效或已使用，请重新登录' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  UPLOAD_RATE_LIMITED: { status: 429, message: '上传过于频繁，请等当前照片上传完成后再试' },
  UPSTREAM_UNAVAILABLE: { status: 503, message: '省级服务暂时不可用，请稍后再试' },
  UPSTREAM_TIMEOUT: { status: 503, message: '省级服务响应超时，请稍后再试' },
  UPSTREAM_BAD_RESPONSE: { status: 502, message: '省级服务返回了无法识别的数据，请稍后再试' },
  FACE_CHECK_REQUIRED: { status: 403, message: '请先完成人脸识别验证' },
  GRANT_NOT_FOUND: { status: 404, message: '未找到该授权' },
  DELEGATION_UNKNOWN: { status: 404, message: '授权链接无效，请向权利人确认链接是否完整' },
  DELEGATION_EXPIRED: { status: 410, message: '该授权已过期，请联系权利人重新授权' },
  DELEGATION_REVOKED: { status: 410, message: '该授权已被权利人撤销' },
  DELEGATION_USED_UP: { status: 410, message: '该授权的查询次数已用完' },
  DELEGATION_WRONG_PERSON: { status: 403, message: '该授权不是授予您的，无法查看。本次尝试已记录，权利人可以看到' },
  UNIT_NOT_FOUND: { status: 404, message: '未找到该不动产单元，请核对后重试' },
  CERTIFICATE_NOT_FOUND: { status: 404, message: '未找到该电子证照' },
  CERTIFICATE_CANCELLED: { status: 409, message: '该证照已注销，不能亮证' },
  PROOF_NOT_FOUND: { status: 404, message: '未找到该查询结果证明' },
  DELEGATION_SCOPE_FORBIDDEN: { status: 403, message: '该授权不包含代为开具查询结果证明，请联系权利人重新授权' },
  PROOF_REQUEST_CONFLICT: { status: 409, message: '该申请编号已用于其他申请，请刷新页面后重试' },
  OFFICE_NOT_FOUND: { status: 404, message: '未找到该登记机构，或它不办理此项业务' },
  SLOT_NOT_FOUND: { status: 404, message: '未找到该预约时段，请重新选择' },
  SLOT_FULL: { status: 409, message: '该时段已约满，请选择其他时段' },
  SLOT_NOT_BOOKABLE: { status: 409, message: '该时段已不可预约（距开始不足 2 小时），请选择其他时段' },
  SLOT_TYPE_MISMATCH: { status: 400, message: '所选时段不办理该项业务，请重新选择' },
  APPOINTMENT_ALREADY_BOOKED: { status: 409, message: '您已有一个该业务的有效预约，可先取消或改约' },
  APPOINTMENT_NOT_FOUND: { status: 404, message: '未找到该预约' },
  APPOINTMENT_NOT_ACTIVE: { status: 409, message: '该预约已取消或已过期，不能再修改' },
  APPOINTMENT_CHANGE_CLOSED: { status: 409, message: '距预约开始已不足 2 小时，不能取消或改约' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: '该请求编号已用于另一次不同的预约，请返回重新操作' },
  LIVENESS_CHALLENGE_NOT_FOUND: { status: 404, message: '人脸核验任务不存在，请重新开始' },
  LIVENESS_CHALLENGE_EXPIRED: { status: 410, message: '人脸核验已超时，请重新开始' },
  LIVENESS_CHALLENGE_USED: { status: 409, message: '该人脸核验已提交过，请重新开始' },
  LIVENESS_LOCKED: { status: 429, message: '人脸核验失败次数过多，请30分钟后再试' },
  LIVENESS_NO_REFERENCE: { status: 422, message: '未能获取您的身份登记照片，暂无法进行人脸核验' },
  LIVENESS_NO_LEGAL_REPRESENTATIVE: { status: 422, message: '未能获取贵单位的法定代表人信息，暂无法进行人脸核验，请到不动产登记窗口办理' },
  LIVENESS_UNAVAILABLE: { status: 503, message: '人脸核验服务暂时不可用，请稍后再试' },
  APPLICATION_NOT_FOUND: { status: 404, message: '未找到该申请' },
  APPLICATION_NOT_DRAFT: { status: 409, message: '该申请已提交，不能再修改' },
  APPLICATION_NOT_ELIGIBLE: { status: 409, message: '该不动产当前不符合办理此事项的条件（如没有可注销的抵押）' },
  APPLICATION_INCOMPLETE: { status: 422, message: '申请还缺少必填信息或材料，请补充后再提交' },
  MATERIAL_KIND_INVALID: { status: 400, message: '该事项不需要这类材料，请重新选择' },
  MATERIAL_TOO_MANY: { status: 409, message: '这项材料的照片已达上限，请先删除再上传' },
  MATERIAL_NOT_FOUND: { status: 404, message: '未找到该材料' },
  UPLOAD_MISSING: { status: 400, message: '请选择要上传的照片' },
  UPLOAD_TOO_LARGE: { status: 413, message: '照片不能超过 10 MB，请压缩或重新拍摄' },
  UPLOAD_TYPE_UNSUPPORTED: { status: 415, message: '只支持 JPEG、PNG、WebP 格式的照片' },
  UPLOAD_CORRUPT: { status: 400, message: '照片已损坏或不完整，请重新拍摄' },
  UPLOAD_DIMENSIONS: { status: 400, message: '照片尺寸异常（过大或过小），请重新拍摄' },
  RATING_NOT_ALLOWED: { status: 409, message: '办结（或预约办理完成）后才能评价' },
  RATING_ALREADY_GIVEN: { status: 409, message: '您已评价过该事项，每件只能评价一次' },
  CALLBACK_SIGNATURE_INVALID: { status: 401, message: '回调签名校验失败' },
  CALLBACK_STALE: { status: 401, message: '回调时间戳超出允许范围' },
  VERIFY_FILE_TOO_LARGE: { status: 413, message: '文件过大：证照文件不超过 2 MB，请上传从「一窗办事」下载的原始文件' },
  VERIFY_FILE_NOT_PDF: { status: 415, message: '只能核验 PDF 格式的证照文件' },
  INSTITUTION_NOT_FOUND: { status: 404, message: '未找到该机构，或它已停用' },
  CONSENT_NOT_FOUND: { status: 404, message: '未找到该授权，或它不是您发出的' },
  INSTITUTION_AUTH_MISSING: { status: 401, message: '缺少机构签名请求头（X-Bdc-Client、X-Bdc-Timestamp、X-Bdc-Nonce、X-Bdc-Signature）' },
  INSTITUTION_UNKNOWN: { status: 401, message: '机构客户端编号无效或已停用' },
  INSTITUTION_SIGNATURE_INVALID: { status: 401, message: '请求签名校验失败，请核对密钥与签名原文' },
  INSTITUTION_CLOCK_SKEW: { status: 401, message: '请求时间戳与服务器时间相差超过 5 分钟，请校准时钟' },
  INSTITUTION_REPLAY: { status: 401, message: '该请求随机数已使用过，请勿重放请求' },
  INSTITUTION_QUOTA_EXCEEDED: { status: 429, message: '本机构调用次数已达配额，请稍后再试' },
  DEV_ONLY: { status: 404, message: '该功能仅在演示环境提供' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERROR_CODES

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Field-level problems for VALIDATION_FAILED: path → Chinese message. */
  details?: { path: string; message: string }[]
  requestId?: string
}

export function errorBody(code: ErrorCode, details?: ErrorBody['details'], requestId?: string): ErrorBody {
  const body: ErrorBody = { code, message: ERROR_CODES[code].message }
  if (details && details.length) body.details = details
  if (requestId) body.requestId = requestId
  return body
}

/** Copy for a code the app received; unknown codes (newer server) fall back to a generic line. */
export function messageFor(code: string | undefined): string {
  if (code && code in ERROR_CODES) return ERROR_CODES[code as ErrorCode].message
  return ERROR_CODES.INTERNAL.message
}

export function isErrorBody(x: unknown): x is ErrorBody {
  return typeof x === 'object' && x !== null && typeof (x as ErrorBody).code === 'string' && typeof (x as ErrorBody).message === 'string'
}
