import { chromium } from 'playwright-core'
import { buildVerifyPage } from './src/verify/build'
const p = buildVerifyPage()
const certificate = { kindLabel: '不动产权证书', certificateNo: '川(2024)绵阳市不动产权第0000123号', unitCodeDisplay: '510703 001002 GB00001 F00010001', location: '绵阳市涪城区****', holders: ['李**', '王*'], issuer: '绵阳市不动产登记中心', issuedOn: '2024-03-01' }
const contact = { office: '绵阳市不动产登记中心', phone: '0816-2253066' }
const now = new Date().toISOString()
const states: Record<string, object> = {
  valid: { status: 'valid', title: '有效', hint: '证照真实，当前为现势状态', codeKind: 'printed', checkedAt: now, certificate },
  cancelled: { status: 'cancelled', title: '已注销', hint: '该证照已注销，不再具有效力', codeKind: 'printed', checkedAt: now, cancelledAt: '2026-11-20T02:30:00.000Z', contact, certificate },
  superseded: { status: 'superseded', title: '已换发', hint: '该证照已被新证照取代（转移、变更或换证），请索取最新证照', codeKind: 'printed', checkedAt: now, cancelledAt: '2026-10-02T06:00:00.000Z', contact, certificate },
  expired: { status: 'expired', title: '亮证码已过期', hint: '亮证二维码仅 3 分钟有效，请权利人重新出示', codeKind: 'live', expiresAt: '2026-12-03T11:02:03.000Z', checkedAt: now, contact },
  bad_signature: { status: 'bad_signature', title: '签名无效', hint: '二维码内容被篡改或伪造', codeKind: 'printed', checkedAt: now, contact },
  malformed: { status: 'malformed', title: '无法识别', hint: '这不是有效的不动产电子证照核验码', reason: '二维码内容不完整', checkedAt: now },
}
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
const page = await b.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 })
for (const [name, answer] of Object.entries(states)) {
  await page.unrouteAll()
  await page.route('**/*', (r) => {
    const u = new URL(r.request().url())
    if (u.pathname.startsWith('/v/')) return r.fulfill({ contentType: 'text/html', body: p.html })
    if (u.pathname === p.scriptPath) return r.fulfill({ contentType: 'text/javascript', body: p.script })
    if (u.pathname.endsWith('trust-list')) return r.fulfill({ status: 503, body: '' })
    return r.fulfill({ contentType: 'application/json', body: JSON.stringify(answer) })
  })
  await page.goto('http://verify.test/v/1C/x')
  await page.locator('.card[data-status]').waitFor()
  await page.screenshot({ path: `/tmp/d/v-${name}.png`, fullPage: true })
}
await b.close()
