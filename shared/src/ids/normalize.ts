/**
 * Input clean-up shared by the identifier parsers (internal helper, platform-free).
 * People paste identifiers from PDFs, chat apps and Word documents: full-width letters and digits,
 * ideographic spaces and odd dashes are common.
 */

/** Any character toHalfWidth changes (most input has none: then the string is returned as it is). */
const FULL_WIDTH = /[\u3000\uff01-\uff5e]/

/** Full-width ASCII (U+FF01–U+FF5E) → half-width; ideographic space → ASCII space. */
export function toHalfWidth(s: string): string {
  if (!FULL_WIDTH.test(s)) return s
  let out = ''
  for (const ch of s) {
    const c = ch.charCodeAt(0)
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0)
    else if (c === 0x3000) out += ' '
    else out += ch
  }
  return out
}

/** Whitespace of any kind (incl. NBSP, ideographic space, zero-width characters). */
export const SPACES = /[\s\u00a0\u3000\u200b-\u200d\ufeff]+/g

/** Hyphen-like separators people type between groups. */
export const DASHES = /[-‐‑‒–—―－_]/g

/** Half-width, upper-case, with every space and dash removed. */
export function compactUpper(input: string): string {
  return toHalfWidth(String(input ?? ''))
    .replace(SPACES, '')
    .replace(DASHES, '')
    .toUpperCase()
}

/**
 * Province-level codes of GB/T 2260 (first two digits of a division code, an ID number, a USCC's
 * region part): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 台湾, 81 香港, 82 澳门.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
])

const BEIJING_OFFSET_MS = 8 * 3_600_000

/**
 * `at` as Beijing wall-clock time (UTC+8, no DST) in ISO form without a zone,
 * `2026-11-27T09:00:00.000`: slice it for a date, a minute or a second, whatever the device's zone.
 */
export function beijingIso(at: Date | number | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : typeof at === 'number' ? at : at.getTime()
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 23)
}

/** Today's date in China (UTC+8, no DST) as YYYYMMDD, so "not in the future" is judged locally. */
export function beijingYmd(now: Date = new Date()): string {
  const d = new Date(now.getTime() + BEIJING_OFFSET_MS)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + 1
  const day = d.getUTCDate()
  return `${y}${String(m).padStart(2, '0')}${String(day).padStart(2, '0')}`
}

/** Is YYYYMMDD a real Gregorian calendar date? */
export function isCalendarDate(ymd: string): boolean {
  if (!/^\d{8}$/.test(ymd)) return false
  const y = Number(ymd.slice(0, 4))
  const m = Number(ymd.slice(4, 6))
  const d = Number(ymd.slice(6, 8))
  if (m < 1 || m > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0
  return d <= days
}
