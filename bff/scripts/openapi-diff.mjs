/**
 * Compares two OpenAPI documents (before and after) and proves that the only change is per-response
 * error codes: an error response's schema `{$ref: Error}` that became
 * `{allOf: [{$ref: Error}, {type: 'object', properties: {code: {type: 'string', enum: [...]}}}]}`.
 * Everything else — paths, operations, schemas, descriptions and the order of every key — must be
 * identical. `node bff/scripts/openapi-diff.mjs before.json after.json`; exit code 1 on any other change.
 */
import fs from 'node:fs'

const [beforePath, afterPath] = process.argv.slice(2)
const before = JSON.parse(fs.readFileSync(beforePath, 'utf8'))
const after = JSON.parse(fs.readFileSync(afterPath, 'utf8'))
const ERROR_REF = '#/components/schemas/Error'
const narrowed = []

/** The `after` document with every narrowed envelope put back to a plain $ref (the codes noted). */
function unnarrow(node, path) {
  if (Array.isArray(node)) return node.map((x, i) => unnarrow(x, `${path}/${i}`))
  if (!node || typeof node !== 'object') return node
  const all = node.allOf
  if (
    Object.keys(node).length === 1 && Array.isArray(all) && all.length === 2 &&
    JSON.stringify(all[0]) === JSON.stringify({ $ref: ERROR_REF }) &&
    JSON.stringify(Object.keys(all[1])) === '["type","properties"]' && all[1].type === 'object' &&
    JSON.stringify(Object.keys(all[1].properties)) === '["code"]' &&
    JSON.stringify(Object.keys(all[1].properties.code)) === '["type","enum"]' && all[1].properties.code.type === 'string'
  ) {
    narrowed.push({ path, codes: all[1].properties.code.enum })
    return { $ref: ERROR_REF }
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, unnarrow(v, `${path}/${k}`)]))
}

const restored = unnarrow(after, '')
const same = JSON.stringify(restored) === JSON.stringify(before)
const operations = new Set(narrowed.map((n) => n.path.split('/responses/')[0]))
const errorRefsBefore = (JSON.stringify(before).match(/"\$ref":"#\/components\/schemas\/Error"/g) ?? []).length
const errorRefsLeft = (JSON.stringify(after).match(/"\$ref":"#\/components\/schemas\/Error"/g) ?? []).length - narrowed.length
console.log(`error responses given a code enum: ${narrowed.length} (of ${errorRefsBefore} error responses) in ${operations.size} operations`)
console.log(`error responses left without codes: ${errorRefsLeft}`)
console.log(same ? 'otherwise identical: yes (every key, value and key order)' : 'otherwise identical: NO')
if (process.argv.includes('--list')) for (const n of narrowed) console.log(`  ${n.path.replace(/~1/g, '/')}: ${n.codes.join(', ')}`)
if (!same) {
  // Show the first place they part.
  const a = JSON.stringify(before, null, 1).split('\n')
  const b = JSON.stringify(restored, null, 1).split('\n')
  const i = a.findIndex((l, k) => l !== b[k])
  console.log(a.slice(Math.max(0, i - 5), i + 5).join('\n'), '\n---- after ----\n', b.slice(Math.max(0, i - 5), i + 5).join('\n'))
  process.exit(1)
}
