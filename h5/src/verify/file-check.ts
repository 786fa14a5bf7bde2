/**
 * 核验证照文件: the verify page's upload of a certificate file (PDF). The BFF hashes the file and
 * asks the e-license library whether it issued exactly this file and what its license's status is
 * now (POST /api/certificates/verify-file); the file is not kept. Shown under the QR result, and
 * alone on /v/ (no code). No framework, no zod: a few hundred bytes gzip on the page's first load.
 */
import { beijingIso } from '@bdc/shared/ids/normalize'

interface FileResult {
  original: boolean
  title: string
  hint: string
  sha256: string
  checkedAt: string
  certificate?: { kindLabel: string; certificateNo: string; unitCodeDisplay: string; location: string; holders: string[]; issuer: string; issuedOn: string; status: string; statusLabel: string; cancelledAt: string | null }
}

/** As the BFF's limit (VERIFY_FILE_MAX_BYTES): refused here first so nothing big is sent for nothing. */
const MAX_BYTES = 2 * 1024 * 1024
const CSS =
  '.fc{margin:16px 0 0;background:#fff;border-radius:12px;padding:14px 16px}.fc h2{margin:0;font-size:1.125rem}.fc .note{margin:6px 0 10px}' +
  '.fc label{display:inline-block;padding:10px 18px;border-radius:8px;background:#b4282d;color:#fff;font-weight:600;cursor:pointer}.fc input{position:absolute;opacity:0;width:1px;height:1px}' +
  '.fc .card{margin-top:12px}.fc .title{font-size:1.25rem}'

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag)
  if (cls) e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

const fmt = (iso: string) => {
  const b = beijingIso(iso)
  return `${b.slice(0, 10)} ${b.slice(11, 19)}（北京时间）`
}

function show(out: HTMLElement, r: FileResult) {
  out.textContent = ''
  const good = r.original && r.certificate?.status === 'current'
  const card = el('div', `card ${good ? 'ok' : r.original ? 'warn' : 'bad'}`)
  card.setAttribute('data-file', r.original ? (good ? 'original-current' : 'original-cancelled') : 'not-original')
  card.append(el('div', 'icon', good ? '✓' : r.original ? '!' : '✕'), el('h1', 'title', r.title), el('p', 'hint', r.hint))
  out.append(card)
  const c = r.certificate
  if (c) {
    const dl = el('dl', 'facts')
    const row = (k: string, v: string) => dl.append(el('dt', '', k), el('dd', '', v))
    row('证照状态', c.statusLabel)
    if (c.cancelledAt) row('注销时间', fmt(c.cancelledAt))
    row('证号', c.certificateNo)
    row('不动产单元号', c.unitCodeDisplay)
    row('证照类型', c.kindLabel)
    row('坐落', c.location)
    row('权利人', c.holders.join('、'))
    row('登记机构', c.issuer)
    out.append(dl)
  }
  out.append(el('p', 'time', `核验时间：${fmt(r.checkedAt)}`))
  const tech = el('details', 'tech')
  tech.append(el('summary', '', '技术信息'), el('p', '', `文件 SHA-256：${r.sha256}`))
  out.append(tech)
}

function problem(out: HTMLElement, title: string, hint: string) {
  out.textContent = ''
  const card = el('div', 'card warn')
  card.append(el('div', 'icon', '!'), el('h1', 'title', title), el('p', 'hint', hint))
  out.append(card)
}

export async function checkFile(file: File, out: HTMLElement): Promise<void> {
  if (file.size > MAX_BYTES) return problem(out, '文件过大', '证照文件不超过 2 MB，请上传从「一窗办事」下载的原始文件')
  out.textContent = ''
  out.append(el('p', 'note', '正在核验…'))
  const pdf = file.type === 'application/pdf' || /\.pdf$/i.test(file.name)
  try {
    const r = await fetch('/api/certificates/verify-file', { method: 'POST', credentials: 'omit', headers: { 'content-type': pdf ? 'application/pdf' : file.type || 'application/octet-stream' }, body: file })
    if (r.ok) return show(out, (await r.json()) as FileResult)
    const e = (await r.json().catch(() => null)) as { message?: string } | null
    problem(out, r.status === 429 ? '核验过于频繁' : '无法核验该文件', e?.message ?? '请稍后再试')
  } catch {
    problem(out, '暂时无法核验', '网络异常，请稍后重试')
  }
}

/** Adds the upload section to `parent` (the page's main). */
export function mountFileCheck(parent: HTMLElement): void {
  const style = document.createElement('style')
  style.textContent = CSS
  document.head.append(style)
  const sec = el('section', 'fc')
  sec.id = 'file-check'
  const input = document.createElement('input')
  input.type = 'file'
  input.accept = 'application/pdf,.pdf'
  input.id = 'fc-file'
  const label = el('label', '', '选择证照文件（PDF）')
  label.setAttribute('for', 'fc-file')
  const out = el('div', '')
  out.setAttribute('aria-live', 'polite')
  sec.append(el('h2', '', '核验证照文件'), el('p', 'note', '持证人发来的电子证照 PDF：核验是否为登记机构出具的原始文件、有无被修改，以及证照当前状态。文件只用于计算摘要，不保存。'), input, label, out)
  input.addEventListener('change', () => {
    const f = input.files?.[0]
    if (f) void checkFile(f, out)
    input.value = ''
  })
  parent.append(sec)
}
