/**
 * Online applications (互联网接件): drafts, photos of materials, the progress timeline and 好差评.
 * What goes to the province is queued in the outbox (src/outbox/).
 *
 * Personal data is sealed (SM4, security/crypto.ts): the form (contact phone, corrections …), the
 * applicant's name and ID number (the delivery needs them when no session is around), photos, and
 * rating texts. The owner is found by the blind index of the ID number (`owner`).
 */
import { bigserial, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { ratingColumns, ts } from '../../db/columns'

export const applications = pgTable(
  'applications',
  {
    /** Also the client reference the province deduplicates on. */
    id: uuid('id').primaryKey().defaultRandom(),
    owner: text('owner').notNull(),
    type: text('type').notNull(),
    unitCode: text('unit_code').notNull(),
    location: text('location').notNull(),
    divisionCode: text('division_code').notNull(),
    applicantIdType: text('applicant_id_type').notNull(),
    applicantIdSealed: text('applicant_id_sealed').notNull(),
    applicantNameSealed: text('applicant_name_sealed').notNull(),
    formSealed: text('form_sealed').notNull(),
    channel: text('channel', { enum: ['h5', 'weapp'] }).notNull(),
    status: text('status').notNull(),
    statusNote: text('status_note'),
    /** Highest province event sequence applied to `status` (out-of-order events never move it back). */
    progressSeq: integer('progress_seq').notNull().default(0),
    receiptNo: text('receipt_no'),
    statementsVersion: text('statements_version'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    submittedAt: ts('submitted_at'),
  },
  (t) => [index('applications_owner_idx').on(t.owner, t.createdAt), uniqueIndex('applications_receipt_uq').on(t.receiptNo)],
)

export const applicationMaterials = pgTable(
  'application_materials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** base64 of the normalised JPEG, sealed */
    imageSealed: text('image_sealed').notNull(),
    thumbSealed: text('thumb_sealed').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('application_materials_app_idx').on(t.applicationId)],
)

/** The timeline: the citizen's submission, the BFF's delivery, and every province event (by seq). */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    /** Province event id (replay protection); null for our own entries. */
    eventId: text('event_id').unique(),
    seq: integer('seq').notNull(),
    status: text('status').notNull(),
    label: text('label').notNull(),
    note: text('note'),
    source: text('source', { enum: ['citizen', 'bff', 'province'] }).notNull(),
    at: ts('at').notNull(),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [index('application_events_app_idx').on(t.applicationId, t.seq)],
)

export const applicationRatings = pgTable('application_ratings', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** One rating per application. */
  applicationId: uuid('application_id')
    .notNull()
    .unique()
    .references(() => applications.id, { onDelete: 'cascade' }),
  ...ratingColumns(),
})
