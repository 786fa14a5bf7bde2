/**
 * The library's certificate file: signed (pdfsig valid over the whole file), dated the issue date,
 * the seal naming the 登记机构, and the 注销 watermark on a license no longer current.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import type { CertificateDetail } from '@bdc/shared/certificates/api'
import { issueCertificatePdf, issueMoment } from './certificate-pdf'

const cert: CertificateDetail = {
  licenseId: '11100000MB03271699001.510100.000000001.001.X',
  kind: 'right_certificate',
  kindLabel: '不动产权证书',
  certificateNo: '川(2023)成都市不动产权第0012345号',
  unitCode: '510107001001GB00001F00010001',
  unitCodeDisplay: '510107 001001 GB00001 F00010001',
  location: '成都市武侯区天府大道北段1号',
  status: 'current',
  statusLabel: '现势',
  cancelledAt: null,
  issuer: '成都市不动产登记中心',
  issuedOn: '2023-06-09',
  face: [{ label: '权利人', value: '张**（510107********123X）' }],
}

function pdfsig(pdf: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cert-pdf-'))
  try {
    fs.writeFileSync(path.join(dir, 'c.pdf'), pdf)
    return execFileSync('/usr/bin/pdfsig', [path.join(dir, 'c.pdf')], { encoding: 'utf8' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
const text = (pdf: Uint8Array) => execFileSync('/usr/bin/pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' })

describe('issueCertificatePdf', () => {
  it('is signed, dated the issue date (Beijing midnight), sealed by the registry, without the old 「（电子签章）」 placeholder', async () => {
    const pdf = await issueCertificatePdf(cert, 'https://bdc.example/v/1C/x')
    const sig = pdfsig(pdf)
    expect(sig).toContain('Signature Validation: Signature is Valid.')
    expect(sig).toContain('Total document signed')
    const doc = await PDFDocument.load(pdf, { updateMetadata: false })
    expect(doc.getCreationDate()?.toISOString()).toBe('2023-06-08T16:00:00.000Z')
    expect(doc.getCreationDate()?.getTime()).toBe(issueMoment(cert.issuedOn).getTime())
    expect(doc.getModificationDate()?.toISOString()).toBe('2023-06-08T16:00:00.000Z')
    const t = text(pdf)
    expect(t).toContain('电子证照专用章')
    expect(t).toContain(cert.certificateNo)
    expect(t).not.toContain('（电子签章）')
    expect(t).not.toContain('注销')
  })

  it('marks a cancelled license 注销', async () => {
    const pdf = await issueCertificatePdf({ ...cert, status: 'cancelled', statusLabel: '注销' }, 'https://bdc.example/v/1C/x')
    expect(text(pdf)).toContain('注销')
  })
})
