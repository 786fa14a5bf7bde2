/**
 * ESLint rule `bdc/boundaries`: which package may import which, checked on every import, export-from
 * and dynamic import(). The layout's promises (README "Layout"), held by `npm run lint`:
 *
 *   shared    imports nothing of ours (it is the bottom layer)
 *   face      shared
 *   province  shared, face — never the BFF (it stands for the outside world)
 *   h5        shared
 *   bff       shared, face, h5; the province only in src/bootstrap.ts through @bdc/province/embedded
 *             (tests and benchmarks may use @bdc/province/demo); a feature uses another feature only
 *             through that feature's index or service (features/<x>/<x>.index.ts | <x>.service.ts),
 *             and a table file may reference another feature's table file (foreign keys)
 *   miniapp   shared; from the BFF only the client factory and the route types
 *             (@bdc/bff/client, @bdc/bff/app-type)
 *   e2e       shared, face and province test support; the BFF only over HTTP
 *
 * Test support may always be imported by tests: @bdc/shared/testing/*, @bdc/face/testing.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const PACKAGES = ['shared', 'face', 'province', 'bff', 'miniapp', 'h5', 'e2e']

const MAY_USE = {
  shared: [],
  face: ['shared'],
  province: ['shared', 'face'],
  h5: ['shared'],
  bff: ['shared', 'face', 'h5', 'province'],
  miniapp: ['shared', 'bff'],
  e2e: ['shared', 'face', 'province'],
}

const isTestFile = (rel) => /(^|\/)(test|tests|bench|scripts)\//.test(rel) || /\.test\.tsx?$/.test(rel) || rel.startsWith('e2e/')

/** Which of our packages (and which file inside it, when known) an import specifier points at. */
function targetOf(spec, fromFile) {
  const m = /^@bdc\/([a-z0-9-]+)(?:\/(.*))?$/.exec(spec)
  if (m) return { pkg: m[1], sub: m[2] ?? '', file: undefined }
  if (!spec.startsWith('.')) return null // an npm package
  const abs = path.resolve(path.dirname(fromFile), spec)
  const rel = path.relative(ROOT, abs).split(path.sep).join('/')
  const pkg = rel.split('/')[0]
  if (!PACKAGES.includes(pkg)) return null
  return { pkg, sub: undefined, file: rel }
}

function featureOf(rel) {
  const m = /^bff\/src\/features\/([a-z0-9-]+)\//.exec(rel)
  return m ? m[1] : null
}

function problem(fromRel, target, spec) {
  const from = fromRel.split('/')[0]
  if (!PACKAGES.includes(from)) return null
  const test = isTestFile(fromRel)
  if (target.sub !== undefined && (/^testing(\/|$)/.test(target.sub)) && test) return null
  if (target.pkg === from) {
    // inside one package: only the BFF's feature rule applies
    if (from !== 'bff' || !target.file) return null
    const a = featureOf(fromRel)
    const b = featureOf(target.file)
    if (!a || !b || a === b || test) return null
    const name = path.posix.basename(target.file).replace(/\.(ts|tsx|mjs|js)$/, '')
    if (name === `${b}.index` || name === `${b}.service`) return null
    // a table may reference another feature's table (a foreign key): schema to schema only
    if (name === `${b}.schema` && /\.schema\.ts$/.test(fromRel)) return null
    return `feature "${a}" reaches into "${b}"'s internals (${spec}); use what ${b}.index.ts or ${b}.service.ts exports`
  }
  if (target.file !== undefined) return `${from} reaches into ${target.pkg} by a relative path (${spec}); import the package (@bdc/${target.pkg}) where that is allowed`
  if (!MAY_USE[from].includes(target.pkg)) return `${from} must not import @bdc/${target.pkg} (${spec})`
  if (from === 'bff' && target.pkg === 'province') {
    if (fromRel === 'bff/src/bootstrap.ts' && target.sub === 'embedded') return null
    if (test && target.sub === 'demo') return null
    return `the BFF touches the province only in src/bootstrap.ts through @bdc/province/embedded (${spec})`
  }
  if (from === 'miniapp' && target.pkg === 'bff' && !['client', 'app-type'].includes(target.sub)) {
    return `the app takes only the client factory and route types from the BFF (@bdc/bff/client, @bdc/bff/app-type), not ${spec}`
  }
  return null
}

const rule = {
  meta: { type: 'problem', docs: { description: 'package and feature boundaries of this repository' }, schema: [] },
  create(context) {
    const fromRel = path.relative(ROOT, context.filename).split(path.sep).join('/')
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return
      const target = targetOf(source.value, context.filename)
      if (!target) return
      const message = problem(fromRel, target, source.value)
      if (message) context.report({ node, message })
    }
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    }
  },
}

export default { rules: { boundaries: rule } }
