/**
 * The 不动产登记资料查询结果证明 as a PDF: the registry's statement of what it holds in the holder's
 * name (each unit: 坐落, 不动产单元号, 证书号, 用途, 面积, 现势限制) or that it holds nothing, the
 * purpose, proof number, issue time (Beijing time), validity, the verification QR (vector modules)
 * and the issuing office. Noto Sans SC embedded as a subset (../licenses/pdf-font.ts, shared with the
 * certificate file). Then signed like a certificate file (../licenses/pdf-signing.ts): the registry's
 * red seal, an embedded PDF signature, creation/modification date = issue time.
 */
import { PDFDocument, rgb } from 'pdf-lib'
import { PROOF_VALID_DAYS } from '@bdc/shared/certificates/index'
import { HOLDER_KINDS, ID_TYPES, RESTRICTION_TYPES, RIGHT_TYPES, USES } from '@bdc/shared/dict'
import { beijingIso } from '@bdc/shared/ids/normalize'
import { formatUnitCode } from '@bdc/shared/ids/index'
import { PROOF_PURPOSE_LABELS } from '@bdc/shared/proofs-dict'
import type { UpstreamProof } from '@bdc/shared/province-contract'
import { drawQr, wrap } from '../licenses/certificate-pdf'
import { embedCjkFont } from '../licenses/pdf-font'
import { signPdf } from '../licenses/pdf-signing'

const INK = rgb(0.12, 0.14, 0.16)
const RULE = rgb(0.55, 0.42, 0.25)
const MUTED = rgb(0.4, 0.4, 0.42)

/** 2026年12月3日 18:49（北京时间） */
export function beijingText(iso: string): string {
  const b = beijingIso(iso)
  return `${b.slice(0, 4)}年${Number(b.slice(5, 7))}月${Number(b.slice(8, 10))}日 ${b.slice(11, 16)}（北京时间）`
}

/** The statement in words: what the registry holds in the holder's name, or that it holds nothing. */
export function proofStatement(p: UpstreamProof): string {
  return p.units.length
    ? `经查询本机构不动产登记簿，截至出具时，上述权利人名下登记有现势不动产 ${p.units.length} 处，详见下表。`
    : '经查询本机构不动产登记簿，截至出具时，上述权利人名下无登记的现势不动产。'
}

export async function renderProofPdf(p: UpstreamProof, qrUrl: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.setTitle(`不动产登记资料查询结果证明 ${p.proofNo}`)
  doc.setSubject(p.proofNo)
  doc.setProducer('四川省不动产登记（模拟）')
  doc.setCreationDate(new Date(p.issuedAt))
  doc.setModificationDate(new Date(p.issuedAt))
  const f = await embedCjkFont(doc)
  const H = 841.89
  let page = doc.addPage([595.28, H])
  const W = page.getWidth()
  const left = 56
  const right = W - 56
  const text = (s: string, x: number, y: number, size: number, color = INK) => page.drawText(s, { x, y, size, font: f, color })
  const center = (s: string, y: number, size: number, color = INK) => text(s, (W - f.widthOfTextAtSize(s, size)) / 2, y, size, color)
  const frame = () => page.drawRectangle({ x: 28, y: 28, width: W - 56, height: H - 56, borderColor: RULE, borderWidth: 1.2 })
  frame()

  center('不动产登记资料查询结果证明', 760, 22)
  text(`证明编号：${p.proofNo}`, left, 728, 10, MUTED)
  let y = 700
  const line = (label: string, value: string) => {
    const lines = wrap(f, value, 11, right - left - 96)
    text(label, left, y, 11, MUTED)
    lines.forEach((l, i) => text(l, left + 96, y - i * 16, 11))
    y -= Math.max(22, lines.length * 16 + 6)
  }
  line(p.qlr.qlrlx === 'organization' ? '权利人（单位）' : '权利人', p.qlr.qlrmc)
  line('证件', `${ID_TYPES.label(p.qlr.zjzl)} ${p.qlr.zjh}`)
  line('权利人类型', HOLDER_KINDS.label(p.qlr.qlrlx))
  line('查询用途', PROOF_PURPOSE_LABELS[p.purpose])
  y -= 4
  for (const l of wrap(f, proofStatement(p), 12, right - left)) {
    text(l, left, y, 12)
    y -= 18
  }
  y -= 6

  // one block per unit
  const newPageIfNeeded = (need: number) => {
    if (y - need > 200) return
    page = doc.addPage([595.28, H])
    frame()
    y = H - 70
  }
  p.units.forEach((u, i) => {
    const rows: [string, string][] = [
      ['坐落', u.zl],
      ['不动产单元号', formatUnitCode(u.bdcdyh)],
      ['不动产权证书号', u.bdcqzh],
      ['权利类型', RIGHT_TYPES.label(u.qllx)],
      ['用途', USES.label(u.yt)],
      ['建筑面积', `${u.jzmj.toFixed(2)} 平方米`],
      ['限制情况', u.xzlx.length ? u.xzlx.map((x) => RESTRICTION_TYPES.label(x)).join('、') : '无抵押、查封等限制'],
    ]
    newPageIfNeeded(rows.length * 18 + 30)
    page.drawLine({ start: { x: left, y: y + 6 }, end: { x: right, y: y + 6 }, thickness: 0.6, color: RULE })
    text(`第 ${i + 1} 处`, left, y - 10, 11)
    y -= 28
    for (const [k, v] of rows) {
      const lines = wrap(f, v, 10, right - left - 110)
      text(k, left + 8, y, 10, MUTED)
      lines.forEach((l, j) => text(l, left + 110, y - j * 14, 10))
      y -= Math.max(18, lines.length * 14 + 4)
    }
  })

  // foot of the last page: validity, issuer, visible seal, QR
  const qrSize = 112
  drawQr(page, qrUrl, right - qrSize, 70, qrSize)
  text('扫码核验真伪与有效状态', right - qrSize + 4, 58, 9, MUTED)
  text(`出具时间：${beijingText(p.issuedAt)}`, left, 170, 11)
  text(`有效期至：${beijingText(p.validUntil)}（自出具之日起 ${PROOF_VALID_DAYS} 日内有效）`, left, 152, 9.5)
  text(`出具机构：${p.djjg}`, left, 134, 11)
  text('本证明仅反映出具时不动产登记簿的记载；同一权利人就同一用途开具新证明后，', left, 110, 8.5, MUTED)
  text('此前的证明即失效。请扫描右侧二维码核验。', left, 98, 8.5, MUTED)
  const unsigned = await doc.save({ useObjectStreams: false })
  // The seal (over 出具机构) and the signature go on the first page, as signPdf places them.
  return signPdf(unsigned, {
    signedAt: new Date(p.issuedAt),
    reason: `不动产登记资料查询结果证明出具 ${p.proofNo}`,
    location: '四川省',
    seal: doc.getPageCount() === 1 ? { organisation: PROOF_SEAL_ORGANISATION, x: left + 330, y: 150, radius: 48 } : { organisation: PROOF_SEAL_ORGANISATION, x: W - 130, y: 120, radius: 48 },
  })
}

/** Whose seal the proof bears. */
const PROOF_SEAL_ORGANISATION = '四川省不动产登记中心'
