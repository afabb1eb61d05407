import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type { AssignmentStatus, ConflictReason, CriterionScore, ReviewSettings } from '../../shared/index.ts'
import { accounts } from './schema.ts'

/*
 * Expert review panels (services/review-panels.ts), shared by every workflow that has experts
 * score things: a subject (a contest, an application round) has panels per stage and round; items
 * are named by kind and id only, so this schema knows nothing of what it reviews.
 */

export const reviewPanels = pgTable(
  'review_panels',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    /** What the panel belongs to: `contest` + the contest's id, for example. */
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    stage: text('stage').notNull(),
    round: integer('round').notNull().default(1),
    settings: jsonb('settings').$type<ReviewSettings>().notNull(),
    status: text('status').$type<'open' | 'closed'>().notNull().default('open'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('review_panels_stage_round_key').on(t.subjectKind, t.subjectId, t.stage, t.round)],
)

/** The expert accounts on a panel. */
export const reviewPanelMembers = pgTable(
  'review_panel_members',
  {
    panelId: uuid('panel_id')
      .notNull()
      .references(() => reviewPanels.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.panelId, t.accountId] }), index('review_panel_members_account_idx').on(t.accountId)],
)

/** What a panel reviews; `organisations` are the names a reviewer's institution is compared with. */
export const reviewItems = pgTable(
  'review_items',
  {
    panelId: uuid('panel_id')
      .notNull()
      .references(() => reviewPanels.id, { onDelete: 'cascade' }),
    itemKind: text('item_kind').notNull(),
    itemId: text('item_id').notNull(),
    organisations: jsonb('organisations').$type<string[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.panelId, t.itemKind, t.itemId] })],
)

/**
 * One reviewer's sheet for one item: made when the panel is assigned (never for a conflicted
 * reviewer), filled as a draft, then submitted. `scores` is every criterion with its comment.
 */
export const reviewAssignments = pgTable(
  'review_assignments',
  {
    panelId: uuid('panel_id')
      .notNull()
      .references(() => reviewPanels.id, { onDelete: 'cascade' }),
    itemKind: text('item_kind').notNull(),
    itemId: text('item_id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    status: text('status').$type<AssignmentStatus>().notNull().default('assigned'),
    scores: jsonb('scores').$type<CriterionScore[]>().notNull().default([]),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.panelId, t.itemKind, t.itemId, t.accountId] }),
    index('review_assignments_account_idx').on(t.accountId, t.panelId),
  ],
)

/**
 * Conflicts of interest, per subject (so one found in the first round holds in the next): the
 * reviewer is never assigned the item, and the record says why and who recorded it.
 */
export const reviewConflicts = pgTable(
  'review_conflicts',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    itemKind: text('item_kind').notNull(),
    itemId: text('item_id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    reason: text('reason').$type<ConflictReason>().notNull(),
    note: text('note').notNull().default(''),
    /** The panel where it was found or declared. */
    panelId: uuid('panel_id').references(() => reviewPanels.id, { onDelete: 'set null' }),
    recordedBy: uuid('recorded_by').references(() => accounts.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_conflicts_key').on(t.subjectKind, t.subjectId, t.itemKind, t.itemId, t.accountId),
    index('review_conflicts_account_idx').on(t.accountId),
  ],
)
