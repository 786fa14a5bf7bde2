import Taro from '@tarojs/taro'
import { isErrorBody } from '@bdc/shared/errors'
import type { ApplicationTypeCode } from '@bdc/shared/applications-dict'
import type { ApplicationDetail, ApplicationList, ApplicationMaterial, ApplicationTypeList, Rating, RatingBody, SubmitBody } from '@bdc/shared/applications'
import { authHeaders } from './auth-transport'
import { call, client, segment } from './client'
import { ApiError, NetworkError } from './errors'
import { bodyOf } from './response'

/** Uploads get longer than ordinary calls: a 10 MB photo on a slow mobile link. */
export const UPLOAD_TIMEOUT_MS = 60_000

const applications = client.applications
const one = (id: string) => ({ param: { id: segment(id) } })
const draft = applications[':id']

/** 网上申请 calls. */
export const applicationsApi = {
  types: (): Promise<ApplicationTypeList> => call(applications.types.$get()),
  list: (): Promise<ApplicationList> => call(applications.$get()),
  get: (id: string): Promise<ApplicationDetail> => call(draft.$get(one(id))),
  /** A new draft prefilled from the registry (or the existing draft of the same type and unit). */
  create: (type: ApplicationTypeCode, unitCode: string): Promise<ApplicationDetail> => call(applications.$post({ json: { type, unitCode } })),
  /** Saves some of the form's editable fields ('' clears one). */
  save: (id: string, form: Record<string, string>): Promise<ApplicationDetail> => call(draft.$patch({ ...one(id), json: { form } })),
  remove: (id: string): Promise<{ ok: true }> => call(draft.$delete(one(id))),
  removeMaterial: (id: string, materialId: string): Promise<{ ok: true }> =>
    call(draft.materials[':materialId'].$delete({ param: { id: segment(id), materialId: segment(materialId) } })),
  submit: (id: string, body: SubmitBody): Promise<ApplicationDetail> => call(draft.submit.$post({ ...one(id), json: body })),
  rate: (id: string, body: RatingBody): Promise<Rating> => call(draft.rating.$post({ ...one(id), json: body })),
  /** A material's thumbnail (an image the page loads, not a JSON call). */
  previewUrl: (id: string, material: ApplicationMaterial): string =>
    draft.materials[':materialId'].preview.$url({ param: { id: segment(id), materialId: segment(material.id) }, query: {} }).toString(),
}

/** What Taro.uploadFile answers: the body as text, the HTTP status. */
export interface UploadAnswer {
  statusCode: number
  data: unknown
}

/** The material from a 201, or the BFF's error (413 too big, 415 wrong type, …) as ApiError. */
export function parseUploadAnswer(res: UploadAnswer): ApplicationMaterial {
  let body: unknown = res.data
  if (typeof body === 'string') {
    try {
      body = body === '' ? null : JSON.parse(body)
    } catch {
      body = null
    }
  }
  // A proxy can refuse a big body before the BFF sees it: still say "too big", not "unknown".
  if (res.statusCode === 413 && !isErrorBody(body)) throw new ApiError(413, { code: 'UPLOAD_TOO_LARGE', message: '' })
  const ok = res.statusCode >= 200 && res.statusCode < 300
  return bodyOf<ApplicationMaterial>(ok, res.statusCode, body && typeof body === 'object' ? body : null)
}

/** A photo the user picked: its temp path (weapp) and, on H5, the File itself. */
export interface PickedPhoto {
  path: string
  file?: Blob
  name: string
}

/**
 * One photo of a material, as multipart (`file` + `kind`), with the credentials the rest of the
 * app sends (weapp bearer; H5 session cookie + CSRF header). `onProgress` gets 0–100.
 *
 * weapp: Taro.uploadFile. H5: an XMLHttpRequest with the picked File — Taro's H5 uploadFile
 * re-reads the photo from its blob: URL, which the app's CSP (`connect-src 'self'`) rightly blocks.
 */
export async function uploadMaterial(id: string, kind: string, photo: PickedPhoto, onProgress: (percent: number) => void): Promise<ApplicationMaterial> {
  const url = draft.materials.$url(one(id)).toString()
  const res = process.env.TARO_ENV === 'h5' && photo.file ? await xhrUpload(url, kind, photo.file, photo.name, onProgress) : await taroUpload(url, kind, photo, onProgress)
  const material = parseUploadAnswer(res)
  onProgress(100)
  return material
}

const clampProgress = (p: number) => Math.min(99, Math.max(1, Math.round(p)))

function networkError(msg: string): NetworkError {
  return new NetworkError(/timeout|timed out/i.test(msg) ? 'timeout' : 'offline')
}

async function taroUpload(url: string, kind: string, photo: PickedPhoto, onProgress: (p: number) => void): Promise<UploadAnswer> {
  try {
    const task = Taro.uploadFile({ url, filePath: photo.path, name: 'file', formData: { kind }, header: authHeaders('POST'), timeout: UPLOAD_TIMEOUT_MS })
    task.onProgressUpdate?.((p) => onProgress(clampProgress(p.progress)))
    return await task
  } catch (err) {
    throw networkError(String((err as { errMsg?: string })?.errMsg ?? (err as Error)?.message ?? ''))
  }
}

function xhrUpload(url: string, kind: string, file: Blob, name: string, onProgress: (p: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.withCredentials = true
    xhr.timeout = UPLOAD_TIMEOUT_MS
    for (const [k, v] of Object.entries(authHeaders('POST'))) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(clampProgress((e.loaded / e.total) * 100))
    }
    xhr.onload = () => resolve({ statusCode: xhr.status, data: xhr.responseText })
    xhr.onerror = () => reject(networkError('offline'))
    xhr.ontimeout = () => reject(networkError('timeout'))
    const form = new FormData()
    form.append('kind', kind)
    form.append('file', file, name)
    xhr.send(form)
  })
}
