/**
 * Delegated query (授权他人查询): grants, the units they cover, and every access (successful or
 * refused). Names and ID numbers only sealed (SM4) with a blind index for matching; the share
 * token only as its SM3 hash.
 */
import { bigserial, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../../db/columns'

export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    /** Blind index of the owner's ID number: the owner's key to list and revoke. */
    ownerIndex: text('owner_index').notNull(),
    ownerIdType: text('owner_id_type').notNull(),
    ownerIdSealed: text('owner_id_sealed').notNull(),
    ownerNameSealed: text('owner_name_sealed').notNull(),
    ownerKind: text('owner_kind', { enum: ['person', 'organization'] }).notNull(),
    delegateNameSealed: text('delegate_name_sealed').notNull(),
    delegateIdSealed: text('delegate_id_sealed').notNull(),
    delegateIndex: text('delegate_index').notNull(),
    scope: text('scope', { enum: ['status', 'rights', 'certificate', 'proof'] }).notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('grants_owner_idx').on(t.ownerIndex, t.createdAt)],
)

export const grantUnits = pgTable(
  'grant_units',
  {
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    unitCode: text('unit_code').notNull(),
    /** 坐落 at grant time, for the owner's list (not personal data by itself). */
    location: text('location').notNull(),
    ord: integer('ord').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.unitCode] })],
)

export const grantAccesses = pgTable(
  'grant_accesses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
    viewerIndex: text('viewer_index').notNull(),
    viewerNameSealed: text('viewer_name_sealed').notNull(),
    viewerIdSealed: text('viewer_id_sealed').notNull(),
    outcome: text('outcome', { enum: ['ok', 'wrong_person', 'expired', 'revoked', 'used_up'] }).notNull(),
    /** What was shown: scope and unit codes; empty when refused. */
    seen: text('seen').notNull().default(''),
  },
  (t) => [index('grant_accesses_grant_idx').on(t.grantId, t.at)],
)

