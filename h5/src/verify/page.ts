/**
 * The public verification page's script (/v/...): no framework, a few KB. It checks the QR's
 * signature itself (pure-JS SM2/SM3 against the published trust list) and asks the BFF for the
 * live status; the BFF's answer wins when both are there (it also re-checks the signature).
 */
import { beijingIso } from '@bdc/shared/ids/normalize'
import { jsSignatureCheck, parseTrustList, statusText, verifyOffline, type OfflineResult, type TokenKind, type VerificationStatus } from '@bdc/shared/certificates/index'
import { mountFileCheck } from './file-check'

interface ServerResult {
  status: VerificationStatus
  title: string
  hint: string
  reason?: string
  codeKind?: 'printed' | 'live' | 'proof'
  expiresAt?: string
  cancelledAt?: string
  contact?: { office: string; phone: string }
  checkedAt: string
  certificate?: { kindLabel: string; certificateNo: string; unitCodeDisplay: string; location: string; holders: string[]; issuer: string; issuedOn: string }
  /** 查询结果证明: masked facts only */
  proof?: { proofNo: string; holder: string; unitCount: number; purposeLabel: string; issuedAt: string; validUntil: string; issuer: string }
}

const root = document.getElementById('r')!
const code = location.pathname
/** Beijing time (UTC+8, no daylight saving) whatever the verifier's phone is set to. */
const fmt = (iso: string) => {
  const b = beijingIso(iso)
  return `${b.slice(0, 10)} ${b.slice(11, 19)}（北京时间）`
}
/** What a clerk must do when the answer is not 有效: refuse, and call the issuing office (its phone when the server named it). */
function refuse(contact?: ServerResult['contact'], lead = '请勿受理，并'): HTMLElement {
  const p = el('p', 'todo', contact ? `${lead}联系登记机构 ${contact.office} ` : `${lead}联系出具证照的不动产登记机构核实。`)
  if (contact) {
    const a = el('a', 'tel', contact.phone)
    a.setAttribute('href', `tel:${contact.phone.replace(/[^\d+]/g, '')}`)
    p.append(a)
  }
  return p
}
/** The unit code in its display groups (6-6-7-9), each kept whole when the line wraps. */
function unitCode(display: string): HTMLElement {
  const v = el('div', 'v unit')
  display.split(' ').forEach((g, i) => {
    if (i) v.append(' ')
    v.append(el('span', 'g', g))
  })
  return v
}
const TAMPER: readonly VerificationStatus[] = ['bad_signature', 'unknown_key']

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag)
  if (cls) e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined

