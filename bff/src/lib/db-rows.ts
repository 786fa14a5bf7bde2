/** The rows of a raw `db.execute(sql…)` result: PGlite answers `{ rows }`, postgres-js an array of rows. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows?: T[] }).rows ?? (result as T[])
