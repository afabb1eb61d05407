import { and, count, desc, eq, gt, inArray, isNotNull, max, or, sql } from 'drizzle-orm'
import type {
  AppWork,
  AppWorkExpertCredit,
  CreditedWork,
  PublishedWork,
  WorkCredit,
  WorkDocument,
  WorksFeed,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { appWorks, appWorkVersions, media } from '../db/schema.ts'
import { fileOf } from './media-service.ts'
import { mediaRows, toPublishedWork, uploadsOf, type Db } from './work-documents.ts'
import { publicIdOf } from './work-editor-service.ts'

/*
 * What visitors read of the works published in the app: GET /api/works (the phones' feed, with
 * `since` deltas; services/work-editor-service.ts writes them) and GET /api/app-works (contest
 * winners, the older read). Contest winners arrive through `publishWinnerAsWork`, published at
 * once: the contest's judging was their review. Publishing a work publishes its media, so anyone
 * may play and cache the files.
 */

/** A winning entry, as the works library needs it. */
export interface WinnerWork {
  contestId: string
  entryId: string
  title: { zh: string; en: string | null }
  description: string
  /** Entrants, their organisation, and each award it won. */
  credits: WorkCredit[]
  /** Experts of the pool it credits (none for a contest's entrants today). */
  experts?: AppWorkExpertCredit[]
  licence: string
  /** The videos to publish, in order, each with its captions. */
  media: { mediaId: string; captions: { lang: string; vtt: string } | null }[]
  publishedAt: Date
}

/**
 * Records a contest winner as a published work (the same entry again updates it) and publishes
 * its media. Returns the work's id.
 */
export async function publishWinnerAsWork(db: Db, work: WinnerWork): Promise<string> {
  const doc: WorkDocument = {
    type: 'video',
    title: { zh: work.title.zh, ...(work.title.en ? { en: work.title.en } : {}) },
    summary: { zh: work.description || work.title.zh },
    topics: [],
    bases: [],
    themeDays: [],
    sources: [],
    body: work.description,
    media: {
      file: work.media[0]?.mediaId ?? '',
      ...(work.media[0]?.captions ? { captions: work.media[0].captions.vtt } : {}),
    },
    credits: work.credits,
    licence: work.licence,
  }
  const values = {
    kind: 'video' as const,
    titleZh: work.title.zh,
    titleEn: work.title.en,
    description: work.description,
    credits: work.credits,
    expertCredits: work.experts ?? [],
    licence: work.licence,
    mediaIds: work.media.map((m) => m.mediaId),
    captions: Object.fromEntries(work.media.flatMap((m) => (m.captions ? [[m.mediaId, m.captions]] : []))),
    source: 'contest' as const,
    sourceContestId: work.contestId,
    sourceEntryId: work.entryId,
    publishedAt: work.publishedAt,
    draft: doc,
    published: doc,
    state: 'published' as const,
    listed: true,
    updatedAt: work.publishedAt,
  }
  const [row] = await db
    .insert(appWorks)
    .values({ ...values, publishedVersion: 1 })
    .onConflictDoUpdate({
      target: appWorks.sourceEntryId,
      set: {
        ...values,
        version: sql`${appWorks.version} + 1`,
        publishedVersion: sql`${appWorks.version} + 1`,
        change: sql`nextval('contest_change_seq')`,
      },
    })
    .returning({ id: appWorks.id, version: appWorks.version })
  await db.insert(appWorkVersions).values({
    workId: row!.id,
    version: row!.version,
    action: 'contest',
    at: work.publishedAt,
    document: doc,
  })
  if (work.media.length > 0)
    await db
      .update(media)
      .set({ status: 'published' })
      .where(
        inArray(
          media.id,
          work.media.map((m) => m.mediaId),
        ),
      )
  return row!.id
}

/** GET /api/app-works: every published work, newest first, with its media's URLs and captions. */
export async function listAppWorks(db: Database): Promise<AppWork[]> {
  const rows = await db
    .select()
    .from(appWorks)
    .where(and(eq(appWorks.source, 'contest'), eq(appWorks.listed, true)))
    .orderBy(desc(appWorks.publishedAt), desc(appWorks.id))
  const ids = [...new Set(rows.flatMap((r) => r.mediaIds))]
  const files = new Map(
    ids.length ? (await db.select().from(media).where(inArray(media.id, ids))).map((m) => [m.id, m]) : [],
  )
  return rows.map((r) => ({
    id: r.id,
    kind: 'video' as const,
    title: { zh: r.titleZh, en: r.titleEn },
    description: r.description,
    credits: r.credits,
    experts: r.expertCredits,
    licence: r.licence,
    media: r.mediaIds.flatMap((id) => {
      const m = files.get(id)
      if (!m?.original) return []
      return [
        {
          id,
          url: `/api/media/${id}/${fileOf(m.original.key)}`,
          contentType: m.original.contentType,
          bytes: m.original.bytes,
          durationS: m.durationS,
          width: m.width,
          height: m.height,
          captions: r.captions[id] ?? null,
        },
      ]
    }),
    source: { kind: 'contest' as const, contestId: r.sourceContestId ?? '', entryId: r.sourceEntryId ?? '' },
    publishedAt: r.publishedAt.toISOString(),
  }))
}

/** The app's works that credit the expert, newest first, as the expert's page lists them. */
export async function appWorksCrediting(db: Database, expertId: string): Promise<CreditedWork[]> {
  const rows = await db
    .select({
      id: appWorks.id,
      kind: appWorks.kind,
      titleZh: appWorks.titleZh,
      titleEn: appWorks.titleEn,
      expertCredits: appWorks.expertCredits,
    })
    .from(appWorks)
    .where(
      and(
        isNotNull(appWorks.published),
        eq(appWorks.listed, true),
        sql`${appWorks.expertCredits} @> ${JSON.stringify([{ expertId }])}::jsonb`,
      ),
    )
    .orderBy(desc(appWorks.publishedAt), desc(appWorks.id))
  return rows.flatMap((r) => {
    const credit = r.expertCredits.find((c) => c.expertId === expertId)
    return credit
      ? [{ source: 'app' as const, id: r.id, type: r.kind, title: { zh: r.titleZh, en: r.titleEn }, role: credit.role }]
      : []
  })
}

/** The experts an app work credits, or null when there is no such work (any id that is not a UUID included). */
export async function appWorkExpertCredits(db: Database, id: string): Promise<AppWorkExpertCredit[] | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null
  const [row] = await db.select({ experts: appWorks.expertCredits }).from(appWorks).where(eq(appWorks.id, id))
  return row?.experts ?? null
}

