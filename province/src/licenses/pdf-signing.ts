/**
 * PDF signing of the simulated e-license library: every file it issues carries an embedded PDF
 * signature — a signature dictionary with /ByteRange over the whole file except the signature
 * itself, /SubFilter adbe.pkcs7.detached, and a detached CMS SignedData (SHA-256, RSA-2048) by the
 * library's document-signing certificate, issued by a simulated 「四川省不动产登记 CA」 root. The
 * trust list of the BFF publishes that root (PEM) so relying parties can trust it.
 *
 * Why RSA and not SM2: poppler's pdfsig (NSS) and Acrobat cannot verify SM2 signatures; production
 * issues OFD with a GB/T 38540 SM2 seal from the library (README), and the relay is format-neutral.
 *
 * Key material: `loadOrCreateDocumentSigningKeys(dir)` generates the CA and the signing key at first
 * start into DATA_DIR (`document-signing.json`, mode 0600, never committed; the CA's private key is
 * used once to issue the signing certificate and is not kept). Without configured keys (tests) a
 * process-wide ephemeral set is generated on first use.
 *
 * Plus a visible seal (drawn red round seal with the organisation's name) and the PDF's
 * creation/modification date = `signedAt` (the issue date).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib'
import { SignPdf } from '@signpdf/signpdf'
import { Signer, SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils'
import forge from 'node-forge'
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import { embedCjkFont } from './pdf-font'

export interface DocumentSigningKeys {
  /** the simulated root 「四川省不动产登记 CA」 (PEM) — what the trust list publishes */
  caCertPem: string
  /** the library's document-signing certificate (PEM), issued by the CA */
  signerCertPem: string
  /** its private key (PKCS#8 PEM) */
  signerKeyPem: string
}

export const CA_NAME = '四川省不动产登记 CA（模拟）'
export const SIGNER_NAME = '四川省不动产电子证照库 文档签名（模拟）'
export const DEFAULT_SEAL_ORGANISATION = '四川省不动产登记中心'
/** Certificates are valid from here so files dated by old issue dates lie inside their validity. */
const NOT_BEFORE = new Date('2000-01-01T00:00:00Z')
const KEY_FILE = 'document-signing.json'

const dn = (cn: string, o: string): forge.pki.CertificateField[] => [
  { shortName: 'C', value: 'CN' },
  { shortName: 'ST', value: '四川省', valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
  { shortName: 'O', value: o, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
  { shortName: 'CN', value: cn, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class },
]

function rsaKeyPair() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    pub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    priv: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    privPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}

const serial = () => '01' + crypto.randomBytes(15).toString('hex') // positive, 16 bytes

/** A fresh CA and document-signing certificate (RSA-2048, SHA-256). `now` sets the end of validity (now + 20 years). */
export function generateDocumentSigningKeys(now = new Date()): DocumentSigningKeys {
  const notAfter = new Date(now.getTime() + 20 * 365 * 86_400_000)
  const ca = rsaKeyPair()
  const caCert = forge.pki.createCertificate()
  caCert.publicKey = ca.pub
  caCert.serialNumber = serial()
  caCert.validity.notBefore = NOT_BEFORE
  caCert.validity.notAfter = notAfter
  const caName = dn(CA_NAME, '四川省不动产登记（模拟）')
  caCert.setSubject(caName)
  caCert.setIssuer(caName)
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  caCert.sign(ca.priv, forge.md.sha256.create())

  const signer = rsaKeyPair()
  const cert = forge.pki.createCertificate()
  cert.publicKey = signer.pub
  cert.serialNumber = serial()
  cert.validity.notBefore = NOT_BEFORE
  cert.validity.notAfter = notAfter
  cert.setSubject(dn(SIGNER_NAME, DEFAULT_SEAL_ORGANISATION))
  cert.setIssuer(caName)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ])
  cert.sign(ca.priv, forge.md.sha256.create())
  return { caCertPem: forge.pki.certificateToPem(caCert), signerCertPem: forge.pki.certificateToPem(cert), signerKeyPem: signer.privPem }
}

