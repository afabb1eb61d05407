import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type {
  ExpertField,
  ExpertPhoto,
  ExpertRequestFormat,
  ExpertRequestStatus,
  ExpertSource,
  ExpertStatus,
  ExpertVisibility,
  ProfileChangeStatus,
} from '../../shared/index.ts'
import type { ShownBaseSource } from '../../shared/schemas/base-source.ts'
import { accounts, bases, syncRecords } from './schema.ts'

/*
 * 科普专家库 (services/expert-service.ts, services/expert-request-service.ts). Public reads select
 * from `experts` only; contact details live in `expert_contacts`, which no public query names.
 */

/**
 * Change numbers of what event pages and the calendar feed show of experts (an accepted request,
 * an expert's name or title): event-service `eventsVersion` includes the newest, so a cached feed
 * is rebuilt after any of them, on every instance.
 */
export const expertChangeSeq = pgSequence('expert_change_seq')
const changeNumber = () =>
  bigint('change', { mode: 'number' })
    .notNull()
    .default(sql`nextval('expert_change_seq')`)

export const experts = pgTable(
  'experts',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    /** Derived from the name on every write (surname readings: 欧阳 → ouyang), for search. */
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    /** Approved values; a change the expert asks for waits in `expert_profile_changes`. */
    title: text('title'),
    institution: text('institution'),
    fields: jsonb('fields').$type<ExpertField[]>().notNull().default([]),
    /** GB/T 2260 province code. */
    region: text('region'),
    bio: text('bio').notNull().default(''),
    visibility: jsonb('visibility').$type<ExpertVisibility>().notNull(),
    status: text('status').$type<ExpertStatus>().notNull(),
    source: text('source').$type<ExpertSource>().notNull(),
    /** A seeded expert's key: `<batch file id>/<name>`, so each start adds it once. */
    contentKey: text('content_key'),
    appointmentTitle: text('appointment_title'),
    appointmentBatch: integer('appointment_batch'),
    appointedOn: date('appointed_on', { mode: 'string' }),
    termYears: integer('term_years'),
    /** Shown sources of the appointment only (reposts never reach the database). */
    appointmentSources: jsonb('appointment_sources').$type<ShownBaseSource[]>().notNull().default([]),
    /**
     * The photo the expert gave (its media is published while it is the photo), sizes and URLs kept
     * here so public reads join nothing. Never set for announced experts: none was announced.
     */
    photo: jsonb('photo').$type<ExpertPhoto>(),
    /** The expert takes no new requests while set. */
    paused: boolean('paused').notNull().default(false),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    change: changeNumber(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('experts_content_key').on(t.contentKey),
    uniqueIndex('experts_account_key').on(t.accountId),
    index('experts_change_idx').on(t.change),
  ],
)

/** Private: the expert and admins read these; no public answer is built from this table. */
export const expertContacts = pgTable('expert_contacts', {
  expertId: uuid('expert_id')
    .primaryKey()
    .references(() => experts.id, { onDelete: 'cascade' }),
  email: text('email'),
  phone: text('phone'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Title and institution changes an admin approves (or rejects, with the reason the expert reads). */
export const expertProfileChanges = pgTable(
  'expert_profile_changes',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    title: text('title'),
    institution: text('institution'),
    status: text('status').$type<ProfileChangeStatus>().notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => accounts.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('expert_profile_changes_expert_idx').on(t.expertId, t.createdAt),
    // One change waits at a time: asking again replaces it.
    uniqueIndex('expert_profile_changes_pending_key')
      .on(t.expertId)
      .where(sql`status = 'pending'`),
  ],
)

/** One-time invite links: only the SHA-256 of the token is kept, as for sessions and setup links. */
export const expertInvites = pgTable(
  'expert_invites',
  {
    tokenHash: text('token_hash').primaryKey(),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('expert_invites_expert_idx').on(t.expertId)],
)

/** A base asks an expert to one of its events; the expert answers; either side may withdraw. */
export const expertRequests = pgTable(
  'expert_requests',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    expertId: uuid('expert_id')
      .notNull()
      .references(() => experts.id, { onDelete: 'cascade' }),
    baseId: text('base_id')
      .notNull()
      .references(() => bases.id),
    eventId: uuid('event_id')
      .notNull()
      .references(() => syncRecords.id),
    requestedBy: uuid('requested_by').references(() => accounts.id, { onDelete: 'set null' }),
    /** The day asked for (Asia/Shanghai): one of the event's days. */
    date: date('date', { mode: 'string' }).notNull(),
    format: text('format').$type<ExpertRequestFormat>().notNull(),
    message: text('message').notNull(),
    status: text('status').$type<ExpertRequestStatus>().notNull(),
    declineReason: text('decline_reason'),
    withdrawnBy: text('withdrawn_by').$type<'base' | 'expert'>(),
    withdrawReason: text('withdraw_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    change: changeNumber(),
  },
  (t) => [
    index('expert_requests_expert_idx').on(t.expertId, t.status),
    index('expert_requests_event_idx').on(t.eventId, t.status),
    // The per-base daily limit counts a base's requests since midnight.
    index('expert_requests_base_created_idx').on(t.baseId, t.createdAt),
    index('expert_requests_change_idx').on(t.change),
    uniqueIndex('expert_requests_live_key')
      .on(t.expertId, t.eventId, t.date)
      .where(sql`status in ('requested', 'accepted')`),
  ],
)
