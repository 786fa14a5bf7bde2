/**
 * 上传证照文件核验 through the BFF (embedded simulator), on PGlite AND PostgreSQL: the library's own
 * file is recognised as the original (and its current status told), one changed byte is not, a
 * non-PDF is 415, an oversize file 413, and the per-address limit holds — all without a login.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DB_KINDS, useDatabaseUrl } from '@bdc/shared/testing/databases'
import type { FileVerification } from '@bdc/shared/certificates/api'
import { bodyOf, loginWeapp, startTestBff, type TestBff } from './helpers'

describe.each(DB_KINDS)('verify an uploaded certificate file on %s', (kind) => {
  const databaseUrl = useDatabaseUrl(kind)
  let bff: TestBff
  let dataDir: string
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdc-verify-file-'))
    bff = await startTestBff({ databaseUrl: await databaseUrl(), env: { DATA_DIR: dataDir } })
  })
  afterEach(async () => {
    await bff.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const upload = (body: Uint8Array | string, type = 'application/pdf', ip = '198.51.100.7') =>
    bff.request('/api/certificates/verify-file', { method: 'POST', headers: { 'content-type': type, 'x-forwarded-for': ip }, body: body as unknown as string })
  const simCancel = (unitCode: string) => {
    const secret = fs.readFileSync(path.join(dataDir, 'upstream-client-secret'), 'utf8').trim()
    return bff.request('/province/__sim/rights/cancel', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`bdc-bff:${secret}`).toString('base64') },
      body: JSON.stringify({ unitCode }),
    })
  }

  it('the downloaded file is the original and current; one changed byte is not; after 注销 the same file says cancelled', async () => {
    const api = bff.api((await loginWeapp(bff, 'c-zhangwei')).auth).certificates
    const flat = (await bodyOf(await api.$get(), 200)).items.find((i) => i.certificateNo === '川(2023)成都市不动产权第0012345号')!
    const pdf = new Uint8Array(await (await api[':licenseId'].pdf.$get({ param: { licenseId: flat.licenseId } })).arrayBuffer())

    const res = await upload(pdf)
    expect(res.status).toBe(200)
    const ok = (await res.json()) as FileVerification
    expect(ok.original).toBe(true)
    expect(ok.title).toBe('这是登记机构出具的原始文件，未被修改')
    expect(ok.certificate?.certificateNo).toBe(flat.certificateNo)
    expect(ok.certificate?.status).toBe('current')
    expect(ok.certificate?.holders.every((h) => h.includes('*'))).toBe(true)
    expect(JSON.stringify(ok)).not.toContain('张伟')

    // one byte changed anywhere (here: in the middle) → not the library's file
    const changed = new Uint8Array(pdf)
    const mid = Math.floor(changed.length / 2)
    changed[mid] = changed[mid]! ^ 0x01
    const bad = (await (await upload(changed)).json()) as FileVerification
    expect(bad.original).toBe(false)
    expect(bad.title).toBe('不是登记机构出具的原始文件，或已被修改')
    expect(bad.certificate).toBeUndefined()

    expect((await simCancel(flat.unitCode)).status).toBe(200)
    const after = (await (await upload(pdf)).json()) as FileVerification
    expect(after.original).toBe(true)
    expect(after.certificate?.status).toBe('cancelled')
    expect(after.hint).toContain('请勿受理')
  })

  it('refuses what is not a PDF (415), an oversize file (413) and a flood from one address (429), with Chinese messages', async () => {
    const notPdf = await upload('hello, this is text', 'text/plain')
    expect(notPdf.status).toBe(415)
    expect(await notPdf.json()).toMatchObject({ code: 'VERIFY_FILE_NOT_PDF', message: '只能核验 PDF 格式的证照文件' })
    // declared PDF but is not one
    expect(((await (await upload('GIF89a not a pdf')).json()) as { code: string }).code).toBe('VERIFY_FILE_NOT_PDF')
    const big = new Uint8Array(2 * 1024 * 1024 + 1)
    big.set(Buffer.from('%PDF-1.7\n'))
    const tooBig = await upload(big, 'application/pdf', '198.51.100.8')
    expect(tooBig.status).toBe(413)
    expect(((await tooBig.json()) as { code: string; message: string }).message).toMatch(/2 MB/)
    // 20 a minute per address (the two above count): the 21st is refused, another address is not
    let last = 0
    for (let i = 0; i < 18; i++) last = (await upload('x', 'text/plain')).status
    expect(last).toBe(415)
    const limited = await upload('x', 'text/plain')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await upload('x', 'text/plain', '198.51.100.9')).status).toBe(415)
  })
})
