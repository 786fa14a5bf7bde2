/** A QR code as an SVG data URI (works in H5 and the mini-program's Image), level M. */
import { create } from 'qrcode'

export function qrDataUri(text: string): string {
  const qr = create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const q = 4
  let d = ''
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c + q} ${r + q}h1v1h-1z`
  const size = n + q * 2
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}
