import { and, asc, count, eq, ne, sql } from 'drizzle-orm'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { checkVideo, closesAt, isDuring, opensAt, parseWebVtt, windowOf } from '../../shared/domain/contest-rules.ts'
import type { Account, ContestEntry, EntryCreateBody, EntryUpdateBody } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { bases, contestEntries, contestEntryVideos, media } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { entryViews, missingFor, type EntryRow } from './contest-entry-views.ts'
import { findContest, publishedContest, touchContest, type ContestRow } from './contest-service.ts'

/*
 * Entries, made from a phone by the nominating organisation's account. Decided here:
 *   - The organisation is the account's own: a base's staff enter for their base (`base:<id>`,
 *     every staff account of the base shares its entries and quota), a school account for its
 *     school (`school:<account id>`). Admins do not make entries; they set per-organisation quotas.
 *   - Quotas count an organisation's entries that are not withdrawn, checked when an entry is made
 *     (under a lock, so two phones cannot both take the last place).
 *   - Everything closes with the entry stage, on the server's clock in Asia/Shanghai; until then
 *     files can be replaced. A video is checked against its slot's rule when attached: a refused
 *     file changes nothing (the slot keeps its previous file, the other slots theirs).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const noEntry = () => new HttpError(404, '没有这个作品 / no such entry')

export interface Organisation {
  key: string
  name: string
}

/** The organisation an account enters for (see above); null for roles that make no entries. */
export function organisationKeyOf(account: Pick<Account, 'id' | 'role' | 'baseId'>): string | null {
  if (account.role === 'base_staff' && account.baseId) return `base:${account.baseId}`
  if (account.role === 'school') return `school:${account.id}`
  return null
}

export async function organisationOf(db: Database, account: Account): Promise<Organisation> {
  const key = organisationKeyOf(account)
  if (!key) throw new HttpError(403, '只有学校和基地账号可以报名 / only school and base accounts make entries')
  if (account.role === 'base_staff') {
    const [base] = await db.select({ name: bases.nameZh }).from(bases).where(eq(bases.id, account.baseId!))
    return { key, name: base?.name ?? account.baseId! }
  }
  return { key, name: account.school?.name ?? account.displayName }
}

/** Refuses a change outside the entry stage, saying when it opens or when it closed. */
function assertEntriesOpen(contest: ContestRow, now: Date): void {
  const w = windowOf(contest.config.stages, 'entry')!
  const today = todayInChina(now)
  if (today < w.starts)
    throw new HttpError(409, `报名尚未开始，${w.starts} 起开放 / entries open on ${w.starts} (${opensAt(w)})`)
  if (today > w.ends)
    throw new HttpError(
      409,
      `报名已于 ${w.ends} 24:00（北京时间）截止 / entries closed at ${closesAt(w)} (the end of ${w.ends}, Beijing time)`,
    )
}

function assertTheme(contest: ContestRow, theme: string | undefined): void {
  const themes = contest.config.themes
  if (theme !== undefined && themes.length > 0 && !themes.includes(theme))
    throw new HttpError(
      400,
      `主题须从规定主题中选择 / choose the theme from the contest's list: ${themes.join('、')}`,
      {},
      [{ path: 'body.theme', message: `one of ${themes.join(', ')}` }],
    )
}

export const quotaOf = (contest: ContestRow, organisationKey: string) =>
  contest.config.quotas.byOrganisation[organisationKey] ?? contest.config.quotas.perOrganisation

/** POST /api/contests/:id/entries: a draft entry for the account's organisation, within its quota. */
export async function createEntry(
  db: Database,
  contestId: string,
  account: Account,
  body: EntryCreateBody,
  now: Date,
): Promise<ContestEntry> {
  const contest = await publishedContest(db, contestId)
  const organisation = await organisationOf(db, account)
  assertEntriesOpen(contest, now)
  assertTheme(contest, body.theme)
  const quota = quotaOf(contest, organisation.key)
  const row = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contest-quota:${contest.id}:${organisation.key}`}))`)
    const [held] = await tx
      .select({ n: count() })
      .from(contestEntries)
      .where(
        and(
          eq(contestEntries.contestId, contest.id),
          eq(contestEntries.organisationKey, organisation.key),
          ne(contestEntries.status, 'withdrawn'),
        ),
      )
    if ((held?.n ?? 0) >= quota)
      throw new HttpError(
        409,
        `名额已满：${organisation.name} 最多推荐 ${String(quota)} 件，已有 ${String(held?.n ?? 0)} 件 / over quota: ${organisation.name} may nominate ${String(quota)} entr${quota === 1 ? 'y' : 'ies'} and has ${String(held?.n ?? 0)}; withdraw one to add another`,
      )
    const [inserted] = await tx
      .insert(contestEntries)
      .values({
        contestId: contest.id,
        accountId: account.id,
        organisationKey: organisation.key,
        organisationName: organisation.name,
        title: body.title,
        theme: body.theme,
        description: body.description,
        entrantNames: body.entrantNames,
        declaration: body.declaration,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
    await touchContest(tx, contest.id, now)
    return inserted!
  })
  return (await entryViews(db, contest.config, [row]))[0]!
}

