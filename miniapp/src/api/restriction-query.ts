import type { AddressCandidates, RestrictionQueryResult } from '@bdc/shared/delegations'
import { call, client } from './client'

const query = client['restriction-query']

/** 限制查询 calls: anyone's question about one unit's status and restrictions, never its owner. */
export const restrictionQueryApi = {
  searchAddress: (address: string): Promise<AddressCandidates> => call(query.address.$post({ json: { address } })),
  query: (by: { unitCode: string } | { certificateNo: string }): Promise<RestrictionQueryResult> => call(query.$post({ json: by })),
}
