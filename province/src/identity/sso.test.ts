/**
 * Issue 12 §8: the simulated 统一身份认证 page sends a browser — and a login code — only to a callback
 * address registered for the client, exactly as the real platform does. Anything else gets a plain
 * Chinese error page and no code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimulator } from '../app'
import { openSimulatorDatabase } from '../db/connect'
import { seedDemo } from '../seed/seed'
import { authCodes } from './identity.schema'
import { DEFAULT_REDIRECT_URIS } from './sso'

const CLIENT_ID = 'bdc-bff'
const SECRET = 'test-secret-0123456789'
const REGISTERED = 'https://bdc.example.cn/api/auth/callback'

let opened: Awaited<ReturnType<typeof openSimulatorDatabase>>
let app: ReturnType<typeof createSimulator>

beforeAll(async () => {
  opened = await openSimulatorDatabase()
  await seedDemo(opened.db)
  app = createSimulator({ db: opened.db, clientId: CLIENT_ID, clientSecret: SECRET, redirectUris: [REGISTERED] })
})
afterAll(async () => {
  await opened.close()
})

const page = (redirectUri: string, a = app) =>
  a.request(`/sso/authorize?${new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: redirectUri, state: 's1' })}`)
const pick = (redirectUri: string) =>
  app.request('/sso/authorize', {
    method: 'POST',
    body: new URLSearchParams({ citizenId: 'c-zhangwei', client_id: CLIENT_ID, redirect_uri: redirectUri, state: 's1' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  })

const UNREGISTERED = [
  'https://evil.example/api/auth/callback',
  'https://bdc.example.cn/api/auth/callback/../../evil',
  'https://bdc.example.cn/api/auth/callback?x=1',
  'https://bdc.example.cn/api/auth/callbackx',
  'https://bdc.example.cn.evil.example/api/auth/callback',
  'http://bdc.example.cn/api/auth/callback',
  'https://bdc.example.cn:444/api/auth/callback',
]

describe('SSO authorize checks redirect_uri against the registered client', () => {
  it('shows the login page for the registered callback, and sends the code there', async () => {
    const shown = await page(REGISTERED)
    expect(shown.status).toBe(200)
    expect(await shown.text()).toContain('<form')
    const res = await pick(REGISTERED)
    expect(res.status).toBe(302)
    const loc = new URL(res.headers.get('location')!)
    expect(`${loc.origin}${loc.pathname}`).toBe(REGISTERED)
    expect(loc.searchParams.get('code')).toBeTruthy()
  })

  it.each(UNREGISTERED)('refuses %s: a Chinese error page, no redirect, no code issued', async (uri) => {
    const codesBefore = (await opened.db.select().from(authCodes)).length
    for (const res of [await page(uri), await pick(uri)]) {
      expect(res.status).toBe(400)
      expect(res.headers.get('location')).toBeNull()
      const html = await res.text()
      expect(html).toContain('回调地址未登记')
      expect(html).not.toContain('<form')
    }
    expect((await opened.db.select().from(authCodes)).length).toBe(codesBefore)
  })

  it("by default the client's registered callbacks are the BFF's default addresses", async () => {
    const byDefault = createSimulator({ db: opened.db, clientId: CLIENT_ID, clientSecret: SECRET })
    for (const uri of DEFAULT_REDIRECT_URIS) expect((await page(uri, byDefault)).status).toBe(200)
    expect((await page(REGISTERED, byDefault)).status).toBe(400)
  })
})