/** An entry of the account's organisation, with its contest; anyone else's is a 404. */
async function ownEntry(
  db: Database,
  entryId: string,
  account: Account,
): Promise<{ entry: EntryRow; contest: ContestRow }> {
  if (!UUID.test(entryId)) throw noEntry()
  const [entry] = await db.select().from(contestEntries).where(eq(contestEntries.id, entryId))
  if (!entry || entry.organisationKey !== organisationKeyOf(account)) throw noEntry()
  const contest = await findContest(db, entry.contestId)
  if (!contest) throw noEntry()
  return { entry, contest }
}

function assertNotWithdrawn(entry: EntryRow): void {
  if (entry.status === 'withdrawn') throw new HttpError(409, '作品已撤回 / this entry was withdrawn')
}

/** GET /api/contests/:id/entries: the organisation's entries in the contest, withdrawn ones included. */
export async function ownEntries(db: Database, contestId: string, account: Account): Promise<ContestEntry[]> {
  const contest = await publishedContest(db, contestId)
  const key = organisationKeyOf(account)
  if (!key) return []
  const rows = await db
    .select()
    .from(contestEntries)
    .where(and(eq(contestEntries.contestId, contest.id), eq(contestEntries.organisationKey, key)))
    .orderBy(asc(contestEntries.createdAt))
  return entryViews(db, contest.config, rows)
}

export async function ownEntryView(db: Database, entryId: string, account: Account): Promise<ContestEntry> {
  const { entry, contest } = await ownEntry(db, entryId, account)
  return (await entryViews(db, contest.config, [entry]))[0]!
}

/** PATCH /api/contest-entries/:id: title, theme, description, names, declaration, until entries close. */
export async function updateEntry(
  db: Database,
  entryId: string,
  account: Account,
  body: EntryUpdateBody,
  now: Date,
): Promise<ContestEntry> {
  const { entry, contest } = await ownEntry(db, entryId, account)
  assertNotWithdrawn(entry)
  assertEntriesOpen(contest, now)
  assertTheme(contest, body.theme)
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contestEntries)
      .set({ ...body, updatedAt: now })
      .where(eq(contestEntries.id, entry.id))
      .returning()
    await touchContest(tx, contest.id, now)
    return updated!
  })
  return (await entryViews(db, contest.config, [row]))[0]!
}

/**
 * PUT /api/contest-entries/:id/videos/:slot: attaches a finished `contest-video` upload of this
 * account, after checking it against the slot's rule. A refusal (422) names each broken rule with
 * the measured value, and leaves the entry as it was.
 */
export async function attachVideo(
  db: Database,
  entryId: string,
  slot: string,
  mediaId: string,
  account: Account,
  now: Date,
): Promise<ContestEntry> {
  const { entry, contest } = await ownEntry(db, entryId, account)
  assertNotWithdrawn(entry)
  assertEntriesOpen(contest, now)
  const rule = contest.config.videos.find((v) => v.slot === slot)
  if (!rule)
    throw new HttpError(
      404,
      `本比赛没有「${slot}」视频 / this contest has no "${slot}" video; it asks for: ${contest.config.videos.map((v) => v.slot).join(', ')}`,
    )
  const [file] = await db.select().from(media).where(eq(media.id, mediaId))
  if (!file || file.ownerId !== account.id)
    throw new HttpError(
      404,
      '没有这个上传文件 / no such upload of yours (upload the video first, with purpose "contest-video")',
    )
  if (file.purpose !== 'contest-video' || file.kind !== 'video')
    throw new HttpError(
      400,
      `这个文件不是参赛视频上传 / this file was uploaded as "${file.purpose}", not as a contest video`,
    )
  const [usedElsewhere] = await db
    .select({ entryId: contestEntryVideos.entryId })
    .from(contestEntryVideos)
    .where(and(eq(contestEntryVideos.mediaId, file.id), ne(contestEntryVideos.entryId, entry.id)))
    .limit(1)
  if (usedElsewhere) throw new HttpError(409, '这个视频已用于另一件作品 / this video belongs to another entry')
  const problems = checkVideo(rule, { bytes: file.bytes, video: file.video })
  if (problems.length > 0)
    throw new HttpError(
      422,
      `「${rule.label.zh}」不符合要求，未替换原文件 / the "${rule.label.en}" video breaks the rules and was not attached (the entry is unchanged): ${problems.map((p) => p.message).join('; ')}`,
      {},
      problems.map((p) => ({ path: `videos.${slot}.${p.rule}`, message: p.message })),
    )
  const row = await db.transaction(async (tx) => {
    await tx
      .insert(contestEntryVideos)
      .values({ entryId: entry.id, slot, mediaId: file.id, bytes: file.bytes, video: file.video!, attachedAt: now })
      .onConflictDoUpdate({
        target: [contestEntryVideos.entryId, contestEntryVideos.slot],
        set: { mediaId: file.id, bytes: file.bytes, video: file.video!, attachedAt: now },
      })
    const [updated] = await tx
      .update(contestEntries)
      .set({ updatedAt: now })
      .where(eq(contestEntries.id, entry.id))
      .returning()
    await touchContest(tx, contest.id, now)
    return updated!
  })
  return (await entryViews(db, contest.config, [row]))[0]!
}

