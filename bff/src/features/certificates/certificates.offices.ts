/**
 * The e-license library's directory of issuing registry offices (GET /licenses/offices): who a
 * verifier calls when a certificate does not check out. Looked up by the 颁发机构代码 in the code's
 * license id — the office and phone always come from the library's directory, never from the code,
 * so a forged code can at worst name another genuine office. Read when first needed, kept for an
 * hour; a failed read is not retried for half a minute (the answer then goes out without a phone).
 */
import type { Deps } from '../../env'
import type { RegistryOffice } from '@bdc/shared/province-contract'
import { parseLicenseId } from '@bdc/shared/ids/index'

const KEEP_MS = 60 * 60_000
const RETRY_MS = 30_000

export interface OfficeContact {
  office: string
  phone: string
}

interface Directory {
  at: number
  byCode: Map<string, RegistryOffice> | null
  loading: Promise<void> | null
}
const directories = new WeakMap<Deps['upstream'], Directory>()

async function directory(deps: Deps): Promise<Map<string, RegistryOffice> | null> {
  let d = directories.get(deps.upstream)
  if (!d) directories.set(deps.upstream, (d = { at: -Infinity, byCode: null, loading: null }))
  const now = deps.now().getTime()
  const stale = now - d.at > (d.byCode ? KEEP_MS : RETRY_MS)
  if (stale && !d.loading) {
    const dir = d
    dir.loading = deps.upstream
      .registryOffices()
      .then(({ offices }) => {
        dir.byCode = new Map(offices.map((o) => [o.issuerCode, o]))
      })
      .catch((e: unknown) => deps.logger.warn('registry office directory unavailable', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        dir.at = deps.now().getTime()
        dir.loading = null
      })
  }
  // A stale directory still answers while it is refreshed; only the first read waits.
  if (!d.byCode && d.loading) await d.loading
  return d.byCode
}

/** The office that issued `licenseId` (its own code, else the city's: 510704 → 510700) and its phone. */
export async function officeContact(deps: Deps, licenseId: string | null): Promise<OfficeContact | undefined> {
  if (!licenseId) return undefined
  const parsed = parseLicenseId(licenseId)
  if (!parsed.ok) return undefined
  const byCode = await directory(deps)
  const code = parsed.value.issuerCode
  const o = byCode?.get(code) ?? (/^\d{6}$/.test(code) ? byCode?.get(`${code.slice(0, 4)}00`) : undefined)
  return o ? { office: o.djjg, phone: o.lxdh } : undefined
}
