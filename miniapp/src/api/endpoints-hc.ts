import { createApiClient, type FetchImpl } from '@bdc/bff/client'
import type { InferResponseType } from 'hono/client'
import type { Endpoints } from './endpoints'
import { unwrap } from './response'
import type { FetchLike, ResponseLike } from './taro-fetch'

/**
 * Endpoints through the BFF's typed hono client. The compiler checks every path, body and
 * success type against the BFF's route contracts (and those against @bdc/shared/api through the
 * `Endpoints` return types), so a renamed route or field breaks the app build, not the user.
 */
export function createHcEndpoints(baseUrl: string, fetchImpl: FetchLike): Endpoints {
  // hc only reads ok/status/json/text/headers from what fetch returns, which ResponseLike provides.
  const client = createApiClient(baseUrl, fetchImpl as unknown as FetchImpl)
  const call = async <T>(pending: Promise<unknown>): Promise<T> => unwrap<T>((await pending) as ResponseLike)
  type Ok<F> = F extends (...args: never[]) => unknown ? InferResponseType<F, 200> : never

  return {
    getMe: () => call<Ok<typeof client.me.$get>>(client.me.$get()),
    getProperties: () => call<Ok<typeof client.properties.$get>>(client.properties.$get()),
    getProperty: (unitCode) =>
      call<Ok<(typeof client.properties)[':unitCode']['$get']>>(client.properties[':unitCode'].$get({ param: { unitCode } })),
    logout: () => call<Ok<typeof client.auth.logout.$post>>(client.auth.logout.$post()),
    containerLogin: (code) => call<Ok<typeof client.auth.container.$post>>(client.auth.container.$post({ json: { code } })),
    getDemoCitizens: () => call<Ok<(typeof client.auth)['demo-citizens']['$get']>>(client.auth['demo-citizens'].$get()),
    devContainerCode: (citizenId) =>
      call<Ok<(typeof client.auth)['dev-container-code']['$post']>>(client.auth['dev-container-code'].$post({ json: { citizenId } })),
    createGrant: (body) => call<Ok<typeof client.delegations.$post>>(client.delegations.$post({ json: body })),
    getGrants: () => call<Ok<typeof client.delegations.$get>>(client.delegations.$get()),
    getGrant: (id) => call<Ok<(typeof client.delegations)[':id']['$get']>>(client.delegations[':id'].$get({ param: { id } })),
    revokeGrant: (id) =>
      call<Ok<(typeof client.delegations)[':id']['revoke']['$post']>>(client.delegations[':id'].revoke.$post({ param: { id } })),
    openDelegation: (token) => call<Ok<typeof client.delegate.view.$post>>(client.delegate.view.$post({ json: { token } })),
    searchAddress: (address) =>
      call<Ok<(typeof client)['restriction-query']['address']['$post']>>(client['restriction-query'].address.$post({ json: { address } })),
    queryRestrictions: (by) => call<Ok<(typeof client)['restriction-query']['$post']>>(client['restriction-query'].$post({ json: by })),
    // A full-page navigation, not a fetch; built by hand because hc's $url() needs an absolute
    // base and H5 uses the same origin ('').
    loginUrl: (returnTo) => `${baseUrl}/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
  }
}
