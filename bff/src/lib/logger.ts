/**
 * Structured JSON logs, one line per event. Personal data never goes in: callers pass ids,
 * codes and timings only, and any field whose name suggests personal data is dropped here as a
 * second line of defence.
 */
type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }
const FORBIDDEN = /name|idnumber|id_number|phone|zjh|qlrmc|address|token|secret|password|cookie|authorization/i

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  child(fields: Record<string, unknown>): Logger
}

export function createLogger(
  level: Level | 'silent' = 'info',
  base: Record<string, unknown> = {},
  sink: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const emit = (lvl: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return
    const record: Record<string, unknown> = { t: new Date().toISOString(), level: lvl, msg, ...base }
    for (const [k, v] of Object.entries(fields ?? {})) {
      record[k] = FORBIDDEN.test(k) ? '[redacted]' : v instanceof Error ? errorFields(v) : typeof v === 'string' ? withoutQuery(v) : v
    }
    sink(JSON.stringify(record))
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger(level, { ...base, ...f }, sink),
  }
}

/**
 * A database error as it may be logged: its SQLSTATE and the server's message with any quoted value
 * taken out — never the statement's parameters (drizzle's DrizzleQueryError puts the query and its
 * parameters, which may be names or ID numbers, in its message and so in its stack's first line).
 */
interface DbCause {
  code?: unknown
  message: string
}
const SQLSTATE = /^[0-9A-Z]{5}$/
/** The database error in `e`'s cause chain (a drizzle query error, or a driver error with a SQLSTATE), or null. */
function dbErrorIn(e: unknown): { found: boolean; cause: DbCause | null } {
  let found = false
  let cause: DbCause | null = null
  for (let x: unknown = e, depth = 0; x instanceof Error && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const o = x as Error & { params?: unknown; query?: unknown; code?: unknown }
    if ('params' in o || 'query' in o || /^Failed query:/.test(o.message)) found = true
    if (typeof o.code === 'string' && SQLSTATE.test(o.code)) {
      found = true
      cause = o
    }
  }
  return { found, cause }
}
/** Values a server message quotes (`invalid input syntax for type uuid: "…"`, `Key (x)=(…)`) taken out. */
const withoutValues = (m: string) => m.replace(/"[^"]*"/g, '"…"').replace(/'[^']*'/g, "'…'").replace(/=\([^)]*\)/g, '=(…)').slice(0, 300)
/** A string that is a failed query's text (statement and parameters): only its first words stay. */
const withoutQuery = (v: string) => (/^Failed query:|\nparams: /.test(v) ? 'database error (query withheld)' : v)

/** What to log of an error: its name and message, or for a database error only code and scrubbed message; stack frames without the message line. */
export function errorFields(e: unknown): { error: string; dbCode?: string; stack?: string } {
  if (!(e instanceof Error)) return { error: withoutQuery(String(e)).slice(0, 300) }
  const stack = e.stack
    ?.split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 5)
    .map((l) => l.trim())
    .join(' | ')
  const db = dbErrorIn(e)
  if (db.found) {
    return {
      error: db.cause ? `database error: ${withoutValues(db.cause.message)}` : 'database error',
      ...(db.cause && typeof db.cause.code === 'string' ? { dbCode: db.cause.code } : {}),
      stack,
    }
  }
  return { error: withoutQuery(`${e.name}: ${e.message}`), stack }
}
