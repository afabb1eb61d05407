import { sql } from 'drizzle-orm'
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { RegistrationStatus } from '../../shared/index.ts'
import { accounts, bases, syncRecords } from './schema.ts'

/*
 * 李四光中队: squadrons, per-base registration settings, registrations and their tickets.
 * Places are held in one transaction that first locks the event's row in `event_places`
 * (services/registration-service.ts), so the confirmed headcount never exceeds the capacity,
 * on PGlite (one connection, serial transactions) as on a PostgreSQL pool.
 */

/** A class of Young Pioneers, owned by the school account that created it. */
export const squadrons = pgTable(
  'squadrons',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    schoolAccountId: uuid('school_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    grade: integer('grade').notNull(),
    headcount: integer('headcount').notNull(),
    teacher: text('teacher').notNull(),
    counsellor: text('counsellor'),
    archived: boolean('archived').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('squadrons_school_idx').on(t.schoolAccountId)],
)

/** Per base; a base without a row uses SQUADRON_SETTINGS_DEFAULT. */
export const squadronSettings = pgTable('squadron_settings', {
  baseId: text('base_id')
    .primaryKey()
    .references(() => bases.id),
  approvalRequired: boolean('approval_required').notNull(),
  cutoffHours: integer('cutoff_hours').notNull(),
  offerHours: integer('offer_hours').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * One row per event with registrations: the row every place-changing transaction locks first,
 * and what its registrations add up to, kept by those transactions under that lock, so a
 * registration decides from this row alone (services/registration-places.ts).
 */
export const eventPlaces = pgTable('event_places', {
  eventId: uuid('event_id')
    .primaryKey()
    .references(() => syncRecords.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Places held: the headcount of pending and confirmed registrations, plus offered places. */
  held: integer('held').notNull().default(0),
  /** Registrations waitlisted. */
  waitlisted: integer('waitlisted').notNull().default(0),
  /** The earliest expiry of the event's offers; null when none is out. */
  nextOfferExpiresAt: timestamp('next_offer_expires_at', { withTimezone: true }),
})

/** The registrations' unique indexes, by name: the database refuses duplicates (services/registration-service.ts). */
export const REGISTRATION_KEYS = {
  /** One registration per request: a retried request finds the first one's. */
  request: 'registrations_request_key',
  /** One registration in play per squadron and event. */
  activeSquadron: 'registrations_active_squadron_key',
  /** Ticket codes are unique in their event. */
  ticketCode: 'registrations_ticket_code_key',
} as const

export const registrations = pgTable(
  'registrations',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    /** Waitlist order: first come, first offered. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => syncRecords.id),
    squadronId: uuid('squadron_id')
      .notNull()
      .references(() => squadrons.id),
    schoolAccountId: uuid('school_account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The client's UUID for the request that made it: a retry finds this row. */
    requestId: uuid('request_id').notNull(),
    status: text('status').$type<RegistrationStatus>().notNull(),
    /** Places held (pending/confirmed) or asked for (other statuses). */
    headcount: integer('headcount').notNull(),
    /** Of `headcount`, the accompanying adults (the rest are pupils). */
    adults: integer('adults').notNull().default(0),
    offerHeadcount: integer('offer_headcount'),
    offerExpiresAt: timestamp('offer_expires_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    /** Crockford base32, unique per event; set when confirmed. */
    ticketCode: text('ticket_code'),
    /** Hex SHA-256 of the signed QR token (the token itself is re-signed on demand). */
    ticketHash: text('ticket_hash'),
    checkinRecordId: uuid('checkin_record_id'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkedInHeadcount: integer('checked_in_headcount'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex(REGISTRATION_KEYS.request).on(t.schoolAccountId, t.requestId),
    uniqueIndex(REGISTRATION_KEYS.activeSquadron)
      .on(t.eventId, t.squadronId)
      .where(sql`status in ('pending', 'confirmed', 'waitlisted', 'offered')`),
    uniqueIndex(REGISTRATION_KEYS.ticketCode).on(t.eventId, t.ticketCode),
    index('registrations_event_idx').on(t.eventId, t.status, t.seq),
    index('registrations_school_idx').on(t.schoolAccountId),
  ],
)

/** Secrets the server generates once and keeps (the ticket signing key when TICKET_SECRET is unset). */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})
