#!/usr/bin/env node
// H5 first-load JS: the scripts index.html loads up front (entry + modulepreload), gzipped.
// This is what a citizen on a slow 4G link waits for before the home page appears.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const H5_BUDGET = 150 * 1024

export function h5FirstLoad(h5Dir) {
  const indexPath = join(h5Dir, 'index.html')
  if (!existsSync(indexPath)) return null
  const html = readFileSync(indexPath, 'utf8')
  const refs = new Set()
  for (const m of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)) refs.add(m[1])
  let raw = 0
  let gzip = 0
  const files = []
  for (const ref of refs) {
    const buf = readFileSync(join(h5Dir, ref.replace(/^\//, '')))
    const gz = gzipSync(buf, { level: 9 }).length
    raw += buf.length
    gzip += gz
    files.push({ ref, raw: buf.length, gzip: gz })
  }
  return { raw, gzip, files }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const h5Dir = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/h5')
  const r = h5FirstLoad(h5Dir)
  if (!r) {
    console.error('dist/h5/index.html not found: run `npm run build:h5` first')
    process.exit(1)
  }
  for (const f of r.files) console.log(`${f.ref}  ${(f.raw / 1024).toFixed(1)} KB raw  ${(f.gzip / 1024).toFixed(1)} KB gzip`)
  console.log(`H5 first-load JS: ${(r.gzip / 1024).toFixed(1)} KB gzip (budget ${(H5_BUDGET / 1024).toFixed(0)} KB)`)
  process.exit(r.gzip > H5_BUDGET ? 1 : 0)
}
