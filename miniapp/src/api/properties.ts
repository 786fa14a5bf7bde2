import type { PropertyDetail, PropertyList } from '@bdc/shared/api'
import { call, client, segment } from './client'

const properties = client.properties

/** 我的不动产 calls. */
export const propertiesApi = {
  list: (): Promise<PropertyList> => call(properties.$get()),
  get: (unitCode: string): Promise<PropertyDetail> => call(properties[':unitCode'].$get({ param: { unitCode: segment(unitCode) } })),
}
