#!/usr/bin/env node
// `npm start`: builds the H5 app if it is missing or older than its sources, then runs the BFF
// (embedded PGlite + in-process provincial simulator + demo data unless configured otherwise).
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const h5Index = path.join(root, 'miniapp/dist/h5/index.html')

function newestMtime(dir) {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs)
  }
  return newest
}

const sources = [path.join(root, 'miniapp/src'), path.join(root, 'miniapp/config'), path.join(root, 'shared/src')].filter((d) => fs.existsSync(d))
const builtAt = fs.existsSync(h5Index) ? fs.statSync(h5Index).mtimeMs : 0
const sourcesAt = Math.max(0, ...sources.map(newestMtime))
if (process.env.SKIP_H5_BUILD !== '1' && (builtAt === 0 || sourcesAt > builtAt)) {
  console.log(builtAt === 0 ? '首次启动：正在构建 H5 应用（约 1 分钟）…' : 'H5 源码有更新：正在重新构建…')
  const t = Date.now()
  const r = spawnSync('npm', ['run', 'build:h5', '-w', '@bdc/miniapp'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error('H5 构建失败，见上方输出。')
    process.exit(r.status ?? 1)
  }
  console.log(`H5 构建完成，用时 ${((Date.now() - t) / 1000).toFixed(1)} 秒`)
}

const child = spawn(process.execPath, ['--import', 'tsx', 'bff/src/main.ts'], { cwd: root, stdio: 'inherit', env: process.env })
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
