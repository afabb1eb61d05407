import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type {
  ApplicationStatus,
  AttachmentRef,
  CallBody,
  DesignationList,
  DraftForm,
  EvaluationBody,
  EvaluationPrefill,
  SelfReportBody,
} from '../../shared/index.ts'
import { accounts, bases } from './schema.ts'

/*
 * Becoming a base and staying one (issue 24; services/naming-*.ts, base-evaluations.ts): calls,
 * applicants, applications, named batches and the yearly evaluation. Review panels and sheets are
 * the review engine's (schema-reviews.ts), whose subjects here are `naming-call` and `evaluation`.
 */

/** A call for applications: one year, list and category, with its deadline, attachments, criteria and grades. */
export const namingCalls = pgTable('naming_calls', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  year: integer('year').notNull(),
  list: text('list').$type<DesignationList>().notNull(),
  category: text('category').notNull(),
  deadline: timestamp('deadline', { withTimezone: true }).notNull(),
  config: jsonb('config').$type<CallBody>().notNull(),
  createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** An applicant account's institution, as it signed up (the account itself is an `applicant` in `accounts`). */
export const applicants = pgTable('applicants', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  institution: text('institution').notNull(),
  province: text('province').notNull(),
  contact: text('contact').notNull(),
})

/**
 * One application of one applicant to one call: the form as a draft (anything may be missing)
 * until submitted, attachments as media ids per slot, and what the formal check and naming did.
 */
export const baseApplications = pgTable(
  'base_applications',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    callId: uuid('call_id')
      .notNull()
      .references(() => namingCalls.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    status: text('status').$type<ApplicationStatus>().notNull().default('draft'),
    form: jsonb('form').$type<DraftForm>().notNull().default({}),
    attachments: jsonb('attachments').$type<AttachmentRef[]>().notNull().default([]),
    /** Raised by every saved draft: a save carrying an older one is refused. */
    version: integer('version').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    returnReasons: jsonb('return_reasons').$type<string[]>().notNull().default([]),
    /** A returned application may be fixed and submitted again until then. */
    fixUntil: timestamp('fix_until', { withTimezone: true }),
    checkedBy: uuid('checked_by').references(() => accounts.id, { onDelete: 'set null' }),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    /** The base it became when named. */
    baseId: text('base_id').references(() => bases.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('base_applications_call_account_key').on(t.callId, t.accountId),
    index('base_applications_call_idx').on(t.callId, t.status),
  ],
)

/** A published batch (命名): a list's title and year. Never rewritten. */
export const designationBatches = pgTable(
  'designation_batches',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    title: text('title').notNull(),
    year: integer('year').notNull(),
    list: text('list').$type<DesignationList>().notNull(),
    publishedBy: uuid('published_by').references(() => accounts.id, { onDelete: 'set null' }),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('designation_batches_title_year_key').on(t.title, t.year, t.list)],
)

/** The bases a batch named: each base once per list (a second naming to the same list is refused). */
export const baseDesignations = pgTable(
  'base_designations',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => designationBatches.id),
    baseId: text('base_id')
      .notNull()
      .references(() => bases.id),
    list: text('list').$type<DesignationList>().notNull(),
    applicationId: uuid('application_id').references(() => baseApplications.id),
    callCategory: text('call_category'),
    /** The base was in the app before (named again), not made by this batch. */
    renamed: integer('renamed').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.baseId] }),
    uniqueIndex('base_designations_base_list_key').on(t.baseId, t.list),
    uniqueIndex('base_designations_application_key').on(t.applicationId),
  ],
)

/** A year's evaluation, opened by an admin; its grades are published once. */
export const baseEvaluations = pgTable('base_evaluations', {
  id: uuid('id')
    .primaryKey()
    .default(sql`gen_random_uuid()`),
  year: integer('year').notNull().unique(),
  config: jsonb('config').$type<EvaluationBody>().notNull(),
  status: text('status').$type<'open' | 'published'>().notNull().default('open'),
  openedBy: uuid('opened_by').references(() => accounts.id, { onDelete: 'set null' }),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
})

/** A base's self-report for one evaluation: what the app knew (prefill), what the base added, the grade. */
export const evaluationReports = pgTable(
  'evaluation_reports',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    evaluationId: uuid('evaluation_id')
      .notNull()
      .references(() => baseEvaluations.id),
    baseId: text('base_id')
      .notNull()
      .references(() => bases.id),
    status: text('status').$type<'draft' | 'submitted'>().notNull().default('draft'),
    prefill: jsonb('prefill').$type<EvaluationPrefill>().notNull(),
    extra: jsonb('extra').$type<Omit<SelfReportBody, 'submit'>>().notNull().default({ summary: '' }),
    grade: text('grade'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('evaluation_reports_key').on(t.evaluationId, t.baseId)],
)
