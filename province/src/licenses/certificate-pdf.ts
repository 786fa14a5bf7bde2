/**
 * The certificate file the simulated e-license library issues: the face as a PDF (Noto Sans SC
 * subset, the face rows of @bdc/shared/certificates/face — masked as on screen), the printed
 * verification QR drawn as vector modules, the 电子证照标识, a 注销 watermark when the license is no
 * longer current — then signed (pdf-signing.ts): the registry's red seal over 登记机构, an embedded
 * PDF signature, and creation/modification date = the issue date (登簿日期, Beijing midnight).
 * Nothing is fetched at run time.
 */
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import QRCode from 'qrcode'
import type { CertificateDetail } from '@bdc/shared/certificates/api'
import { embedCjkFont } from './pdf-font'
import { signPdf } from './pdf-signing'

/** The moment a license file is dated and signed: its issue date, 00:00 Beijing time. */
export const issueMoment = (issuedOn: string) => new Date(`${issuedOn}T00:00:00+08:00`)

/** Where the seal sits: over 登记机构 (x, y of its centre, points from the lower left). */
export const SEAL_AT = { x: 56 + 200, y: 170, radius: 52 }

/** Renders and signs the certificate file. */
export async function issueCertificatePdf(cert: CertificateDetail, verifyUrl: string): Promise<Uint8Array> {
  const unsigned = await renderCertificatePdf(cert, verifyUrl)
  return signPdf(unsigned, {
    signedAt: issueMoment(cert.issuedOn),
    reason: `${cert.kindLabel}电子证照签发 ${cert.certificateNo}`,
    location: '四川省',
    seal: { organisation: cert.issuer, ...SEAL_AT },
  })
}

const INK = rgb(0.12, 0.14, 0.16)
const RULE = rgb(0.55, 0.42, 0.25)
const MUTED = rgb(0.4, 0.4, 0.42)
const RED = rgb(0.8, 0.1, 0.1)

/** Breaks text into lines that fit `width` (CJK breaks anywhere; good enough for the face). */
export function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const ch of Array.from(text)) {
    if (font.widthOfTextAtSize(line + ch, size) > width && line) {
      lines.push(line)
      line = ch
    } else line += ch
  }
  if (line || !lines.length) lines.push(line)
  return lines
}

/** The QR as vector modules (sharp at any zoom); returns its version. */
export function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 4
  const cell = size / (n + quiet * 2)
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) })
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) page.drawRectangle({ x: x + (c + quiet) * cell, y: y + size - (r + quiet + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: rgb(0, 0, 0) })
    }
  }
  return qr.version
}

export async function renderCertificatePdf(cert: CertificateDetail, verifyUrl: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.setTitle(`${cert.kindLabel} ${cert.certificateNo}`)
  doc.setSubject(cert.licenseId)
  doc.setProducer('四川省不动产电子证照库（模拟）')
  doc.setCreator('四川省不动产电子证照库（模拟）')
  const font = await embedCjkFont(doc)
  const page = doc.addPage([595.28, 841.89]) // A4
  const W = page.getWidth()
  const left = 56
  const right = W - 56
  const text = (s: string, x: number, y: number, size: number, color = INK) => page.drawText(s, { x, y, size, font, color })
  const center = (s: string, y: number, size: number, color = INK) => text(s, (W - font.widthOfTextAtSize(s, size)) / 2, y, size, color)

  // frame
  page.drawRectangle({ x: 28, y: 28, width: W - 56, height: 841.89 - 56, borderColor: RULE, borderWidth: 2 })
  page.drawRectangle({ x: 34, y: 34, width: W - 68, height: 841.89 - 68, borderColor: RULE, borderWidth: 0.6 })

  center('中华人民共和国', 770, 14, MUTED)
  center(cert.kindLabel, 732, 30)
  center(cert.certificateNo, 700, 14)

  // face table
  let y = 670
  const labelW = 108
  const valueX = left + labelW + 10
  const valueW = right - valueX - 8
  page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.8, color: RULE })
  for (const row of cert.face) {
    const lines = wrap(font, row.value || '—', 11, valueW)
    const h = Math.max(26, lines.length * 16 + 10)
    text(row.label, left + 8, y - 17, 11, MUTED)
    lines.forEach((l, i) => text(l, valueX, y - 17 - i * 16, 11))
    y -= h
    page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.5, color: RULE })
  }
  page.drawLine({ start: { x: left + labelW, y: 670 }, end: { x: left + labelW, y }, thickness: 0.5, color: RULE })
  page.drawLine({ start: { x: left, y: 670 }, end: { x: left, y }, thickness: 0.8, color: RULE })
  page.drawLine({ start: { x: right, y: 670 }, end: { x: right, y }, thickness: 0.8, color: RULE })

  // issuing authority and date, QR with caption, identifier
  const qrSize = 118
  const qrY = 70
  drawQr(page, verifyUrl, right - qrSize, qrY + 16, qrSize)
  text('扫码核验真伪与现势状态', right - qrSize + 4, qrY + 2, 9, MUTED)
  text(`登记机构：${cert.issuer}`, left, qrY + 104, 12)
  text(`登簿日期：${cert.issuedOn.slice(0, 4)}年${Number(cert.issuedOn.slice(5, 7))}月${Number(cert.issuedOn.slice(8, 10))}日`, left, qrY + 82, 12)
  text('电子证照标识：', left, qrY + 56, 9, MUTED)
  text(cert.licenseId, left, qrY + 42, 9, MUTED)
  text(`证照状态：${cert.statusLabel}`, left, qrY + 20, 9, cert.status === 'current' ? MUTED : RED)

  if (cert.status !== 'current') {
    const size = 150
    const w = font.widthOfTextAtSize('注销', size)
    page.drawText('注销', { x: (W - w * 0.7) / 2 - 20, y: 300, size, font, color: RED, opacity: 0.28, rotate: degrees(30) })
  }
  return doc.save({ useObjectStreams: false })
}
