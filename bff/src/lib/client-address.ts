/**
 * The client's address — for rate limits and the access log — from trusted proxies only.
 *
 * The socket peer is the client unless it is one of `TRUSTED_PROXIES` (config.ts: CIDRs, IPv4 and
 * IPv6; default none). Only then is `X-Forwarded-For` read, from the right: each proxy appends the
 * address it received the request from, so hops are skipped while they are trusted proxies, and the
 * first one that is not is the client (anything to its left was written by the client and proves
 * nothing). A client that rotates the header from an untrusted address stays its socket address.
 *
 * A request with no socket (the app called in-process: tests, `app.request`) has been handed to us by
 * code in this process, which counts as a trusted proxy; on Node (main.ts) every request has a socket.
 */
import { BlockList, isIP } from 'node:net'
import type { Context } from 'hono'
import type { IncomingMessage } from 'node:http'

export type TrustCheck = (address: string) => boolean

/** Parses one entry of TRUSTED_PROXIES (`10.0.0.0/8`, `fd00::/8`, or a single address); null if malformed. */
export function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [addr, len, ...rest] = entry.trim().split('/')
  if (!addr || rest.length) return null
  const v = isIP(addr)
  if (!v) return null
  const max = v === 4 ? 32 : 128
  const prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN
  if (!(prefix >= 0 && prefix <= max)) return null
  return { address: addr, prefix, family: v === 4 ? 'ipv4' : 'ipv6' }
}

/** An address as compared and counted: brackets and a port taken off, IPv4-mapped IPv6 as plain IPv4, lower case. */
export function normaliseAddress(raw: string): string {
  let a = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a)
  if (bracketed) a = bracketed[1]!
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'))
  a = a.toLowerCase()
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(a)
  return mapped ? mapped[1]! : a
}

/** Whether an address is inside one of the CIDRs (all already validated by config.ts). */
export function trustCheck(cidrs: readonly string[]): TrustCheck {
  if (!cidrs.length) return () => false
  const list = new BlockList()
  for (const c of cidrs) {
    const p = parseCidr(c)
    if (p) list.addSubnet(p.address, p.prefix, p.family)
  }
  // The same few addresses (the proxies themselves) are asked about on every request: remember the
  // answers (BlockList.check builds a SocketAddress each time), bounded so a flood of distinct
  // addresses cannot grow it.
  const known = new Map<string, boolean>()
  return (address) => {
    const hit = known.get(address)
    if (hit !== undefined) return hit
    const a = normaliseAddress(address)
    const v = isIP(a)
    const trusted = v !== 0 && list.check(a, v === 4 ? 'ipv4' : 'ipv6')
    if (known.size >= 1024) known.clear()
    known.set(address, trusted)
    return trusted
  }
}

/**
 * The client address of a request arriving from `peer` (the socket's remote address; undefined: an
 * in-process call) with the given X-Forwarded-For header value(s).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: TrustCheck): string {
  const fromSocket = peer === undefined ? undefined : normaliseAddress(peer)
  if (fromSocket !== undefined && !trusted(fromSocket)) return fromSocket
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((h) => normaliseAddress(h))
    .filter((h) => h !== '')
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    // Not an address: a proxy we trust would not have written it; the hop is whoever sent it to that proxy.
    if (!isIP(hop)) return fromSocket ?? 'unknown'
    if (!trusted(hop)) return hop
  }
  // Every hop a trusted proxy (or no header): the left-most one, else the peer itself.
  return hops[0] ?? fromSocket ?? 'unknown'
}

const checks = new WeakMap<readonly string[], TrustCheck>()
/** The TrustCheck of a config's list, built once. */
export function trustOf(cidrs: readonly string[]): TrustCheck {
  let t = checks.get(cidrs)
  if (!t) checks.set(cidrs, (t = trustCheck(cidrs)))
  return t
}

/** A Hono request's client address (memoised on the context). */
export function clientAddressOf(c: Context, cidrs: readonly string[]): string {
  const known = c.get('clientAddress' as never) as string | undefined
  if (known) return known
  const peer = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress
  const a = clientAddress(peer, c.req.header('x-forwarded-for'), trustOf(cidrs))
  c.set('clientAddress' as never, a as never)
  return a
}
