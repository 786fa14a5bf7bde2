import type { ContainerLoginResult, DemoCitizen, Me } from '@bdc/shared/api'
import { call, client } from './client'

const auth = client.auth

/** 登录与会话 calls. */
export const authApi = {
  me: (): Promise<Me> => call(client.me.$get()),
  logout: (): Promise<{ ok: true }> => call(auth.logout.$post()),
  /** weapp: a 天府通办 container code for a bearer token. */
  containerLogin: (code: string): Promise<ContainerLoginResult> => call(auth.container.$post({ json: { code } })),
  /** Demo environment only: the synthetic citizens one may log in as. */
  demoCitizens: (): Promise<{ citizens: DemoCitizen[] }> => call(auth['demo-citizens'].$get()),
  devContainerCode: (citizenId: string): Promise<{ code: string }> => call(auth['dev-container-code'].$post({ json: { citizenId } })),
  /** H5 only: where to send the browser to start 天府通办 SSO (a page navigation, not a fetch). */
  loginUrl: (returnTo: string): string => auth.login.$url({ query: { returnTo } }).toString(),
}

export type AuthApi = typeof authApi
