#!/usr/bin/env node
// Checks the weapp build the way WeChat's uploader would: every page has its four files, and the
// main package stays within our budget (1 MB; WeChat's hard limit is 2 MB) and holds no face
// camera code (that lives in the pages/face subpackage). Then prints the H5 first-load JS size and
// the face page's lazy download (page chunk, camera chunk, face-api chunk, models; raw and gzip),
// failing if any of those is in the first load. Exit 1 on a missing file or a blown budget.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { h5FirstLoad, H5_BUDGET } from './size-report.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * What the H5 face page downloads on top of the first load: its page chunk and stylesheet when it
 * opens; the camera chunk, the face-api runtime chunk and the two tiny models once 开始 is tapped.
 */
function h5FaceDownload(h5Dir) {
  const files = []
  const add = (name, when) => {
    const buf = readFileSync(join(h5Dir, name))
    files.push({ name, when, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length })
  }
  const js = readdirSync(join(h5Dir, 'js'))
  for (const f of js) {
    const text = readFileSync(join(h5Dir, 'js', f), 'utf8')
    if (f.startsWith('face-api.')) add(`js/${f}`, 'on 开始')
    else if (text.includes('getUserMedia') && text.includes('face-models')) add(`js/${f}`, 'on 开始')
    else if (text.includes('face-consent')) {
      add(`js/${f}`, 'on page open')
      const css = readdirSync(join(h5Dir, 'css')).find((c) => readFileSync(join(h5Dir, 'css', c), 'utf8').includes('.face-consent'))
      if (css) add(`css/${css}`, 'on page open')
    }
  }
  const models = join(h5Dir, 'static/face-models')
  if (existsSync(models)) for (const m of readdirSync(models)) add(`static/face-models/${m}`, 'on 开始')
  return { files, raw: files.reduce((s, f) => s + f.raw, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) }
}
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

// The face check's camera code must stay out of the main package (it lives in pages/face).
const faceInMain = walk(weapp)
  .filter((f) => f.endsWith('.js') && !subRoots.some((r) => relative(weapp, f).split('\\').join('/').startsWith(`${r}/`)))
  .filter((f) => /onCameraFrame|createCameraContext|getUserMedia|tinyFaceDetector/.test(readFileSync(f, 'utf8')))
if (faceInMain.length) {
  console.error(`face camera code in the weapp main package: ${faceInMain.map((f) => relative(weapp, f)).join(', ')}`)
  failed = true
}

const h5 = h5FirstLoad(join(root, 'dist/h5'))
if (h5) {
  console.log(`H5 first-load JS:    ${kb(h5.gzip)} gzip (${kb(h5.raw)} raw, ${h5.files.length} files; budget ${kb(H5_BUDGET)})`)
  if (h5.gzip > H5_BUDGET) console.warn('H5 first-load JS over budget')
  const face = h5FaceDownload(join(root, 'dist/h5'))
  for (const f of face.files) console.log(`H5 face page (${f.when}): ${f.name.padEnd(62)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(10)} gzip`)
  console.log(`H5 face page extra download: ${kb(face.raw)} raw, ${kb(face.gzip)} gzip (${face.files.length} files; none in the first load)`)
  const leaked = face.files.filter((f) => h5.files.some((x) => x.ref.endsWith(f.name)))
  if (leaked.length || !face.files.some((f) => f.name.startsWith('js/face-api.'))) {
    console.error(leaked.length ? `face files in the H5 first load: ${leaked.map((f) => f.name).join(', ')}` : 'H5 face-api chunk not found')
    failed = true
  }
} else {
  console.log('H5 build not found (run `npm run build:h5` for its size)')
}
process.exit(failed ? 1 : 0)
