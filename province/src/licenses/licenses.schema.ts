/**
 * The e-license library (电子证照库) of the simulator: one row per issued 不动产电子证照.
 * Registry rows (rights, mortgages) are the source; a license is issued for each and keeps its
 * own life: 现势 until the right is cancelled (注销) or replaced by a later right (换发 → superseded).
 */
import { sql } from 'drizzle-orm'
import { bigint, date, index, integer, text, timestamp } from 'drizzle-orm/pg-core'
import { province } from '../db/columns'

/** 流水号 of issued licenses (unique across issuers, which is stricter than GB/T 36904 asks). */
export const licenseSerial = province.sequence('license_serial', { startWith: 1000 })

/**
 * Change numbers of the library's status feed: every license gets one when issued and a new one
 * whenever its status or cancel reason changes (trigger province.bump_license_version, migration
 * 0006), so `version > n` is exactly "changed since the reader's last look" whoever made the change.
 */
export const licenseVersion = province.sequence('license_version', { startWith: 1 })

export const licenses = province.table(
  'licenses',
  {
    licenseId: text('license_id').primaryKey(), // 电子证照标识, canonical
    kind: text('kind', { enum: ['right_certificate', 'registration_proof'] }).notNull(),
    /** rights.id (不动产权证书) or restrictions.id (抵押 → 不动产登记证明) */
    sourceId: text('source_id').notNull().unique(),
    bdcdyh: text('bdcdyh').notNull(),
    certificateNo: text('certificate_no').notNull(),
    issuerCode: text('issuer_code').notNull(), // 6-digit division code of the issuing registry
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['current', 'cancelled'] }).notNull(),
    cancelReason: text('cancel_reason', { enum: ['superseded', 'cancelled'] }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    supersededBy: text('superseded_by'),
    version: bigint('version', { mode: 'number' })
      .notNull()
      .default(sql`nextval('province.license_version')`),
  },
  (t) => [index('licenses_bdcdyh_idx').on(t.bdcdyh), index('licenses_version_idx').on(t.version)],
)

/**
 * Every file the library issued (POST /licenses/file): its hashes, so a relying party holding a
 * file can ask whether it is one of ours, unmodified (POST /licenses/files/lookup). One row per
 * issued file: each download is signed afresh (its own signing moment and printed code).
 */
export const licenseFiles = province.table(
  'license_files',
  {
    sha256: text('sha256').primaryKey(), // hex
    sm3: text('sm3').notNull(), // hex, GB/T 32905 (what a production OFD seal digests with)
    licenseId: text('license_id').notNull(),
    mediaType: text('media_type').notNull(),
    bytes: integer('bytes').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('license_files_license_idx').on(t.licenseId)],
)
