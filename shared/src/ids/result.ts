/**
 * Parse results as values, not exceptions: `{ ok: true, value }` or `{ ok: false, error }`.
 * `error` is a Chinese sentence a citizen understands (shown next to the input field).
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string }

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value }
}

export function fail<T = never>(error: string): ParseResult<T> {
  return { ok: false, error }
}
