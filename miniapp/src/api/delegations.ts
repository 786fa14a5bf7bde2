import type { CreateGrantBody, CreatedGrant, DelegatedView, GrantDetail, GrantSummary } from '@bdc/shared/delegations'
import { call, client, segment } from './client'

const delegations = client.delegations

/** 授权他人查询 calls: the owner's grants, and the delegate's view of one. */
export const delegationsApi = {
  create: (body: CreateGrantBody): Promise<CreatedGrant> => call(delegations.$post({ json: body })),
  list: (): Promise<{ items: GrantSummary[] }> => call(delegations.$get()),
  get: (id: string): Promise<GrantDetail> => call(delegations[':id'].$get({ param: { id: segment(id) } })),
  revoke: (id: string): Promise<GrantSummary> => call(delegations[':id'].revoke.$post({ param: { id: segment(id) } })),
  /** The delegate opens a grant with the token from the owner's link. */
  open: (token: string): Promise<DelegatedView> => call(client.delegate.view.$post({ json: { token } })),
}
