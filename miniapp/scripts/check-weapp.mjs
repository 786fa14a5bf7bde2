#!/usr/bin/env node
// Checks the weapp build the way WeChat's uploader would: every page has its four files, and the
// main package stays within our budget (1 MB; WeChat's hard limit is 2 MB). Then prints the H5
// first-load JS size. Exit 1 on a missing file or a blown budget.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { h5FirstLoad, H5_BUDGET } from './size-report.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const weapp = join(root, 'dist/weapp')
const MAIN_BUDGET = 1024 * 1024
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

if (!existsSync(join(weapp, 'app.json'))) {
  console.error('dist/weapp/app.json not found: run `npm run build:weapp` first')
  process.exit(1)
}
const app = JSON.parse(readFileSync(join(weapp, 'app.json'), 'utf8'))
const subRoots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))
const pages = [...app.pages, ...(app.subPackages ?? app.subpackages ?? []).flatMap((p) => p.pages.map((pg) => `${p.root.replace(/\/$/, '')}/${pg}`))]

let failed = false
for (const page of pages) {
  for (const ext of ['js', 'wxml', 'wxss', 'json']) {
    if (!existsSync(join(weapp, `${page}.${ext}`))) {
      console.error(`missing: ${page}.${ext}`)
      failed = true
    }
  }
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}
let total = 0
let main = 0
const perSub = Object.fromEntries(subRoots.map((r) => [r, 0]))
for (const file of walk(weapp)) {
  const size = statSync(file).size
  total += size
  const rel = relative(weapp, file).split('\\').join('/')
  const sub = subRoots.find((r) => rel === r || rel.startsWith(`${r}/`))
  if (sub) perSub[sub] += size
  else main += size
}

console.log(`weapp pages checked: ${pages.length}${failed ? ' (with missing files)' : ', all have .js/.wxml/.wxss/.json'}`)
console.log(`weapp total:         ${kb(total)}`)
console.log(`weapp main package:  ${kb(main)} (budget ${kb(MAIN_BUDGET)})`)
for (const [r, size] of Object.entries(perSub)) console.log(`weapp subpackage ${r}: ${kb(size)}`)
if (main > MAIN_BUDGET) {
  console.error('main package over budget')
  failed = true
}

const h5 = h5FirstLoad(join(root, 'dist/h5'))
if (h5) {
  console.log(`H5 first-load JS:    ${kb(h5.gzip)} gzip (${kb(h5.raw)} raw, ${h5.files.length} files; budget ${kb(H5_BUDGET)})`)
  if (h5.gzip > H5_BUDGET) console.warn('H5 first-load JS over budget')
} else {
  console.log('H5 build not found (run `npm run build:h5` for its size)')
}
process.exit(failed ? 1 : 0)
