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
      record[k] = FORBIDDEN.test(k) ? '[redacted]' : v
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