/** Reads `<dir>/document-signing.json`, or generates and writes it (mode 0600) at first start. */
export function loadOrCreateDocumentSigningKeys(dir: string): DocumentSigningKeys {
  const file = path.join(dir, KEY_FILE)
  if (fs.existsSync(file)) {
    const k = JSON.parse(fs.readFileSync(file, 'utf8')) as DocumentSigningKeys
    if (k.caCertPem && k.signerCertPem && k.signerKeyPem) return k
    throw new Error(`${file}: caCertPem, signerCertPem and signerKeyPem are required`)
  }
  const k = generateDocumentSigningKeys()
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(file, JSON.stringify(k, null, 2), { mode: 0o600 })
  return k
}

let active: { keys: DocumentSigningKeys; key: forge.pki.PrivateKey; cert: forge.pki.Certificate; ca: forge.pki.Certificate } | undefined

/** Sets the keys signPdf uses (process-wide: the library has one document-signing key). */
export function useDocumentSigningKeys(keys: DocumentSigningKeys): void {
  active = { keys, key: forge.pki.privateKeyFromPem(keys.signerKeyPem), cert: parseCert(keys.signerCertPem), ca: parseCert(keys.caCertPem) }
}

/**
 * forge keeps UTF8String name values as UTF-8 bytes when parsing but encodes them again when
 * writing (the CMS issuerAndSerialNumber, the certificates bag): decode them once after parsing so
 * the written names are byte-identical to the certificate's.
 */
function parseCert(pem: string): forge.pki.Certificate {
  const cert = forge.pki.certificateFromPem(pem)
  for (const name of [cert.subject, cert.issuer]) {
    for (const a of name.attributes) {
      if ((a.valueTagClass as unknown) === forge.asn1.Type.UTF8 && typeof a.value === 'string') a.value = forge.util.decodeUtf8(a.value)
    }
  }
  return cert
}

function current() {
  if (!active) useDocumentSigningKeys(generateDocumentSigningKeys())
  return active!
}

/** The CA certificate (PEM) relying parties trust: what the trust list publishes. */
export function documentSigningCaPem(): string {
  return current().keys.caCertPem
}

/** Detached CMS SignedData over the bytes (SHA-256, signed attributes incl. signing time), signer cert + CA in the bag. */
class ForgeSigner extends Signer {
  constructor(private readonly k: ReturnType<typeof current>) {
    super()
  }
  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData()
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'))
    p7.addCertificate(this.k.cert)
    p7.addCertificate(this.k.ca)
    p7.addSigner({
      key: this.k.key as forge.pki.rsa.PrivateKey,
      certificate: this.k.cert,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    })
    p7.sign({ detached: true })
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary')
  }
}

const SEAL_RED = rgb(0.86, 0.08, 0.08)

/**
 * A round red seal: double ring, five-pointed star, the organisation's name along the upper arc
 * and 「电子证照专用章」 below the star (how Chinese official seals look; drawn as vectors + text).
 */
