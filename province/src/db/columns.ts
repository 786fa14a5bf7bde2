/**
 * The provincial simulator's own database schema (`province`) and column builders its tables share.
 * Nothing here is shared with the BFF's tables; the BFF only ever sees this data through the HTTP
 * contract (@bdc/shared/province-contract). PostgreSQL 15 features only.
 */
import { date, numeric, pgSchema, timestamp } from 'drizzle-orm/pg-core'

export const province = pgSchema('province')

export const ymd = (name: string) => date(name, { mode: 'string' })
export const area = (name: string) => numeric(name, { precision: 12, scale: 2, mode: 'number' })
/** A `timestamp with time zone` column. */
export const ts = (name: string) => timestamp(name, { withTimezone: true })
