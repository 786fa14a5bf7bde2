import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { h5App } from './index'

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-h5-'))
fs.mkdirSync(path.join(dist, 'js'))
fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>')
fs.writeFileSync(path.join(dist, 'js/app.4b4a1475.js'), 'console.log(1)')
fs.writeFileSync(path.join(dist, 'manifest.json'), '{}')
fs.writeFileSync(path.join(os.tmpdir(), 'bdc-h5-secret.txt'), 'secret')
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }))

describe('h5App', () => {
  const app = h5App({ distDir: dist })

  it('deep links get the app shell (history-mode fallback), never cached', async () => {
    const res = await app.request('/pages/properties/detail?unitCode=510107001001GB00001F00010001')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>app</title>')
    expect(res.headers.get('cache-control')).toBe('no-cache')
  })

  it('serves hashed assets with a long immutable cache and the right type', async () => {
    const res = await app.request('/js/app.4b4a1475.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/javascript')
    expect(res.headers.get('cache-control')).toContain('immutable')
    const plain = await app.request('/manifest.json')
    expect(plain.headers.get('cache-control')).toBe('no-cache')
  })

  it('a missing asset is a 404, not the app shell', async () => {
    expect((await app.request('/js/missing.js')).status).toBe(404)
  })

  it('never serves files outside the build folder', async () => {
    const res = await app.request('/../bdc-h5-secret.txt')
    expect(await res.text()).not.toContain('secret')
    const encoded = await app.request('/%2e%2e/bdc-h5-secret.txt')
    expect(await encoded.text()).not.toContain('secret')
    expect((await app.request('/%E0%A4%A')).status).toBe(400)
  })

  it('explains in Chinese when the H5 app has not been built yet', async () => {
    const res = await h5App({ distDir: path.join(dist, 'nope') }).request('/')
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('H5 应用尚未构建')
  })
})