/** PUT /api/contest-entries/:id/captions/:slot: WebVTT captions for one video, checked before they are kept. */
export async function setCaptions(
  db: Database,
  entryId: string,
  slot: string,
  vtt: string,
  account: Account,
  now: Date,
): Promise<ContestEntry> {
  const { entry, contest } = await ownEntry(db, entryId, account)
  assertNotWithdrawn(entry)
  assertEntriesOpen(contest, now)
  if (!contest.config.videos.some((v) => v.slot === slot))
    throw new HttpError(404, `本比赛没有「${slot}」视频 / this contest has no "${slot}" video`)
  const parsed = parseWebVtt(vtt)
  if (!parsed.ok)
    throw new HttpError(422, `字幕不是有效的 WebVTT / the captions are not valid WebVTT: ${parsed.problem}`, {}, [
      { path: 'body.vtt', message: parsed.problem },
    ])
  const text = vtt.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contestEntries)
      .set({ captions: sql`${contestEntries.captions} || ${JSON.stringify({ [slot]: text })}::jsonb`, updatedAt: now })
      .where(eq(contestEntries.id, entry.id))
      .returning()
    await touchContest(tx, contest.id, now)
    return updated!
  })
  return (await entryViews(db, contest.config, [row]))[0]!
}

/** POST /api/contest-entries/:id/submit: every file, caption and the declaration checked again under the current rules. */
export async function submitEntry(db: Database, entryId: string, account: Account, now: Date): Promise<ContestEntry> {
  const { entry, contest } = await ownEntry(db, entryId, account)
  assertNotWithdrawn(entry)
  assertEntriesOpen(contest, now)
  const [view] = await entryViews(db, contest.config, [entry])
  const missing = missingFor(contest.config, entry, view!.videos)
  if (missing.length > 0)
    throw new HttpError(
      422,
      `作品还不能提交 / the entry cannot be submitted yet: ${missing.map((m) => m.message).join('; ')}`,
      {},
      missing.map((m) => ({ path: m.rule, message: m.message })),
    )
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contestEntries)
      .set({ status: 'submitted', submittedAt: entry.submittedAt ?? now, updatedAt: now })
      .where(eq(contestEntries.id, entry.id))
      .returning()
    await touchContest(tx, contest.id, now)
    return updated!
  })
  return (await entryViews(db, contest.config, [row]))[0]!
}

/** POST /api/contest-entries/:id/withdraw: frees the organisation's place; refused once results are out. */
export async function withdrawEntry(db: Database, entryId: string, account: Account, now: Date): Promise<ContestEntry> {
  const { entry, contest } = await ownEntry(db, entryId, account)
  if (contest.resultsPublishedAt) throw new HttpError(409, '结果已公布 / the results are published')
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contestEntries)
      .set({ status: 'withdrawn', shortlisted: false, updatedAt: now })
      .where(eq(contestEntries.id, entry.id))
      .returning()
    await touchContest(tx, contest.id, now)
    return updated!
  })
  return (await entryViews(db, contest.config, [row]))[0]!
}

/** Whether today is in the public vote of a published contest with a vote. */
export const voteRunning = (contest: ContestRow, now: Date) =>
  contest.published &&
  contest.config.vote.mode !== 'none' &&
  isDuring(contest.config.stages, 'public-vote', todayInChina(now))
