/** 统一身份认证: real-name users and the SSO's one-time codes and access tokens. */
import { sql } from 'drizzle-orm'
import { boolean, index, integer, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { province } from '../db/columns'

/** Real-name users of 天府通办 (persons and legal persons). */
export const citizens = province.table(
  'citizens',
  {
    id: text('id').primaryKey(), // 'c-zhangwei' for demo accounts, 'p-<id number>' / 'o-<uscc>' for generated ones
    name: text('name').notNull(),
    kind: text('kind', { enum: ['person', 'organization'] }).notNull(),
    idType: text('id_type').notNull(), // 111 身份证, 001 统一社会信用代码 …
    idNumber: text('id_number').notNull(),
    phone: text('phone'),
    isDemo: boolean('is_demo').notNull().default(false),
    demoLabel: text('demo_label'), // already masked, shown on the simulator's login page
    demoOrder: integer('demo_order'),
    /** 法定代表人 of an organisation: the person whose face stands for it at a face check. */
    legalRepId: text('legal_rep_id').references((): AnyPgColumn => citizens.id),
  },
  (t) => [uniqueIndex('citizens_id_number_uq').on(t.idNumber), index('citizens_demo_idx').on(t.demoOrder).where(sql`${t.isDemo}`)],
)

/** One-time login codes (authorization_code from the SSO page, container_code from the container). */
export const authCodes = province.table(
  'auth_codes',
  {
    codeHash: text('code_hash').primaryKey(), // sha256 hex of the code
    citizenId: text('citizen_id')
      .notNull()
      .references(() => citizens.id),
    kind: text('kind', { enum: ['authorization_code', 'container_code'] }).notNull(),
    redirectUri: text('redirect_uri'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('auth_codes_expires_idx').on(t.expiresAt)],
)

export const accessTokens = province.table(
  'access_tokens',
  {
    tokenHash: text('token_hash').primaryKey(), // sha256 hex of the token
    citizenId: text('citizen_id')
      .notNull()
      .references(() => citizens.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('access_tokens_expires_idx').on(t.expiresAt)],
)
