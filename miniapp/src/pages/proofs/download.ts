/**
 * Downloads a 查询结果证明 (the registry renders and signs it at each download; nothing is kept on
 * the server). H5: fetch with the session cookie, save the blob. Mini-program: Taro.downloadFile
 * with the bearer token, then open it in the document viewer.
 */
import Taro from '@tarojs/taro'
import { ApiError } from '../../api/errors'
import { getToken } from '../../api/auth-transport'
import { proofsApi } from '../../api/proofs'

export async function downloadProof(proofNo: string): Promise<void> {
  const url = proofsApi.pdfUrl(proofNo)
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { credentials: 'same-origin' })
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null))
    const blob = await res.blob()
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = `查询结果证明-${proofNo}.pdf`
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
    return
  }
  const token = getToken()
  const res = await Taro.downloadFile({ url, header: token ? { Authorization: `Bearer ${token}` } : {} })
  if (res.statusCode !== 200) throw new ApiError(res.statusCode, null)
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
}
