/**
 * Downloads the certificate PDF. H5: fetch with the session cookie, then save the blob.
 * Mini-program: Taro.downloadFile with the bearer token, then open it in the document viewer.
 * `onProgress` gets 0–100 (the BFF renders in ≈ 0.2 s, the transfer is most of the wait).
 */
import Taro from '@tarojs/taro'
import type { CertificateDetail } from '@bdc/shared/certificates/api'
import { ApiError } from '../../api/errors'
import { getToken } from '../../api/auth-transport'
import { certificatesApi } from '../../api/certificates'

export async function downloadPdf(cert: CertificateDetail, onProgress: (p: number) => void): Promise<void> {
  const url = certificatesApi.pdfUrl(cert.licenseId)
  if (process.env.TARO_ENV === 'h5') {
    onProgress(30)
    const res = await fetch(url, { credentials: 'same-origin' })
    if (!res.ok) {
      const body = await res.json().catch(() => null)
      throw new ApiError(res.status, body)
    }
    onProgress(80)
    const blob = await res.blob()
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = `${cert.certificateNo}.pdf`
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
    onProgress(100)
    return
  }
  const token = getToken()
  const task = Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} })
  task.onProgressUpdate?.((p) => onProgress(Math.max(5, p.progress)))
  const res = await task
  if (res.statusCode !== 200) throw new ApiError(res.statusCode, null)
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
}
