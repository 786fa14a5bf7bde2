/**
 * The simulator's 统一身份认证 pages: self-contained HTML (no external assets, inline CSS only),
 * mobile-first, in the 天府通办 government-blue look. Every interpolated value is escaped.
 */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

const STYLE = `
*{box-sizing:border-box;margin:0;padding:0}
html{-webkit-text-size-adjust:100%}
body{font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;
  background:#f2f5fa;color:#1d2129;line-height:1.5;min-height:100vh}
header{background:linear-gradient(160deg,#0b4fb3 0%,#1767d8 60%,#2f80ed 100%);color:#fff;padding:28px 20px 56px;text-align:center}
.logo{display:inline-flex;align-items:center;gap:10px;font-size:22px;font-weight:600;letter-spacing:2px}
.logo svg{width:40px;height:40px}
header p{margin-top:6px;font-size:14px;opacity:.9}
main{max-width:480px;margin:-36px auto 0;padding:0 14px 32px}
.card{background:#fff;border-radius:12px;box-shadow:0 4px 16px rgba(15,60,140,.08);padding:20px 16px}
h1{font-size:18px;font-weight:600;color:#0b4fb3;margin-bottom:4px}
.sub{font-size:14px;color:#4e5969;margin-bottom:14px}
.note{font-size:13px;color:#86592a;background:#fff7e8;border-radius:8px;padding:8px 10px;margin-bottom:14px}
.list{display:flex;flex-direction:column;gap:10px}
button{display:flex;align-items:center;gap:12px;width:100%;min-height:56px;padding:10px 14px;border:1px solid #d6e4ff;border-radius:10px;
  background:#f7faff;color:#1d2129;font-size:16px;text-align:left;cursor:pointer;font-family:inherit}
button:hover,button:focus-visible{border-color:#1767d8;background:#eaf2ff;outline:none}
.avatar{flex:none;width:36px;height:36px;border-radius:50%;background:#1767d8;color:#fff;display:flex;align-items:center;justify-content:center;font-size:16px}
.label{flex:1}
.go{flex:none;color:#1767d8;font-size:14px}
.err{font-size:16px;color:#c9302c;margin:8px 0 4px}
footer{text-align:center;font-size:12px;color:#86909c;padding:8px 16px 24px}
`

const LOGO = `<svg viewBox="0 0 40 40" aria-hidden="true"><circle cx="20" cy="20" r="19" fill="#fff"/><path d="M20 7l11 6v2H9v-2zM11 17h3v11h-3zm7.5 0h3v11h-3zM26 17h3v11h-3zM8 30h24v3H8z" fill="#1767d8"/></svg>`

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><div class="logo">${LOGO}<span>天府通办</span></div><p>四川政务服务 · 统一身份认证</p></header>
<main>${body}</main>
<footer>本页面由省级平台模拟器提供，仅用于开发与演示，不是真实的身份认证服务</footer>
</body></html>`
}

export interface LoginPageInput {
  action: string
  clientId: string
  redirectUri: string
  state: string
  citizens: { citizenId: string; label: string }[]
}

export function renderLoginPage(p: LoginPageInput): string {
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`
  const buttons = p.citizens
    .map(
      (c) =>
        `<button type="submit" name="citizenId" value="${escapeHtml(c.citizenId)}" data-citizen="${escapeHtml(c.citizenId)}">` +
        `<span class="avatar">${escapeHtml(Array.from(c.label)[0] ?? '?')}</span><span class="label">${escapeHtml(c.label)}</span><span class="go">登录 ›</span></button>`,
    )
    .join('')
  return page(
    '天府通办 · 统一身份认证',
    `<div class="card"><h1>选择账号登录</h1>
<p class="sub">「不动产登记一窗办事」申请使用您的天府通办实名账号登录</p>
<p class="note">演示环境：点选一位演示用户即视为已完成实名认证</p>
<form method="post" action="${escapeHtml(p.action)}">${hidden('client_id', p.clientId)}${hidden('redirect_uri', p.redirectUri)}${hidden('state', p.state)}
<div class="list">${buttons || '<p class="sub">暂无演示用户</p>'}</div></form></div>`,
  )
}

export function renderErrorPage(message: string): string {
  return page('天府通办 · 登录出错', `<div class="card"><h1>无法继续登录</h1><p class="err">${escapeHtml(message)}</p><p class="sub">请返回发起登录的应用重新操作。</p></div>`)
}
