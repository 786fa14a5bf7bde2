/**
 * Just enough `Headers` and `URLSearchParams` for hono's `hc` client, which builds
 * `new Headers()` / `new URLSearchParams()` before calling our fetch adapter. The WeChat-format
 * runtime has neither. Installed from app.ts only when TARO_ENV === 'weapp', so the H5 bundle
 * tree-shakes this file away. Not a general polyfill: no iteration protocol beyond forEach/entries.
 */

class MiniHeaders {
  private map = new Map<string, string>()

  constructor(init?: Record<string, string> | [string, string][]) {
    if (Array.isArray(init)) for (const [k, v] of init) this.append(k, v)
    else if (init) for (const k of Object.keys(init)) this.append(k, init[k] as string)
  }
  append(name: string, value: string): void {
    const k = name.toLowerCase()
    const prev = this.map.get(k)
    this.map.set(k, prev === undefined ? String(value) : `${prev}, ${value}`)
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), String(value))
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase())
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase())
  }
  forEach(cb: (value: string, key: string) => void): void {
    this.map.forEach((v, k) => cb(v, k))
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries()
  }
}

class MiniURLSearchParams {
  private pairs: [string, string][] = []

  constructor(init?: string | Record<string, string>) {
    if (typeof init === 'string') {
      for (const part of init.replace(/^\?/, '').split('&')) {
        if (!part) continue
        const [k = '', v = ''] = part.split('=')
        this.pairs.push([decode(k), decode(v)])
      }
    } else if (init) {
      for (const k of Object.keys(init)) this.pairs.push([k, String(init[k])])
    }
  }
  append(k: string, v: string): void {
    this.pairs.push([k, String(v)])
  }
  set(k: string, v: string): void {
    this.pairs = this.pairs.filter(([key]) => key !== k)
    this.pairs.push([k, String(v)])
  }
  get(k: string): string | null {
    return this.pairs.find(([key]) => key === k)?.[1] ?? null
  }
  toString(): string {
    return this.pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  }
}

const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '))

export function installWeappPolyfills(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  if (typeof target.Headers !== 'function') target.Headers = MiniHeaders
  if (typeof target.URLSearchParams !== 'function') target.URLSearchParams = MiniURLSearchParams
}

export { MiniHeaders, MiniURLSearchParams }