/** The `works` data version: how many works and the newest change visitors could see. */
export async function worksVersion(db: Database): Promise<string> {
  const [w] = await db.select({ n: count(), newest: max(appWorks.change) }).from(appWorks)
  return `${String(w!.n)}@${String(w!.newest ?? 0)}`
}

/**
 * The works phones need beyond their release: everything published in the app, and content works
 * once edited in the app; a content work nobody edited is the release's own copy. `removed` names
 * works visitors may no longer see (unpublished, content works included). With `since`, only
 * rows whose visible change came after it.
 */
export async function worksFeed(db: Database, since: number | undefined): Promise<WorksFeed> {
  const beyondRelease = or(
    sql`${appWorks.source} <> 'content'`,
    eq(appWorks.provenance, 'app'),
    eq(appWorks.listed, false),
  )
  const rows = await db
    .select()
    .from(appWorks)
    .where(
      and(isNotNull(appWorks.published), beyondRelease, since === undefined ? undefined : gt(appWorks.change, since)),
    )
    .orderBy(desc(appWorks.publishedAt), desc(appWorks.id))
  const [top] = await db.select({ newest: max(appWorks.change) }).from(appWorks)
  const listed = rows.filter((r) => r.listed)
  return {
    version: Math.max(top?.newest ?? 0, since ?? 0),
    full: since === undefined,
    works: await publishedWorks(db, listed),
    removed: rows.filter((r) => !r.listed).map(publicIdOf),
  }
}

/** Every work visitors see that is not the release's own copy, for search (services/search-service.ts). */
export async function listedAppWorks(db: Database): Promise<{ works: PublishedWork[]; hiddenContentIds: Set<string> }> {
  const rows = await db
    .select()
    .from(appWorks)
    .where(
      and(
        isNotNull(appWorks.published),
        or(sql`${appWorks.source} <> 'content'`, eq(appWorks.provenance, 'app'), eq(appWorks.listed, false)),
      ),
    )
  return {
    works: await publishedWorks(
      db,
      rows.filter((r) => r.listed),
    ),
    // Content works the app replaced or hid: the search must not find the release's copy.
    hiddenContentIds: new Set(rows.flatMap((r) => (r.contentId ? [r.contentId] : []))),
  }
}

async function publishedWorks(db: Db, rows: (typeof appWorks.$inferSelect)[]): Promise<PublishedWork[]> {
  const files = await mediaRows(db, [...new Set(rows.flatMap((r) => uploadsOf(r.published!)))])
  return rows.map((r) =>
    toPublishedWork(
      r.published!,
      { id: publicIdOf(r), version: r.publishedVersion ?? r.version, publishedAt: r.publishedAt, origin: r.source },
      files,
    ),
  )
}
