import type { Consent, CreateConsentBody, Institution } from '@bdc/shared/institutions'
import { call, client, segment } from './client'

const consents = client['institution-consents']

/** 授权机构核验: the institutions to pick from, and the consents the citizen gave them. */
export const institutionsApi = {
  institutions: (): Promise<{ items: Institution[] }> => call(client.institutions.$get()),
  consents: (): Promise<{ items: Consent[] }> => call(consents.$get()),
  grant: (body: CreateConsentBody): Promise<Consent> => call(consents.$post({ json: body })),
  revoke: (id: string): Promise<Consent> => call(consents[':id'].revoke.$post({ param: { id: segment(id) } })),
}
