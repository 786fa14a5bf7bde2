/** The verify page's HTML shell: inline CSS (CSP allows inline styles, not scripts), one deferred script. */
export function verifyPageHtml(scriptPath: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>不动产电子证照核验</title><meta name="description" content="扫码核验不动产电子证照的真伪与现势状态"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><style>
*{box-sizing:border-box}body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2329;background:#f3f5f8}
header{background:#b4282d;color:#fff;padding:14px 16px;font-size:17px;font-weight:600}main{max-width:560px;margin:0 auto;padding:16px;min-height:calc(100vh - 52px)}
.card{border-radius:12px;padding:20px 16px;text-align:center;background:#fff;border-top:6px solid #8f959e}.ok{border-color:#1a7f37}.bad{border-color:#cf1322}.warn{border-color:#d46b08}
.icon{width:56px;height:56px;margin:0 auto 8px;border-radius:50%;font-size:32px;line-height:56px;color:#fff;background:#8f959e}.ok .icon{background:#1a7f37}.bad .icon{background:#cf1322}.warn .icon{background:#d46b08}
.title{margin:0;font-size:28px}.ok .title{color:#1a7f37}.bad .title{color:#cf1322}.warn .title{color:#ad4e00}.hint{margin:6px 0 0;color:#4e5969}
.facts{margin:12px 0 0;background:#fff;border-radius:12px;padding:8px 16px;display:grid;grid-template-columns:6.5em 1fr;gap:6px 12px}.facts dt{color:#646a73}.facts dd{margin:0;word-break:break-all}
.note,.time{color:#646a73;font-size:14px;margin:10px 4px 0}footer{color:#8f959e;font-size:13px;padding:16px;text-align:center}
</style></head><body><header>不动产电子证照核验</header><main><section id="r" aria-live="polite"><div class="card"><div class="icon">…</div><h1 class="title">正在核验</h1><p class="hint">请稍候</p></div></section>
<noscript><p class="note">本页需要启用 JavaScript 才能核验签名。</p></noscript></main><footer>四川省不动产登记 · 电子证照核验服务<br>本页不收集核验人的任何个人信息</footer><script src="${scriptPath}" defer></script></body></html>`
}
