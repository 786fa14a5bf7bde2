// Production bundle of the BFF: plain Node 20 cannot run .ts, so bundle our TypeScript (BFF,
// @bdc/shared, @bdc/h5, @bdc/face) into ESM and leave npm packages as runtime imports.
// Output: bff/build/main.mjs (same depth as src/, so REPO_ROOT-relative paths keep working) and, split
// off, the chunk of the embedded provincial simulator, loaded only when no UPSTREAM_BASE_URL is set.
import { build } from 'esbuild'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const externalNpm = {
  name: 'external-npm',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@bdc/') ? undefined : { path: args.path, external: true }))
  },
}
const started = Date.now()
await build({
  entryPoints: [path.join(here, '../src/main.ts')],
  outdir: path.join(here, '../build'),
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [externalNpm],
  logLevel: 'warning',
})
console.log(`bff/build/main.mjs built in ${Date.now() - started} ms — run with: node bff/build/main.mjs`)
