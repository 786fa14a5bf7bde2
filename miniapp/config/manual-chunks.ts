import type { Plugin, Rollup } from 'vite'

/**
 * A build-only plugin that places modules by wrapping Taro's own `manualChunks` (Taro decides
 * first; `wrap` gets its function and returns the one the build uses). When Taro sets no function,
 * the output options stay as they are.
 */
export function wrapTaroChunks(name: string, wrap: (taroChunks: Rollup.GetManualChunk) => Rollup.GetManualChunk): Plugin {
  return {
    name,
    apply: 'build',
    outputOptions(options) {
      const taroChunks = options.manualChunks
      if (typeof taroChunks !== 'function') return options
      return { ...options, manualChunks: wrap(taroChunks) }
    },
  }
}
