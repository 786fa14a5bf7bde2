/** Rows as one array per column, in the order of `keys` — the parameters of an `unnest($1::…[], …)` statement. */
export const columnsOf = <T, K extends keyof T>(rows: readonly T[], keys: readonly K[]): T[K][][] => keys.map((k) => rows.map((r) => r[k]))

/** The rows of a raw `db.execute(sql…)` result: PGlite answers `{ rows }`, postgres-js an array of rows. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows?: T[] }).rows ?? (result as T[])

interface PostgresJsClient {
  unsafe(text: string, params: unknown[], opts: { prepare: boolean }): Promise<unknown>
}
interface PgliteClient {
  query(text: string, params: unknown[]): Promise<{ rows: unknown[] }>
}

/**
 * A hot statement of fixed text, run as a prepared statement on either driver. drizzle prepares
 * only named queries built with its query builder; `db.execute(sql…)` sends an unnamed statement
 * that the server parses and describes on every call — measured on this machine, a one-row SELECT
 * that way costs the BFF about 4× the CPU of the same text prepared. postgres-js prepares the text
 * once per connection and reuses it; PGlite (in-process) runs it through its extended protocol.
 * For statements outside transactions (the handle must be the database, not a transaction).
 */
export function preparedStatement<Row>(text: string) {
  return async (db: object, params: unknown[]): Promise<Row[]> => {
    const client = (db as { $client?: PostgresJsClient | PgliteClient }).$client
    if (client && 'unsafe' in client) return (await client.unsafe(text, params, { prepare: true })) as Row[]
    if (client && 'query' in client) return (await client.query(text, params)).rows as Row[]
    throw new Error('preparedStatement: needs the database handle (not a transaction)')
  }
}
