import type { Plugin } from 'vite'

/**
 * H5: keep @vladmandic/face-api (with its bundled tfjs, ≈ 1.3 MB) in its own chunk. Taro's H5
 * build puts every node_modules file into one `vendors` chunk that index.html preloads, which would
 * drag the face runtime into the first load; the face page imports it dynamically, so in its own
 * chunk it is fetched only when that page opens.
 */
export function faceApiChunk(): Plugin {
  return {
    name: 'bdc:face-api-chunk',
    apply: 'build',
    outputOptions(options) {
      const taroChunks = options.manualChunks
      if (typeof taroChunks !== 'function') return options
      return {
        ...options,
        manualChunks: (id, meta) => (/[/\\]@vladmandic[/\\]face-api[/\\]/.test(id) ? 'face-api' : taroChunks(id, meta)),
      }
    },
  }
}