export function drawSeal(page: PDFPage, font: PDFFont, organisation: string, cx: number, cy: number, r = 52): void {
  page.drawCircle({ x: cx, y: cy, size: r, borderColor: SEAL_RED, borderWidth: 2.6, borderOpacity: 0.9, opacity: 0 })
  page.drawCircle({ x: cx, y: cy, size: r - 3.5, borderColor: SEAL_RED, borderWidth: 0.6, borderOpacity: 0.9, opacity: 0 })
  // star (SVG y points down; origin at the centre)
  const s = r * 0.3
  const pts = Array.from({ length: 10 }, (_, k) => {
    const a = ((-90 + k * 36) * Math.PI) / 180
    const rr = k % 2 ? s * 0.382 : s
    return `${(rr * Math.cos(a)).toFixed(2)} ${(rr * Math.sin(a)).toFixed(2)}`
  })
  page.drawSvgPath(`M ${pts.join(' L ')} Z`, { x: cx, y: cy + s * 0.1, color: SEAL_RED, opacity: 0.9 })
  // name along the upper arc, each glyph upright to the circle
  const chars = Array.from(organisation)
  // at most 210° of arc, glyphs 1.1 em apart: size ≤ arc·R / (1.1 n) with R = r − 6 − 0.9·size
  const maxArc = (210 * Math.PI) / 180
  const size = Math.min(r * 0.24, (maxArc * (r - 6)) / (1.1 * chars.length + 0.9 * maxArc))
  const R = r - 6 - size * 0.9
  const span = Math.min(210, (chars.length * ((size * 1.1) / R) * 180) / Math.PI)
  chars.forEach((ch, i) => {
    const theta = 90 + span / 2 - (chars.length > 1 ? (i * span) / (chars.length - 1) : span / 2)
    const t = (theta * Math.PI) / 180
    const w = font.widthOfTextAtSize(ch, size)
    // baseline tangent (clockwise) = (sin t, -cos t); start half a glyph before the arc point
    const x = cx + R * Math.cos(t) - (w / 2) * Math.sin(t)
    const y = cy + R * Math.sin(t) + (w / 2) * Math.cos(t)
    page.drawText(ch, { x, y, size, font, color: SEAL_RED, opacity: 0.9, rotate: { type: 'degrees' as never, angle: theta - 90 } as never })
  })
  const label = '电子证照专用章'
  const ls = r * 0.15
  page.drawText(label, { x: cx - font.widthOfTextAtSize(label, ls) / 2, y: cy - r * 0.42, size: ls, font, color: SEAL_RED, opacity: 0.9 })
}

export interface SignPdfOptions {
  /** signing time, and the PDF's creation/modification date (the issue date) */
  signedAt: Date
  /** /Reason of the signature, e.g. 「不动产权证书电子证照签发」 */
  reason: string
  /** /Location, default 「四川省」 */
  location?: string
  /**
   * The visible seal on the first page: organisation name (default 四川省不动产登记中心) and centre
   * (default lower left, x 150 y 150, radius 52); `false` for none.
   */
  seal?: { organisation?: string; x?: number; y?: number; radius?: number } | false
}

/**
 * Signs a PDF: sets its dates, draws the seal, adds the signature field (its widget over the
 * seal), and embeds a detached CMS signature covering every byte except the signature value.
 * The input must be a PDF pdf-lib can load (the library's own renderer's output).
 */
export async function signPdf(pdf: Uint8Array, opts: SignPdfOptions): Promise<Uint8Array> {
  const k = current()
  const doc = await PDFDocument.load(pdf, { updateMetadata: false })
  doc.setCreationDate(opts.signedAt)
  doc.setModificationDate(opts.signedAt)
  const page = doc.getPages()[0]!
  let widgetRect = [0, 0, 0, 0]
  if (opts.seal !== false) {
    const seal = opts.seal ?? {}
    const x = seal.x ?? 150
    const y = seal.y ?? 150
    const r = seal.radius ?? 52
    drawSeal(page, await embedCjkFont(doc), seal.organisation ?? DEFAULT_SEAL_ORGANISATION, x, y, r)
    widgetRect = [x - r, y - r, x + r, y + r]
  }
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: page,
    reason: opts.reason,
    contactInfo: '',
    name: SIGNER_NAME,
    location: opts.location ?? '四川省',
    signingTime: opts.signedAt,
    signatureLength: 8192,
    subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    widgetRect,
    appName: '四川省不动产电子证照库（模拟）',
  })
  // No object streams: the signature dictionary must stay a plain object for /ByteRange.
  const withPlaceholder = await doc.save({ useObjectStreams: false })
  const signed = await new SignPdf().sign(Buffer.from(withPlaceholder), new ForgeSigner(k), opts.signedAt)
  return new Uint8Array(signed)
}
