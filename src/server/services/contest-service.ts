import { and, count, desc, eq, inArray, max, sql } from 'drizzle-orm'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { byCodeUnit } from '../../shared/domain/compare.ts'
import { contestRulesText, isDuring, stageOn } from '../../shared/domain/contest-rules.ts'
import type {
  AdminContest,
  ContestBody,
  ContestDetail,
  ContestResults,
  ContestSummary,
  PublicEntry,
} from '../../shared/index.ts'
import type { BuiltContent } from '../content/built-content.ts'
import type { Database } from '../db/connect.ts'
import { appWorks, contestEntries, contests } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { entryVideosOf } from './contest-entry-views.ts'
import { reviewPanelsOf } from './review-panels.ts'

/*
 * Contests as configuration (shared/schemas/contest.ts): admins write it, the public reads the
 * list and each contest's rules, shortlist (while the vote runs) and results (once published).
 * Stages follow the server's clock in Asia/Shanghai. Entries, judging, votes and results have
 * their own modules (contest-entries.ts, contest-judging.ts, contest-votes.ts, contest-results.ts).
 */

export type ContestRow = typeof contests.$inferSelect
type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
export type Db = Database | Tx

/** The review engine's name for a contest and its entries (services/review-panels.ts). */
export const CONTEST_SUBJECT = 'contest'
export const ENTRY_ITEM = 'contest-entry'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const noContest = () => new HttpError(404, '没有这个比赛 / no such contest')

/** A contest by id, published or not (admins); null for a malformed id. */
export async function findContest(db: Db, id: string): Promise<ContestRow | null> {
  if (!UUID.test(id)) return null
  const [row] = await db.select().from(contests).where(eq(contests.id, id))
  return row ?? null
}

/** A contest the public may see (published), or a 404. */
export async function publishedContest(db: Db, id: string): Promise<ContestRow> {
  const row = await findContest(db, id)
  if (!row?.published) throw noContest()
  return row
}

/** A new change number for the contest: its public reads are built again (cache/data-versions.ts). */
export async function touchContest(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(contests)
    .set({ change: sql`nextval('contest_change_seq')`, updatedAt: now })
    .where(eq(contests.id, id))
}

/** The `contests` data version: contests and the works published in the app (their change numbers and counts). */
export async function contestsVersion(db: Database): Promise<string> {
  const [c] = await db.select({ n: count(), newest: max(contests.change) }).from(contests)
  const [w] = await db.select({ n: count(), newest: max(appWorks.change) }).from(appWorks)
  return `${String(c!.n)}@${String(c!.newest ?? 0)}@${String(w!.n)}@${String(w!.newest ?? 0)}`
}

function themeDayOf(content: BuiltContent, id: string | null) {
  const day = id ? content.themeDays.find((d) => d.id === id) : undefined
  return day ? { id: day.id, name: { zh: day.name.zh, en: day.name.en } } : null
}

function summary(row: ContestRow, content: BuiltContent, now: Date): ContestSummary {
  const c = row.config
  return {
    id: row.id,
    kind: c.kind,
    title: c.title,
    year: c.year,
    themeDay: themeDayOf(content, c.themeDayId),
    stages: [...c.stages].sort((a, b) => (a.starts < b.starts ? -1 : a.starts > b.starts ? 1 : 0)),
    currentStage: stageOn(c.stages, todayInChina(now)),
    resultsPublished: row.resultsPublishedAt !== null,
  }
}

function checkConfig(body: ContestBody, content: BuiltContent): void {
  const themeDayId = body.config.themeDayId
  if (themeDayId && !content.themeDays.some((d) => d.id === themeDayId))
    throw new HttpError(400, `没有这个主题日 / no theme day "${themeDayId}"`, {}, [
      { path: 'body.config.themeDayId', message: `no theme day "${themeDayId}"` },
    ])
}

/** GET /api/contests: published contests, newest first. */
export async function listContests(db: Database, content: BuiltContent, now: Date): Promise<ContestSummary[]> {
  const rows = await db.select().from(contests).where(eq(contests.published, true)).orderBy(desc(contests.createdAt))
  return rows
    .map((r) => summary(r, content, now))
    .sort((a, b) => b.year - a.year || (a.stages[0]!.starts > b.stages[0]!.starts ? -1 : 1))
}

/** Entries as the public sees them (shortlist, results): names and organisation shown, every video or only those published as works. */
async function publicEntries(
  db: Database,
  rows: (typeof contestEntries.$inferSelect)[],
  row: ContestRow,
  worksOnly: boolean,
): Promise<PublicEntry[]> {
  const slots = new Set(row.config.videos.filter((v) => !worksOnly || v.publishAsWork).map((v) => v.slot))
  const videos = await entryVideosOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    theme: r.theme,
    description: r.description,
    entrantNames: r.entrantNames,
    organisationName: r.organisationName,
    videos: (videos.get(r.id) ?? [])
      .filter((v) => slots.has(v.slot))
      .map((v) => ({ ...v, captionsUrl: r.captions[v.slot] ? v.captionsUrl : null })),
  }))
}

