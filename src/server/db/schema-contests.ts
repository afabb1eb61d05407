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
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type {
  ContestConfig,
  ContestKind,
  Eligibility,
  EntryStatus,
  OriginalityDeclaration,
  ResultsBody,
  VideoInfo,
} from '../../shared/index.ts'
import { accounts } from './schema.ts'
import { media } from './schema-media.ts'

/*
 * 讲解大赛 and 微视频大赛 (services/contest-*.ts), and the works published in the app that winners
 * become (services/app-works.ts). Judging lives in the review tables (schema-reviews.ts).
 */

/**
 * Change numbers of what the public contest reads show (a contest, its shortlist and results, a
 * published work): the `contests` data version (cache/data-versions.ts) is the newest of them.
 */
export const contestChangeSeq = pgSequence('contest_change_seq')
export const changeNumber = () =>
  bigint('change', { mode: 'number' })
    .notNull()
    .default(sql`nextval('contest_change_seq')`)

export const contests = pgTable(
  'contests',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    kind: text('kind').$type<ContestKind>().notNull(),
    /** The whole configuration, as validated by `contestConfig`. */
    config: jsonb('config').$type<ContestConfig>().notNull(),
    /** A draft is seen by admins only. */
    published: boolean('published').notNull().default(false),
    /** Awards as the admin set them; shown once `results_published_at` is set. */
    results: jsonb('results').$type<ResultsBody>(),
    resultsPublishedAt: timestamp('results_published_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    change: changeNumber(),
  },
  (t) => [index('contests_change_idx').on(t.change)],
)

/**
 * An entry, made by the nominating organisation's account (a school's or a base's); the
 * organisation is fixed when the entry is made and is what quotas count.
 */
export const contestEntries = pgTable(
  'contest_entries',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    contestId: uuid('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    organisationKey: text('organisation_key').notNull(),
    organisationName: text('organisation_name').notNull(),
    title: text('title').notNull(),
    theme: text('theme').notNull(),
    description: text('description').notNull().default(''),
    entrantNames: jsonb('entrant_names').$type<string[]>().notNull(),
    declaration: jsonb('declaration').$type<OriginalityDeclaration>(),
    /** WebVTT text by video slot, checked when it was set. */
    captions: jsonb('captions').$type<Record<string, string>>().notNull().default({}),
    status: text('status').$type<EntryStatus>().notNull().default('draft'),
    eligibility: text('eligibility').$type<Eligibility>().notNull().default('pending'),
    eligibilityReason: text('eligibility_reason'),
    shortlisted: boolean('shortlisted').notNull().default(false),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contest_entries_quota_idx').on(t.contestId, t.organisationKey, t.status),
    index('contest_entries_account_idx').on(t.accountId, t.contestId),
  ],
)

/** The video in each slot of an entry, with what the server read from it when it was attached. */
export const contestEntryVideos = pgTable(
  'contest_entry_videos',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => contestEntries.id, { onDelete: 'cascade' }),
    slot: text('slot').notNull(),
    mediaId: uuid('media_id')
      .notNull()
      .references(() => media.id),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    video: jsonb('video').$type<VideoInfo>().notNull(),
    attachedAt: timestamp('attached_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.slot] }), index('contest_entry_videos_media_idx').on(t.mediaId)],
)

/**
 * Public votes: one per device token, entry and Asia/Shanghai day (the unique index decides).
 * The address is kept only as a keyed hash that changes every day, as for ratings.
 */
export const contestVotes = pgTable(
  'contest_votes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    contestId: uuid('contest_id')
      .notNull()
      .references(() => contests.id, { onDelete: 'cascade' }),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => contestEntries.id, { onDelete: 'cascade' }),
    deviceId: text('device_id').notNull(),
    /** When the device's token was issued (signed into it): how new the device is. */
    deviceIssuedAt: timestamp('device_issued_at', { withTimezone: true }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    addressHash: text('address_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The anomaly flag an admin discounted this vote under; null while it counts. */
    discountedBy: text('discounted_by'),
  },
  (t) => [
    uniqueIndex('contest_votes_device_entry_day_key').on(t.contestId, t.entryId, t.deviceId, t.day),
    index('contest_votes_address_idx').on(t.contestId, t.addressHash, t.day),
    index('contest_votes_entry_idx').on(t.contestId, t.entryId),
  ],
)
