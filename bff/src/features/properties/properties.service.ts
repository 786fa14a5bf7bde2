/** The citizen's own properties (本人名下不动产), read from the provincial registry at every request. */
import type { PropertyDetail, PropertySummary } from '@bdc/shared/api'
import type { Deps, SessionContext } from '../../env'
import type { RequestAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { UpstreamRejection } from '../../upstream/client'
import { holdsUnit, toPropertyDetail, toPropertySummary } from '../../upstream/mapping/registry'

export async function listProperties(deps: Deps, s: SessionContext): Promise<PropertySummary[]> {
  const { holdings } = await deps.upstream.holdings({ idType: s.idType, idNumber: s.idNumber })
  return holdings.map(toPropertySummary)
}

export async function getProperty(deps: Deps, s: SessionContext, unitCode: string, audit: RequestAudit): Promise<PropertyDetail> {
  try {
    const unit = await deps.upstream.unitDetail(unitCode, { idType: s.idType, idNumber: s.idNumber })
    // Defence in depth: the registry already filters by holder; refuse anything that slipped through.
    if (!holdsUnit(unit, s.idNumber)) throw new AppError('PROPERTY_NOT_FOUND')
    await audit({ action: 'property.view', target: unitCode, outcome: 'ok' })
    return toPropertyDetail(unit, s.idNumber, deps.now())
  } catch (e) {
    if ((e instanceof UpstreamRejection && e.status === 404) || (e instanceof AppError && e.code === 'PROPERTY_NOT_FOUND')) {
      await audit({ action: 'property.view', target: unitCode, outcome: 'denied' })
      throw new AppError('PROPERTY_NOT_FOUND')
    }
    throw e
  }
}
