import { useState, type Dispatch, type SetStateAction } from 'react'
import Taro from '@tarojs/taro'
import { UPLOAD_MAX_BYTES, type MaterialDef } from '@bdc/shared/applications-dict'
import { messageFor } from '@bdc/shared/errors'
import type { ApplicationDetail, ApplicationMaterial } from '@bdc/shared/applications'
import { applicationsApi, uploadMaterial } from '../../api/applications'
import { userMessage } from '../../api/errors'
import { redirectIfUnauthenticated } from '../../utils/auth-redirect'
import { uploadFileName } from './logic'

/** A photo on its way up: its local preview and progress (0–100). */
export interface Upload {
  key: string
  kind: string
  local: string
  progress: number
}

/**
 * The photos of a draft's materials: pick (camera or album), upload with progress, delete.
 * Kept by the page, not the step, so an upload carries on when the citizen steps back.
 */
export function useMaterialUploads(id: string, photosOf: (code: string) => ApplicationMaterial[], setDetail: Dispatch<SetStateAction<ApplicationDetail | null>>) {
  const [uploads, setUploads] = useState<Upload[]>([])
  const [errors, setErrors] = useState<Record<string, string>>({})

  const pick = async (m: MaterialDef) => {
    const room = m.maxFiles - photosOf(m.code).length - uploads.filter((u) => u.kind === m.code).length
    if (room <= 0) return setErrors((e) => ({ ...e, [m.code]: messageFor('MATERIAL_TOO_MANY') }))
    let chosen: Taro.chooseImage.SuccessCallbackResult
    try {
      chosen = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    } catch {
      return // the user closed the picker
    }
    // H5 drops files the browser cannot show as an image; say so instead of doing nothing.
    setErrors((e) => ({ ...e, [m.code]: chosen.tempFiles.length ? '' : '未能读取所选文件，请选择 JPEG、PNG 或 WebP 格式的照片' }))
    for (const [i, f] of chosen.tempFiles.entries()) {
      if (i >= room) break
      if (f.size > UPLOAD_MAX_BYTES) {
        setErrors((e) => ({ ...e, [m.code]: messageFor('UPLOAD_TOO_LARGE') }))
        continue
      }
      const key = `${Date.now()}-${i}`
      setUploads((u) => [...u, { key, kind: m.code, local: f.path, progress: 0 }])
      try {
        const file = (f as { originalFileObj?: File }).originalFileObj
        const picked = { path: f.path, name: uploadFileName(file?.name ?? f.path, f.type ?? file?.type), ...(file ? { file } : {}) }
        const photo = await uploadMaterial(id, m.code, picked, (p) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: p } : x))))
        setDetail((d) => (d ? { ...d, materials: [...d.materials, photo], missing: d.missing.filter((x) => x.path !== `materials.${m.code}`) } : d))
      } catch (err) {
        if (redirectIfUnauthenticated(err)) return
        setErrors((e) => ({ ...e, [m.code]: userMessage(err) }))
      } finally {
        setUploads((u) => u.filter((x) => x.key !== key))
      }
    }
  }

  const remove = async (photo: ApplicationMaterial) => {
    const { confirm } = await Taro.showModal({ title: '删除照片', content: '确定删除这张照片吗？', confirmText: '删除', cancelText: '取消', confirmColor: '#A61B1B', cancelColor: '#1A1F2B' })
    if (!confirm) return
    try {
      await applicationsApi.removeMaterial(id, photo.id)
      setDetail((d) => (d ? { ...d, materials: d.materials.filter((x) => x.id !== photo.id) } : d))
    } catch (err) {
      if (redirectIfUnauthenticated(err)) return
      setErrors((e) => ({ ...e, [photo.kind]: userMessage(err) }))
    }
  }

  return { uploads, errors, pick, remove }
}
