import { eq } from 'drizzle-orm'
import type { Account } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { contestEntries, contestEntryVideos } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { organisationKeyOf, voteRunning } from './contest-entries.ts'
import type { EntryRow } from './contest-entry-views.ts'
import { findContest, ENTRY_ITEM } from './contest-service.ts'
import { reviewerAssignedTo } from './review-panels.ts'

/*
 * Who may watch an entry's videos and read its captions: its organisation and admins; the
 * judges it is assigned to (not one with a conflict: they are never assigned); anyone while it is
 * shortlisted in a running public vote. Winners' videos become published media, which anyone may
 * watch (routes/media.ts), and their captions follow.
 */

async function mayWatch(
  db: Database,
  entry: EntryRow,
  account: Account | null,
  now: Date,
  slot?: string,
): Promise<boolean> {
  if (account?.role === 'admin') return true
  if (account && organisationKeyOf(account) === entry.organisationKey) return true
  if (account?.role === 'expert' && (await reviewerAssignedTo(db, account.id, { kind: ENTRY_ITEM, id: entry.id })))
    return true
  const contest = await findContest(db, entry.contestId)
  if (!contest) return false
  if (
    entry.shortlisted &&
    entry.status === 'submitted' &&
    entry.eligibility === 'eligible' &&
    voteRunning(contest, now)
  )
    return true
  const awarded =
    contest.resultsPublishedAt !== null && (contest.results?.awards.some((a) => a.entryIds.includes(entry.id)) ?? false)
  return awarded && (slot === undefined || contest.config.videos.some((v) => v.slot === slot && v.publishAsWork))
}

/** For GET /api/media/:id/:file: a contest video someone other than its uploader may watch (see above). */
export async function contestVideoVisible(
  db: Database,
  mediaId: string,
  account: Account | null,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .select({ entry: contestEntries, slot: contestEntryVideos.slot })
    .from(contestEntryVideos)
    .innerJoin(contestEntries, eq(contestEntries.id, contestEntryVideos.entryId))
    .where(eq(contestEntryVideos.mediaId, mediaId))
  for (const { entry, slot } of rows) if (await mayWatch(db, entry, account, now, slot)) return true
  return false
}

/** GET /api/contest-entries/:id/captions/:slot: the WebVTT text, to those who may watch the video; 404 to anyone else. */
export async function entryCaptions(
  db: Database,
  entryId: string,
  slot: string,
  account: Account | null,
  now: Date,
): Promise<string> {
  const notFound = () => new HttpError(404, '没有这个字幕 / no such captions')
  if (!/^[0-9a-f-]{36}$/i.test(entryId)) throw notFound()
  const [entry] = await db.select().from(contestEntries).where(eq(contestEntries.id, entryId))
  const vtt = entry && Object.hasOwn(entry.captions, slot) ? entry.captions[slot] : undefined
  if (!entry || !vtt || !(await mayWatch(db, entry, account, now, slot))) throw notFound()
  return vtt
}
