import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { CapAlert } from '../../shared/index.ts'
import { accounts } from './schema.ts'

/**
 * Emergency-science notices: one row per CAP message. An Update or Cancel is a new row that
 * references earlier ones (by sender + identifier, as CAP does), so nothing is ever rewritten
 * and the history of a warning stays readable. `alert` is the whole validated message.
 */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    sender: text('sender').notNull(),
    identifier: text('identifier').notNull(),
    sent: timestamp('sent', { withTimezone: true }).notNull(),
    msgType: text('msg_type').notNull(),
    expires: timestamp('expires', { withTimezone: true }),
    /** GB/T 2260 codes, for the province filter and push fan-out. */
    provinces: jsonb('provinces').$type<string[]>().notNull(),
    alert: jsonb('alert').$type<CapAlert>().notNull(),
    /** 'json' (the admin form) or 'cap' (an imported CAP document). */
    source: text('source').$type<'json' | 'cap'>().notNull(),
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'set null' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * When an Update or Cancel referencing this message arrived (derived, set once): lets the list
     * drop a whole chain 30 days after it ended instead of keeping a cancelled open-ended alert forever.
     */
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notices_sender_identifier_key').on(t.sender, t.identifier),
    index('notices_sent_idx').on(t.sent),
  ],
)

/** Browsers that asked for Web Push, with the provinces they follow. Endpoints are unique. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    provinces: jsonb('provinces').$type<string[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint)],
)

/** What was pushed to whom and what the push service answered (kept after a subscription is removed). */
export const pushDeliveries = pgTable(
  'push_deliveries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    subscriptionId: uuid('subscription_id').references(() => pushSubscriptions.id, { onDelete: 'set null' }),
    endpoint: text('endpoint').notNull(),
    /** sent: accepted by the push service; gone: 404/410, subscription removed; failed: anything else. */
    result: text('result').$type<'sent' | 'gone' | 'failed'>().notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('push_deliveries_notice_idx').on(t.noticeId)],
)
