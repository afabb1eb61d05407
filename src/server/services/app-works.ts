import { desc, eq, inArray, sql } from 'drizzle-orm'
import type { AppWork, AppWorkExpertCredit, CreditedWork, WorkCredit } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { appWorks, media } from '../db/schema.ts'
import { fileOf } from './media-service.ts'

/*
 * Works published in the app rather than in content/ (GET /api/app-works). Today only contests'
 * winners arrive here, through `publishWinnerAsWork`; the works library (issue 26) is to list
 * them beside the built works, search them and save them for offline, and may add other sources.
 * Publishing a work publishes its media, so anyone may play and cache the files.
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
type Db = Database | Tx

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
  }
  const [row] = await db
    .insert(appWorks)
    .values(values)
    .onConflictDoUpdate({
      target: appWorks.sourceEntryId,
      set: { ...values, change: sql`nextval('contest_change_seq')` },
    })
    .returning({ id: appWorks.id })
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
  const rows = await db.select().from(appWorks).orderBy(desc(appWorks.publishedAt), desc(appWorks.id))
  const ids = [...new Set(rows.flatMap((r) => r.mediaIds))]
  const files = new Map(
    ids.length ? (await db.select().from(media).where(inArray(media.id, ids))).map((m) => [m.id, m]) : [],
  )
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
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
    source: { kind: r.source, contestId: r.sourceContestId ?? '', entryId: r.sourceEntryId ?? '' },
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
    .where(sql`${appWorks.expertCredits} @> ${JSON.stringify([{ expertId }])}::jsonb`)
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
