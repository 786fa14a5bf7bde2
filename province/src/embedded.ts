/**
 * The provincial simulator inside the BFF process (the `npm start` default). It keeps its own schema
 * (`province`) and database handle; with a database URL it shares that server, else it has its own
 * PGlite folder. The BFF still reaches it only through the HTTP contract (a Request object handed to
 * the simulator's fetch), so switching to a real endpoint is configuration only.
 *
 * This is the one entry the BFF loads from this package (`@bdc/province/embedded`).
 */
import { openProvince, type Province, type ProvinceOptions } from './province'

/** Where the embedded simulator lives on the BFF's own server (its SSO page must be reachable by browsers). */
export const EMBEDDED_PROVINCE_PATH = '/province'

export type EmbeddedProvinceOptions = Omit<ProvinceOptions, 'basePath' | 'maxConnections' | 'seed'>
export type { Province }

export function openEmbeddedProvince(opts: EmbeddedProvinceOptions): Promise<Province> {
  return openProvince({ ...opts, basePath: EMBEDDED_PROVINCE_PATH, maxConnections: 5 })
}