/** The shortlisted entries the public may vote for (submitted, eligible), by title (code units, not the database's collation). */
export async function shortlistedEntries(db: Db, contestId: string) {
  const rows = await db
    .select()
    .from(contestEntries)
    .where(
      and(
        eq(contestEntries.contestId, contestId),
        eq(contestEntries.shortlisted, true),
        eq(contestEntries.status, 'submitted'),
        eq(contestEntries.eligibility, 'eligible'),
      ),
    )
  return rows.sort((a, b) => byCodeUnit(a.title, b.title) || byCodeUnit(a.id, b.id))
}

async function resultsOf(db: Database, row: ContestRow): Promise<ContestResults | null> {
  if (!row.resultsPublishedAt || !row.results) return null
  const ids = row.results.awards.flatMap((a) => a.entryIds)
  const entries = ids.length ? await db.select().from(contestEntries).where(inArray(contestEntries.id, ids)) : []
  const shown = new Map((await publicEntries(db, entries, row, true)).map((e) => [e.id, e]))
  const works = ids.length
    ? new Map(
        (
          await db
            .select({ id: appWorks.id, entryId: appWorks.sourceEntryId })
            .from(appWorks)
            .where(inArray(appWorks.sourceEntryId, ids))
        ).map((w) => [w.entryId, w.id]),
      )
    : new Map<string | null, string>()
  return {
    publishedAt: row.resultsPublishedAt.toISOString(),
    awards: row.config.awards
      .map((award) => ({
        award,
        entries: (row.results!.awards.find((a) => a.awardId === award.id)?.entryIds ?? [])
          .map((id) => shown.get(id))
          .filter((e) => e !== undefined)
          .map((e) => ({ ...e, workId: works.get(e.id) ?? null })),
      }))
      .filter((a) => a.entries.length > 0),
  }
}

/** GET /api/contests/:id: rules, the shortlist while the vote runs, the results once published. */
export async function contestDetail(
  db: Database,
  content: BuiltContent,
  id: string,
  now: Date,
): Promise<ContestDetail> {
  const row = await publishedContest(db, id)
  const c = row.config
  const voting = c.vote.mode !== 'none' && isDuring(c.stages, 'public-vote', todayInChina(now))
  return {
    ...summary(row, content, now),
    description: c.description,
    rules: {
      themes: c.themes,
      videos: c.videos,
      captionsRequired: c.captionsRequired,
      quotas: c.quotas,
      criteria: c.criteria,
      awards: c.awards,
      vote: c.vote,
      blindReview: c.blindReview,
      maxNonOriginalPercent: c.maxNonOriginalPercent,
      licence: c.licence,
      text: contestRulesText(c),
    },
    shortlist: voting ? await publicEntries(db, await shortlistedEntries(db, row.id), row, false) : [],
    results: await resultsOf(db, row),
  }
}

async function adminView(db: Database, content: BuiltContent, row: ContestRow, now: Date): Promise<AdminContest> {
  const [n] = await db
    .select({ n: count() })
    .from(contestEntries)
    .where(and(eq(contestEntries.contestId, row.id), sql`${contestEntries.status} <> 'withdrawn'`))
  return {
    ...summary(row, content, now),
    config: row.config,
    published: row.published,
    entries: n?.n ?? 0,
    panels: await reviewPanelsOf(db, { kind: CONTEST_SUBJECT, id: row.id }),
  }
}

export async function adminContests(db: Database, content: BuiltContent, now: Date): Promise<AdminContest[]> {
  const rows = await db.select().from(contests).orderBy(desc(contests.createdAt))
  return Promise.all(rows.map((r) => adminView(db, content, r, now)))
}

export async function adminContest(db: Database, content: BuiltContent, id: string, now: Date): Promise<AdminContest> {
  const row = await findContest(db, id)
  if (!row) throw noContest()
  return adminView(db, content, row, now)
}

export async function createContest(
  db: Database,
  content: BuiltContent,
  body: ContestBody,
  createdBy: string,
  now: Date,
): Promise<AdminContest> {
  checkConfig(body, content)
  const [row] = await db
    .insert(contests)
    .values({
      kind: body.config.kind,
      config: body.config,
      published: body.published,
      createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  return adminView(db, content, row!, now)
}

/**
 * Replaces a contest's configuration. Entries keep what they have; what they still lack under the
 * new rules shows in their `missing` list, and submitting checks every file again.
 */
export async function updateContest(
  db: Database,
  content: BuiltContent,
  id: string,
  body: ContestBody,
  now: Date,
): Promise<AdminContest> {
  checkConfig(body, content)
  const existing = await findContest(db, id)
  if (!existing) throw noContest()
  if (existing.resultsPublishedAt)
    throw new HttpError(409, '结果已公布，不能再改规则 / the results are published: the rules can no longer change')
  const [row] = await db
    .update(contests)
    .set({
      kind: body.config.kind,
      config: body.config,
      published: body.published,
      updatedAt: now,
      change: sql`nextval('contest_change_seq')`,
    })
    .where(eq(contests.id, id))
    .returning()
  return adminView(db, content, row!, now)
}
