import { describe, expect, it } from 'vitest'
import { MiniHeaders, MiniURLSearchParams, installWeappPolyfills } from './polyfill-weapp'

describe('weapp polyfills for hono client', () => {
  it('Headers: case-insensitive set/get/forEach', () => {
    const h = new MiniHeaders()
    h.set('Content-Type', 'application/json')
    h.append('X-A', '1')
    h.append('x-a', '2')
    expect(h.get('content-type')).toBe('application/json')
    expect(h.get('X-A')).toBe('1, 2')
    const seen: string[] = []
    h.forEach((v, k) => seen.push(`${k}=${v}`))
    expect(seen).toEqual(['content-type=application/json', 'x-a=1, 2'])
  })

  it('URLSearchParams: set/append/toString encode like the platform', () => {
    const p = new MiniURLSearchParams()
    p.set('returnTo', '/pages/a?b=1')
    p.append('q', '成都 市')
    expect(p.toString()).toBe(new URLSearchParams([['returnTo', '/pages/a?b=1'], ['q', '成都 市']]).toString().replace(/\+/g, '%20'))
    expect(new MiniURLSearchParams('a=1&b=x+y').get('b')).toBe('x y')
  })

  it('installs only what is missing', () => {
    const target: Record<string, unknown> = { URLSearchParams }
    installWeappPolyfills(target)
    expect(target.Headers).toBe(MiniHeaders)
    expect(target.URLSearchParams).toBe(URLSearchParams)
  })
})
