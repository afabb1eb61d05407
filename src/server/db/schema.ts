import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type { AccountStatus, BuiltBase, Role, School, SyncKind } from '../../shared/index.ts'
import type { BaseField, BaseFieldState } from '../../shared/schemas/base-edit.ts'

// One schema for PGlite and PostgreSQL. Keep SQL to what PostgreSQL 15 accepts (CI runs both).

/**
 * The bases: the database is their source of truth. content/ is the initial import (db/seed.ts),
 * which adds what is missing and refreshes only fields whose `fields[f].provenance` is still
 * `content`; staff edits (schema-base-profiles.ts) publish into `data` and raise `version`.
 * `data` keeps the whole published record as the public reads serve it.
 */
export const bases = pgTable('bases', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  category: text('category').notNull(),
  province: text('province').notNull(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  approximate: boolean('approximate').notNull(),
  data: jsonb('data').$type<BuiltBase>().notNull(),
  /** False when the base was removed from content/: kept, so records that point to it stay valid. */
  listed: boolean('listed').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** Raised by every published change (import or app); each field remembers the version it changed at. */
  version: integer('version').notNull().default(0),
  /** Per editable field: the version it last changed at and where its value came from. A missing field is `content` at 0. */
  fields: jsonb('fields').$type<Partial<Record<BaseField, BaseFieldState>>>().notNull().default({}),
  /** An admin let this base publish its minor fields (hours, closures, phone) without review. */
  minorFieldsDirect: boolean('minor_fields_direct').notNull().default(false),
  /** `content`: imported from content/ (unlisted when its file goes); `naming`: made by a named batch (schema-naming.ts). */
  origin: text('origin').$type<'content' | 'naming'>().notNull().default('content'),
  /** Withdrawn after an evaluation: unlisted, its history kept, and never listed again by the import. */
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
})

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').$type<Role>().notNull(),
    status: text('status').$type<AccountStatus>().notNull(),
    baseId: text('base_id').references(() => bases.id),
    school: jsonb('school').$type<School>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /** Why an admin rejected or disabled the account (shown to the account holder when they try to sign in). */
    statusReason: text('status_reason'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }),
    /** Base staff an admin allowed to write and review works (admins always may). */
    worksEditor: boolean('works_editor').notNull().default(false),
    /** The password was set by an admin (a new staff account, a reset): its holder is asked to change it. */
    passwordTemporary: boolean('password_temporary').notNull().default(false),
  },
  (t) => [uniqueIndex('accounts_username_key').on(t.username)],
)

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
)

/** One-time links printed on first start to create the first admin. */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
})

/** Failed sign-ins, in the database so the limit holds across several server instances. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_lookup_idx').on(t.username, t.ip, t.at), index('login_attempts_ip_idx').on(t.ip, t.at)],
)

/**
 * Request counters of per-address rate limits (ratings), in the database so that every API
 * instance counts against the same limit (services/rate-limit-store.ts).
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_reset_idx').on(t.resetAt)],
)

/** Server change numbers for sync records: pull cursors are built on them, never on device clocks. */
export const syncChangeSeq = pgSequence('sync_change_seq')

/**
 * Records pushed by staff phones (tallies, tally voids, activities), stored under the id the
 * device chose, so a replayed push finds its record instead of adding one. `payload` is the
 * validated record; `day`, `category`, `amount`, `target` and `deleted` are derived from it on
 * write, for the statistics queries.
 */
export const syncRecords = pgTable(
  'sync_records',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').$type<SyncKind>().notNull(),
    baseId: text('base_id')
      .notNull()
      .references(() => bases.id),
    version: integer('version').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    change: bigint('change', { mode: 'number' })
      .notNull()
      .default(sql`nextval('sync_change_seq')`),
    /** Asia/Shanghai day the record counts for (tally: when counted; activity: its date). */
    day: date('day', { mode: 'string' }),
    /** Audience of a tally, type of an activity. */
    category: text('category'),
    /** Visitors of a tally, participants of an activity. */
    amount: integer('amount'),
    /** The tally a tally-void undoes. */
    target: uuid('target'),
    deleted: boolean('deleted').notNull().default(false),
    /** An event's start and end as real instants (derived from the validated payload), so reads never cast text. */
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'set null' }),
    deviceId: text('device_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sync_records_base_change_idx').on(t.baseId, t.change),
    index('sync_records_stats_idx').on(t.kind, t.day, t.baseId),
    index('sync_records_target_idx').on(t.target),
    index('sync_records_event_time_idx').on(t.kind, t.endsAt),
    // The public event reads' data version is the newest change of an event (event-service `eventsVersion`).
    index('sync_records_kind_change_idx').on(t.kind, t.change),
    // A 李四光中队 registration is checked in once (its `target`), whichever phone sent it.
    uniqueIndex('sync_records_checkin_once_key')
      .on(t.target)
      .where(sql`kind = 'checkin'`),
  ],
)

/** Public satisfaction (满意度): one rating per device, base and Asia/Shanghai day. */
export const ratings = pgTable(
  'ratings',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    baseId: text('base_id')
      .notNull()
      .references(() => bases.id),
    deviceId: text('device_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    score: smallint('score').notNull(),
    comment: text('comment').notNull().default(''),
    /** Keyed hash of the sender's address (never the address): caps ratings per address, base and day. */
    addressHash: text('address_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ratings_device_base_day_key').on(t.deviceId, t.baseId, t.day),
    index('ratings_base_day_idx').on(t.baseId, t.day),
    index('ratings_address_idx').on(t.addressHash, t.baseId, t.day),
  ],
)

export * from './schema-notices.ts'
export * from './schema-squadrons.ts'
export * from './schema-experts.ts'
export * from './schema-media.ts'
export * from './schema-base-profiles.ts'
export * from './schema-reviews.ts'
export * from './schema-contests.ts'
export * from './schema-works.ts'
export * from './schema-naming.ts'
