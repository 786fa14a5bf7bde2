/**
 * The public verification page's script (/v/...): no framework, a few KB. It checks the QR's
 * signature itself (pure-JS SM2/SM3 against the published trust list) and asks the BFF for the
 * live status; the BFF's answer wins when both are there (it also re-checks the signature).
 */
import { jsSignatureCheck, parseTrustList, STATUS_TEXT, verifyOffline, type OfflineResult, type VerificationStatus } from '@bdc/shared/certificates/index'

interface ServerResult {
  status: VerificationStatus
  title: string
  hint: string
  reason?: string
  codeKind?: 'printed' | 'live'
  expiresAt?: string
  checkedAt: string
  certificate?: { kindLabel: string; certificateNo: string; unitCodeDisplay: string; location: string; holders: string[]; issuer: string; issuedOn: string }
}

const root = document.getElementById('r')!
const code = location.pathname
const fmt = (iso: string) => {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const e = document.createElement(tag)
  if (cls) e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

function render(status: VerificationStatus, opts: { reason?: string; server?: ServerResult; offlineNote?: string }) {
  const t = STATUS_TEXT[status]
  root.textContent = ''
  const card = el('div', `card ${t.good ? 'ok' : status === 'expired' ? 'warn' : 'bad'}`)
  card.setAttribute('data-status', status)
  card.append(el('div', 'icon', t.good ? '✓' : status === 'expired' ? '!' : '✕'), el('h1', 'title', t.title), el('p', 'hint', opts.reason ?? t.hint))
  root.append(card)
  const s = opts.server
  if (s?.certificate) {
    const c = s.certificate
    const dl = el('dl', 'facts')
    const row = (k: string, v: string) => dl.append(el('dt', '', k), el('dd', '', v))
    row('证照类型', c.kindLabel)
    row('证号', c.certificateNo)
    row('不动产单元号', c.unitCodeDisplay)
    row('坐落', c.location)
    row('权利人', c.holders.join('、'))
    row('登记机构', c.issuer)
    row('登簿日期', c.issuedOn)
    if (s.codeKind === 'live' && s.expiresAt) row('亮证码有效至', fmt(s.expiresAt))
    root.append(dl)
  }
  if (opts.offlineNote) root.append(el('p', 'note', opts.offlineNote))
  root.append(el('p', 'time', `核验时间：${fmt(s?.checkedAt ?? new Date().toISOString())}${s ? '' : '（本机时间）'}`))
}

async function main() {
  const server = fetch('/api/certificates/verify', {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json', 'x-verify-channel': 'page' },
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
  const note = offline && offline.status === 'signature_ok' ? `本页已用登记机构公钥独立验证签名（密钥 ${offline.token.keyId}）` : undefined
  if (offline && offline.status !== 'signature_ok') render(offline.status, { reason: offline.status === 'malformed' ? offline.reason : undefined })
  else if (offline) {
    root.textContent = ''
    const card = el('div', 'card wait')
    card.append(el('div', 'icon', '…'), el('h1', 'title', '签名有效'), el('p', 'hint', '正在查询现势状态…'))
    root.append(card)
  }
  const s = await server
  if (s && s !== 'limited') render(s.status, { server: s, reason: s.reason, offlineNote: note })
  else if (!offline || offline.status === 'signature_ok') {
    root.textContent = ''
    const card = el('div', 'card warn')
    card.append(el('div', 'icon', '!'), el('h1', 'title', s === 'limited' ? '核验过于频繁' : '暂时无法查询'), el('p', 'hint', s === 'limited' ? '请稍后再试' : note ? '签名有效，但暂时无法查询现势状态，请稍后重试' : '网络异常，请稍后重试'))
    root.append(card)
  }
}
void main()
