import type { Plugin } from 'vite'
import { wrapTaroChunks } from './manual-chunks'

/**
 * weapp: code shared by several pages of ONE subpackage stays in that subpackage. Taro's vite
 * runner puts every module with more than one importer into the main package's `common.js`, so a
 * subpackage's own API client, rules and parts would count against the main package budget. Here
 * a module that only that subpackage's pages reach (checked through every importer up to the
 * entries) goes to `<root>/common.js` inside the subpackage instead; anything also reached from
 * the main package or another subpackage keeps Taro's placement.
 */
export function subpackageChunks(roots: readonly string[]): Plugin {
  const norm = (id: string) => id.split('\\').join('/')
  const rootOf = (id: string): string | null => {
    const p = norm(id)
    if (p.includes('/node_modules/')) return null
    return roots.find((r) => p.includes(`/src/${r}/`)) ?? null
  }
  return wrapTaroChunks('bdc:subpackage-chunks', (taroChunks) => (id, meta) => {
    const chunk = taroChunks(id, meta)
    if (chunk !== 'common') return chunk
    // Which subpackage reaches this module: one root, or null when anything else does too.
    const seen = new Map<string, string | null | undefined>()
    const reach = (m: string): string | null | undefined => {
      if (seen.has(m)) return seen.get(m)
      seen.set(m, undefined) // a cycle adds nothing
      const info = meta.getModuleInfo(m)
      let found: string | null | undefined
      if (!info || info.isEntry || !info.importers.length) {
        found = rootOf(m)
      } else {
        for (const imp of [...info.importers, ...info.dynamicImporters]) {
          const r = reach(imp)
          if (r === undefined) continue
          if (r === null || (found !== undefined && found !== r)) {
            found = null
            break
          }
          found = r
        }
      }
      seen.set(m, found)
      return found
    }
    const root = reach(id)
    return root ? `${root}/common` : chunk
  })
}
