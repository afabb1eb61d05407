import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import type {
  AppWorkExpertCredit,
  WorkAction,
  WorkCredit,
  WorkDocument,
  WorkOrigin,
  WorkState,
  WorkType,
} from '../../shared/index.ts'
import { accounts } from './schema.ts'
import { changeNumber, contestEntries, contests } from './schema-contests.ts'

/*
 * Works published in the app (services/work-editor-service.ts, services/app-works.ts): written by
 * editors, imported from content/works/ (db/seed-works.ts), or a contest's winners. Each keeps its
 * working copy (`draft`) and what visitors see (`published`, shown while `listed`). `version`
 * counts saves and steps; `change` moves only when what visitors see moves, and is the `since`
 * cursor of GET /api/works.
 */
export const appWorks = pgTable(
  'app_works',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    // The columns GET /api/app-works (contest winners) reads, kept as they were.
    kind: text('kind').$type<WorkType>().notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en'),
    description: text('description').notNull().default(''),
    credits: jsonb('credits').$type<WorkCredit[]>().notNull(),
    /** Experts of the pool it credits (their pages list it). */
    expertCredits: jsonb('expert_credits').$type<AppWorkExpertCredit[]>().notNull().default([]),
    licence: text('licence').notNull(),
    mediaIds: jsonb('media_ids').$type<string[]>().notNull(),
    /** WebVTT by media id. */
    captions: jsonb('captions').$type<Record<string, { lang: string; vtt: string }>>().notNull().default({}),
    source: text('source').$type<WorkOrigin>().notNull(),
    sourceContestId: uuid('source_contest_id').references(() => contests.id, { onDelete: 'set null' }),
    /** The entry it came from: publishing it again updates this work. */
    sourceEntryId: uuid('source_entry_id').references(() => contestEntries.id, { onDelete: 'set null' }),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    change: changeNumber(),
    /** The content id of a work imported from content/works/: phones know it by that id. */
    contentId: text('content_id'),
    /** `content` until someone edits it in the app; from then on the import leaves it alone. */
    provenance: text('provenance').$type<'content' | 'app'>().notNull().default('app'),
    /** Hash of the content file it was last imported from. */
    contentHash: text('content_hash'),
    draft: jsonb('draft').$type<WorkDocument>(),
    published: jsonb('published').$type<WorkDocument>(),
    state: text('state').$type<WorkState>().notNull().default('published'),
    listed: boolean('listed').notNull().default(true),
    version: integer('version').notNull().default(1),
    publishedVersion: integer('published_version'),
    returnReason: text('return_reason'),
    /** Who made the draft's last change: they may not approve it. */
    lastEditorId: uuid('last_editor_id').references(() => accounts.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('app_works_source_entry_key').on(t.sourceEntryId),
    uniqueIndex('app_works_content_id_key').on(t.contentId),
    index('app_works_change_idx').on(t.change),
  ],
)

/** Every save and step of a work: who, when, what, and the draft after a save. Never rewritten. */
export const appWorkVersions = pgTable(
  'app_work_versions',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    workId: uuid('work_id')
      .notNull()
      .references(() => appWorks.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    action: text('action').$type<WorkAction>().notNull(),
    byId: uuid('by_id').references(() => accounts.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
    document: jsonb('document').$type<WorkDocument>(),
  },
  (t) => [index('app_work_versions_work_idx').on(t.workId, t.at)],
)
