/**
 * The web deployment of the citizen app: serves the Taro H5 build with history-mode fallback
 * (any non-file path gets index.html, so deep links like /pages/properties/detail?… work).
 * Hashed assets are cached for a year; index.html is always revalidated so a new release is
 * picked up at once. It also serves the framework-free certificate verification page (/v/…, ./verify).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Hono } from 'hono'
import { buildVerifyPage } from './verify/build'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>不动产登记</title>
<body style="font:16px/1.6 system-ui,sans-serif;padding:24px;color:#1f2329"><h1 style="font-size:20px">H5 应用尚未构建</h1>
<p>请在项目根目录运行 <code>npm run build</code>，或直接使用 <code>npm start</code>（首次启动会自动构建）。</p></body></html>`

export interface H5Options {
  /** Folder holding the built H5 app (index.html + assets). */
  distDir: string
}

export function h5App({ distDir }: H5Options) {
  const root = path.resolve(distDir)
  const app = new Hono()
  // The public certificate verification page (/v/<code>), before the SPA fallback: it must not
  // load the app. Its script is built once here and served under a content hash.
  const verify = buildVerifyPage()
  app.get(verify.scriptPath, (c) => c.body(verify.script, 200, { 'content-type': TYPES['.js']!, 'cache-control': 'public, max-age=31536000, immutable' }))
  app.get('/v/*', (c) => c.html(verify.html, 200, { 'cache-control': 'no-cache' }))
  app.get('*', async (c) => {
    let urlPath: string
    try {
      urlPath = decodeURIComponent(new URL(c.req.url).pathname)
    } catch {
      return c.text('Bad Request', 400) // malformed percent-encoding
    }
    const candidate = path.resolve(root, '.' + path.posix.normalize(urlPath))
    // Path traversal: anything resolving outside the dist folder is treated as an app route.
    const inside = candidate === root || candidate.startsWith(root + path.sep)
    const ext = path.extname(candidate)
    if (inside && ext && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      const body = await fs.promises.readFile(candidate)
      const immutable = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i.test(candidate) || candidate.includes(`${path.sep}static${path.sep}`)
      return c.body(body, 200, {
        'content-type': TYPES[ext] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      })
    }
    if (ext && ext !== '.html') return c.text('Not Found', 404)
    const index = path.join(root, 'index.html')
    if (!fs.existsSync(index)) return c.html(NOT_BUILT, 503)
    return c.html(await fs.promises.readFile(index, 'utf8'), 200, { 'cache-control': 'no-cache' })
  })
  return app
}
