/**
 * The provincial HTTP contract (省级平台接口): the zod schema of every endpoint the BFF calls at the
 * provincial side, one file per provincial system. The BFF's client (bff/src/upstream) and the
 * simulator (province/) both validate against these definitions; a real deployment points the BFF
 * at the provincial endpoints by configuration only.
 *
 * Server-side only (zod and node:crypto): the app never imports it.
 */
export * from './common'
export * from './identity'
export * from './registry'
export * from './licenses'
export * from './intake'
export * from './evaluation'
export * from './supervision'
export * from './proofs'
