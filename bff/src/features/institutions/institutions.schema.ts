/**
 * Institution channel (banks, 公积金 centres): registered institutions, the nonces of their signed
 * requests, the consents citizens give them, and every call they make. The client secret is needed
 * to verify each request's HMAC, so it is stored sealed (SM4, like other sealed columns), never
 * hashed; the consenting citizen's ID number only sealed with a blind index.
 */
import { bigserial, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../../db/columns'

export const institutions = pgTable('institutions', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 统一社会信用代码 (validated with the shared parser). */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  clientId: text('client_id').notNull().unique(),
  secretSealed: text('secret_sealed').notNull(),
  perMinute: integer('per_minute').notNull(),
  perDay: integer('per_day').notNull(),
  createdAt: ts('created_at').notNull(),
  disabledAt: ts('disabled_at'),
})

/**
 * Nonces seen, per institution, until they can no longer pass the timestamp check. The primary key
 * makes the database decide: of two requests with one nonce, on one instance or two, exactly one inserts.
 */
export const institutionNonces = pgTable(
  'institution_nonces',
  {
    institutionId: uuid('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    nonce: text('nonce').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.nonce] }), index('institution_nonces_expires_idx').on(t.expiresAt)],
)

export const institutionConsents = pgTable(
  'institution_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    institutionId: uuid('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    /** Blind index of the consenting holder's ID number: their key to list and revoke. */
    ownerIndex: text('owner_index').notNull(),
    ownerIdSealed: text('owner_id_sealed').notNull(),
    licenseId: text('license_id').notNull(),
    unitCode: text('unit_code').notNull(),
    /** 证号 and 坐落 at consent time, for the owner's list (not personal data by themselves). */
    certificateNo: text('certificate_no').notNull(),
    location: text('location').notNull(),
    purpose: text('purpose', { enum: ['mortgage_loan', 'housing_fund', 'credit_check'] }).notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('institution_consents_owner_idx').on(t.ownerIndex, t.createdAt), index('institution_consents_lookup_idx').on(t.institutionId, t.licenseId)],
)

/** Every answered institutional call, for the holders' 我的查询记录 (never the ID number asked about). */
export const institutionCalls = pgTable(
  'institution_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    institutionId: uuid('institution_id')
      .notNull()
      .references(() => institutions.id, { onDelete: 'cascade' }),
    /** The certificate asked about (null: the code named none). */
    licenseId: text('license_id'),
    /** The consent the answer relied on (null: the public masked answer only). */
    consentId: uuid('consent_id'),
    purpose: text('purpose'),
    answer: text('answer', { enum: ['consented', 'masked'] }).notNull(),
  },
  (t) => [index('institution_calls_license_idx').on(t.licenseId, t.at), index('institution_calls_consent_idx').on(t.consentId)],
)
