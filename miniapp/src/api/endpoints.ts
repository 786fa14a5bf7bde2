import type { ContainerLoginResult, DemoCitizen, Me, PropertyDetail, PropertyList } from '@bdc/shared/api'
import type { AddressCandidates, CreateGrantBody, CreatedGrant, DelegatedView, GrantDetail, GrantSummary, RestrictionQueryResult } from '@bdc/shared/delegations'
import { unwrap } from './response'
import type { FetchLike } from './taro-fetch'

/**
 * Everything the pages ask of the BFF. Pages depend on this interface only, so the transport
 * (hand-written fetch calls now, hono's typed `hc` client later) can change underneath.
 * Types only from @bdc/shared/api: the zod schemas stay on the server.
 */
export interface Endpoints {
  getMe(): Promise<Me>
  getProperties(): Promise<PropertyList>
  getProperty(unitCode: string): Promise<PropertyDetail>
  logout(): Promise<{ ok: true }>
  containerLogin(code: string): Promise<ContainerLoginResult>
  getDemoCitizens(): Promise<{ citizens: DemoCitizen[] }>
  devContainerCode(citizenId: string): Promise<{ code: string }>
  createGrant(body: CreateGrantBody): Promise<CreatedGrant>
  getGrants(): Promise<{ items: GrantSummary[] }>
  getGrant(id: string): Promise<GrantDetail>
  revokeGrant(id: string): Promise<GrantSummary>
  openDelegation(token: string): Promise<DelegatedView>
  searchAddress(address: string): Promise<AddressCandidates>
  queryRestrictions(by: { unitCode: string } | { certificateNo: string }): Promise<RestrictionQueryResult>
  /** H5 only: where to send the browser to start 天府通办 SSO. */
  loginUrl(returnTo: string): string
}

const JSON_HEADERS = { 'Content-Type': 'application/json' }

export function createFetchEndpoints(baseUrl: string, fetchImpl: FetchLike): Endpoints {
  const get = async <T>(path: string) => unwrap<T>(await fetchImpl(baseUrl + path, { method: 'GET' }))
  const post = async <T>(path: string, body: unknown = {}) =>
    unwrap<T>(await fetchImpl(baseUrl + path, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }))

  return {
    getMe: () => get<Me>('/api/me'),
    getProperties: () => get<PropertyList>('/api/properties'),
    getProperty: (unitCode) => get<PropertyDetail>(`/api/properties/${encodeURIComponent(unitCode)}`),
    logout: () => post<{ ok: true }>('/api/auth/logout'),
    containerLogin: (code) => post<ContainerLoginResult>('/api/auth/container', { code }),
    getDemoCitizens: () => get<{ citizens: DemoCitizen[] }>('/api/auth/demo-citizens'),
    devContainerCode: (citizenId) => post<{ code: string }>('/api/auth/dev-container-code', { citizenId }),
    createGrant: (body) => post<CreatedGrant>('/api/delegations', body),
    getGrants: () => get<{ items: GrantSummary[] }>('/api/delegations'),
    getGrant: (id) => get<GrantDetail>(`/api/delegations/${encodeURIComponent(id)}`),
    revokeGrant: (id) => post<GrantSummary>(`/api/delegations/${encodeURIComponent(id)}/revoke`),
    openDelegation: (token) => post<DelegatedView>('/api/delegate/view', { token }),
    searchAddress: (address) => post<AddressCandidates>('/api/restriction-query/address', { address }),
    queryRestrictions: (by) => post<RestrictionQueryResult>('/api/restriction-query', by),
    loginUrl: (returnTo) => `${baseUrl}/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
  }
}
