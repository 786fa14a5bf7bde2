import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'vite'

/**
 * The BFF serves H5 with `Content-Security-Policy: script-src 'self'`, which blocks the inline
 * rem-sizing script Taro writes into index.html (without it every rem-based size is off by
 * 20%). After the bundle is written, move each inline script to a hashed file under js/.
 */
export function externalizeInlineScripts(outDir: string): Plugin {
  return {
    name: 'bdc:externalize-inline-scripts',
    apply: 'build',
    writeBundle() {
      const indexPath = join(outDir, 'index.html')
      const html = readFileSync(indexPath, 'utf8')
      const out = html.replace(/<script>([\s\S]*?)<\/script>/g, (_m, code: string) => {
        const hash = createHash('sha256').update(code).digest('hex').slice(0, 8)
        const file = `js/inline.${hash}.js`
        writeFileSync(join(outDir, file), code)
        return `<script src="/${file}"></script>`
      })
      writeFileSync(indexPath, out)
    },
  }
}