function render(status: VerificationStatus, opts: { reason?: string; server?: ServerResult; keyId?: string; kind?: TokenKind; expiresAt?: string }) {
  clearTimeout(expiryTimer)
  const kind = opts.kind ?? (opts.server?.codeKind === 'proof' ? 'P' : undefined)
  const t = statusText(status, kind)
  root.textContent = ''
  const card = el('div', `card ${t.good ? 'ok' : status === 'expired' ? 'warn' : 'bad'}`)
  card.setAttribute('data-status', status)
  card.append(el('div', 'icon', t.good ? '✓' : status === 'expired' ? '!' : '✕'), el('h1', 'title', t.title), el('p', 'hint', opts.reason ?? t.hint))
  const s = opts.server
  // When it stopped being valid, in the card itself: 注销时间 / 过期时间.
  const cancelledAt = status === 'cancelled' || status === 'superseded' ? s?.cancelledAt : undefined
  const expiredAt = status === 'expired' ? (s?.expiresAt ?? opts.expiresAt) : undefined
  if (cancelledAt) card.append(el('p', 'when', `注销时间：${fmt(cancelledAt)}`))
  if (expiredAt) card.append(el('p', 'when', `过期时间：${fmt(expiredAt)}`))
  if (!t.good) {
    if (TAMPER.includes(status)) card.append(el('p', 'alarm', '此二维码可能被篡改或伪造。'))
    if (status === 'expired' && kind !== 'P') card.append(el('p', 'todo', '请权利人刷新后重新出示；不能出示有效亮证码的，请勿受理。'), refuse(s?.contact, '如有疑问，'))
    else card.append(refuse(s?.contact))
  }
  root.append(card)
  if (s?.certificate) {
    const c = s.certificate
    // What the clerk compares with the paper, large, before everything else.
    const key = el('div', 'key')
    key.append(el('div', 'k', '证号'), el('div', 'v no', c.certificateNo), el('div', 'k', '不动产单元号'), unitCode(c.unitCodeDisplay))
    if (t.good) key.append(el('p', 'cmp', '请核对纸质证书上的证号、单元号与此处一致'))
    root.append(key)
    const dl = el('dl', 'facts')
    const row = (k: string, v: string) => dl.append(el('dt', '', k), el('dd', '', v))
    row('证照类型', c.kindLabel)
    row('坐落', c.location)
    row('权利人', c.holders.join('、'))
    row('登记机构', c.issuer)
    row('登簿日期', c.issuedOn)
    if (s.codeKind === 'live' && s.expiresAt && status !== 'expired') row('亮证码有效至', fmt(s.expiresAt))
    root.append(dl)
    // An open 亮证 result turns to 已过期 by itself when the code runs out.
    if (status === 'valid' && s.codeKind === 'live' && s.expiresAt) {
      expiryTimer = setTimeout(() => render('expired', { server: s, keyId: opts.keyId }), Math.max(0, Date.parse(s.expiresAt) - Date.now()))
    }
  }
  if (s?.proof) {
    const p = s.proof
    const key = el('div', 'key')
    key.append(el('div', 'k', '证明编号'), el('div', 'v no', p.proofNo))
    if (t.good) key.append(el('p', 'cmp', '请核对纸质证明上的证明编号与此处一致'))
    root.append(key)
    const dl = el('dl', 'facts')
    const row = (k: string, v: string) => dl.append(el('dt', '', k), el('dd', '', v))
    row('证明类型', '不动产登记资料查询结果证明')
    row('权利人', p.holder)
    row('登记的不动产', p.unitCount ? `${p.unitCount} 处` : '名下无不动产')
    row('用途', p.purposeLabel)
    row('出具时间', fmt(p.issuedAt))
    row(status === 'expired' ? '过期时间' : '有效期至', fmt(p.validUntil))
    row('出具机构', p.issuer)
    root.append(dl)
  }
  root.append(el('p', 'time', `核验时间：${fmt(s?.checkedAt ?? new Date().toISOString())}${s ? '' : '（本机）'}`))
  if (opts.keyId || s) {
    const tech = el('details', 'tech')
    tech.append(el('summary', '', '技术信息'))
    if (opts.keyId) tech.append(el('p', '', `本页已用登记机构公钥独立验证签名（密钥编号 ${opts.keyId}）`))
    if (s) tech.append(el('p', '', `核验结果代码：${s.status}${s.codeKind ? `；码类型：${s.codeKind === 'live' ? '亮证码' : s.codeKind === 'proof' ? '查询结果证明' : '打印证照码'}` : ''}`))
    root.append(tech)
  }
}

async function main() {
  mountFileCheck(document.querySelector('main')!)
  // /v/ alone (no code): only the file check.
  if (/^\/v\/?$/.test(code)) {
    root.textContent = ''
    return
  }
  const server = fetch('/api/certificates/verify', {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  })
    .then(async (r) => (r.ok ? ((await r.json()) as ServerResult) : r.status === 429 ? 'limited' : null))
    .catch(() => null)
  let offline: OfflineResult | null = null
  try {
    const trust = parseTrustList(await (await fetch('/api/certificates/trust-list', { credentials: 'omit' })).json())
    if (trust) offline = verifyOffline(code, trust, Date.now(), jsSignatureCheck)
  } catch {
    offline = null
  }
  const keyId = offline && offline.status === 'signature_ok' ? offline.token.keyId : undefined
  if (offline && offline.status !== 'signature_ok') {
    const exp = offline.status === 'expired' && offline.token.expiresAt ? new Date(offline.token.expiresAt * 1000).toISOString() : undefined
    render(offline.status, { reason: offline.status === 'malformed' ? offline.reason : undefined, kind: offline.status === 'malformed' ? undefined : offline.token.kind, expiresAt: exp })
  }
  else if (offline) {
    root.textContent = ''
    const card = el('div', 'card wait')
    card.append(el('div', 'icon', '…'), el('h1', 'title', '签名有效'), el('p', 'hint', '正在查询现势状态…'))
    root.append(card)
  }
  const s = await server
  if (s && s !== 'limited') render(s.status, { server: s, reason: s.reason, keyId })
  else if (!offline || offline.status === 'signature_ok') {
    root.textContent = ''
    const card = el('div', 'card warn')
    card.append(el('div', 'icon', '!'), el('h1', 'title', s === 'limited' ? '核验过于频繁' : '暂时无法查询'), el('p', 'hint', s === 'limited' ? '请稍后再试' : keyId ? '签名有效，但暂时无法查询现势状态，请稍后重试；查询到结果前请勿凭此办理业务' : '网络异常，请稍后重试'))
    root.append(card)
  }
}
void main()
