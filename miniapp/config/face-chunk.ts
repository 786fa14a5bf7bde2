import type { Plugin } from 'vite'
import { wrapTaroChunks } from './manual-chunks'

/**
 * H5: keep @vladmandic/face-api (with its bundled tfjs, ≈ 1.3 MB) in its own chunk. Taro's H5
 * build puts every node_modules file into one `vendors` chunk that index.html preloads, which would
 * drag the face runtime into the first load; the face page imports it dynamically, so in its own
 * chunk it is fetched only when that page opens.
 */
export function faceApiChunk(): Plugin {
  const faceApi = /[/\\]@vladmandic[/\\]face-api[/\\]/
  // The same for jsQR, the H5 QR decoder of 证照核验's scan button (imported only once the camera runs).
  const jsqr = /[/\\]jsqr[/\\]/
  return wrapTaroChunks('bdc:face-api-chunk', (taroChunks) => (id, meta) => (faceApi.test(id) ? 'face-api' : jsqr.test(id) ? 'jsqr' : taroChunks(id, meta)))
}
