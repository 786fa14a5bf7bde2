/**
 * The library's PDF signature as a relying party checks it: poppler's pdfsig (NSS) must report the
 * signature valid over the total document, and report it broken once any signed byte changes.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import forge from 'node-forge'
import { PDFDocument } from 'pdf-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import { documentSigningCaPem, generateDocumentSigningKeys, loadOrCreateDocumentSigningKeys, signPdf, SIGNER_NAME, useDocumentSigningKeys } from './pdf-signing'

const PDFSIG = '/usr/bin/pdfsig'

function pdfsig(bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdfsig-'))
  const file = path.join(dir, 'f.pdf')
  fs.writeFileSync(file, bytes)
  try {
    return execFileSync(PDFSIG, [file], { encoding: 'utf8' })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function byteRange(bytes: Uint8Array): number[] {
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(Buffer.from(bytes).toString('latin1'))
  if (!m) throw new Error('no /ByteRange')
  return m.slice(1).map(Number)
}

const signedAt = new Date('2019-05-01T00:00:00+08:00')
let signed: Uint8Array

beforeAll(async () => {
  useDocumentSigningKeys(generateDocumentSigningKeys())
  const doc = await PDFDocument.create()
  doc.addPage([595.28, 841.89]).drawText('test', { x: 50, y: 700 })
  signed = await signPdf(await doc.save(), { signedAt, reason: '不动产权证书电子证照签发', seal: { organisation: '成都市不动产登记中心' } })
}, 60_000)

describe('signPdf', () => {
  it('pdfsig reports the signature valid and covering the total document', () => {
    expect(fs.existsSync(PDFSIG), 'poppler-utils (pdfsig) must be installed').toBe(true)
    const out = pdfsig(signed)
    expect(out).toContain('Signature Validation: Signature is Valid.')
    expect(out).toContain('Total document signed')
    expect(out).toContain('Signature Type: adbe.pkcs7.detached')
    expect(out).toContain('Signing Hash Algorithm: SHA-256')
    expect(out).toContain(`Signer Certificate Common Name: ${SIGNER_NAME}`)
    // the ranges run from the first byte to the last, skipping only the signature value
    const [a, b, c, d] = byteRange(signed)
    expect(a).toBe(0)
    expect(c! + d!).toBe(signed.length)
    expect(Buffer.from(signed.subarray(b!, c!)).toString('latin1')).toMatch(/^<[0-9a-f]+>$/i)
  })

  it('a flipped byte anywhere in the signed ranges makes pdfsig report it invalid', () => {
    const [, b, c] = byteRange(signed)
    const text = Buffer.from(signed).toString('latin1')
    // the binary comment of the header (first range) and the field name (second range): both keep the file parseable
    const positions = [10, text.indexOf('Signature1', c!) + 'Signature'.length]
    expect(positions[1]).toBeGreaterThan(c!)
    expect(positions[0]).toBeLessThan(b!)
    for (const at of positions) {
      const bad = new Uint8Array(signed)
      bad[at] = bad[at]! ^ 0x01
      const out = pdfsig(bad)
      expect(out).toContain('Signature Validation:')
      expect(out).not.toContain('Signature is Valid')
    }
  })

  it('dates the file with the issue date and draws the seal', async () => {
    const doc = await PDFDocument.load(signed, { updateMetadata: false })
    expect(doc.getCreationDate()?.toISOString()).toBe(signedAt.toISOString())
    expect(doc.getModificationDate()?.toISOString()).toBe(signedAt.toISOString())
    const out = execFileSync('/usr/bin/pdfinfo', ['-isodates', '-'], { input: signed, encoding: 'utf8' })
    expect(out).toMatch(/CreationDate:\s+2019-04-30T16:00:00Z|CreationDate:\s+2019-05-01T00:00:00\+08/)
    const txt = execFileSync('/usr/bin/pdftotext', ['-', '-'], { input: signed, encoding: 'utf8' })
    expect(txt).toContain('电子证照专用章')
  })

  it('signs with a certificate the published CA issued', () => {
    const ca = forge.pki.certificateFromPem(documentSigningCaPem())
    const der = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(Buffer.from(signed).toString('latin1'))![1]!
    const p7 = forge.pkcs7.messageFromAsn1(forge.asn1.fromDer(forge.util.hexToBytes(der.replace(/(00)+$/, '')), false)) as forge.pkcs7.PkcsSignedData
    const signer = p7.certificates[0]!
    const issued = (by: forge.pki.Certificate) => {
      try {
        return by.verify(signer)
      } catch {
        return false
      }
    }
    expect(issued(ca)).toBe(true)
    // a CA of another deployment did not issue it
    expect(issued(forge.pki.certificateFromPem(generateDocumentSigningKeys().caCertPem))).toBe(false)
  })
})

describe('loadOrCreateDocumentSigningKeys', () => {
  it('generates the keys once into the data folder, private (0600), and reads them back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docsign-'))
    try {
      const a = loadOrCreateDocumentSigningKeys(dir)
      const file = path.join(dir, 'document-signing.json')
      expect(fs.statSync(file).mode & 0o777).toBe(0o600)
      expect(loadOrCreateDocumentSigningKeys(dir)).toEqual(a)
      expect(a.caCertPem).toContain('BEGIN CERTIFICATE')
      expect(JSON.stringify(a)).not.toContain('CA PRIVATE') // the CA's key is not kept
      expect(Object.keys(a).sort()).toEqual(['caCertPem', 'signerCertPem', 'signerKeyPem'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
