import { sql } from 'drizzle-orm'
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type {
  BaseField,
  BaseFieldValues,
  BaseFieldVersions,
  HistoryAction,
  ProposalStatus,
} from '../../shared/schemas/base-edit.ts'
import { accounts, bases } from './schema.ts'

/**
 * A staff member's edit of their base (services/base-profile-service.ts): the new values, the
 * version of each field when it was loaded, and the published values at that moment (the diff's
 * "before"). Photos are stored as published (with their sizes), resolved when the proposal is made.
 */
export const baseProposals = pgTable(
  'base_proposals',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    baseId: text('base_id')
      .notNull()
      .references(() => bases.id),
    status: text('status').$type<ProposalStatus>().notNull(),
    changes: jsonb('changes').$type<Partial<BaseFieldValues>>().notNull(),
    loadedVersions: jsonb('loaded_versions').$type<BaseFieldVersions>().notNull(),
    before: jsonb('before').$type<Partial<BaseFieldValues>>().notNull(),
    note: text('note'),
    proposedBy: uuid('proposed_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Why an admin rejected it. */
    reason: text('reason'),
  },
  (t) => [
    index('base_proposals_status_idx').on(t.status, t.createdAt),
    index('base_proposals_base_idx').on(t.baseId, t.createdAt),
  ],
)

/**
 * Every write to a base's record, never updated or deleted: a field published (from the import or
 * the app) with its previous and new value, a proposal made or rejected, a setting changed.
 */
export const baseHistory = pgTable(
  'base_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    baseId: text('base_id')
      .notNull()
      .references(() => bases.id),
    action: text('action').$type<HistoryAction>().notNull(),
    field: text('field').$type<BaseField | 'minorFieldsDirect'>(),
    previous: jsonb('previous'),
    value: jsonb('value'),
    /** Null for the content import. */
    accountId: uuid('account_id').references(() => accounts.id),
    proposalId: uuid('proposal_id').references(() => baseProposals.id),
    /** The base's version after the write. */
    version: integer('version').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('base_history_base_idx').on(t.baseId, t.id)],
)
