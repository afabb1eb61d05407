import { eq, inArray } from 'drizzle-orm'
import { checkVideo, closesAt, parseWebVtt, windowOf } from '../../shared/domain/contest-rules.ts'
import type { ContestConfig, ContestEntry, EntryVideo, RuleProblem } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import type { contestEntries } from '../db/schema.ts'
import { contestEntryVideos, media } from '../db/schema.ts'
import { fileOf } from './media-service.ts'

/*
 * How entries read: their videos with the URLs to play them, and what an entry still lacks
 * before it can be submitted under its contest's current rules.
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
type Db = Database | Tx
export type EntryRow = typeof contestEntries.$inferSelect
export type EntryVideoRow = typeof contestEntryVideos.$inferSelect

export const captionsUrl = (entryId: string, slot: string) => `/api/contest-entries/${entryId}/captions/${slot}`

/** Each entry's videos, in slot order of the rows, with the media file's URL. */
export async function entryVideosOf(
  db: Db,
  entryIds: readonly string[],
): Promise<Map<string, (EntryVideo & { row: EntryVideoRow })[]>> {
  const byEntry = new Map<string, (EntryVideo & { row: EntryVideoRow })[]>()
  if (entryIds.length === 0) return byEntry
  const rows = await db
    .select({ video: contestEntryVideos, original: media.original })
    .from(contestEntryVideos)
    .innerJoin(media, eq(media.id, contestEntryVideos.mediaId))
    .where(inArray(contestEntryVideos.entryId, [...entryIds]))
  for (const { video, original } of rows) {
    const list = byEntry.get(video.entryId) ?? []
    list.push({
      slot: video.slot,
      mediaId: video.mediaId,
      url: original ? `/api/media/${video.mediaId}/${fileOf(original.key)}` : '',
      bytes: video.bytes,
      video: video.video,
      captionsUrl: captionsUrl(video.entryId, video.slot),
      row: video,
    })
    byEntry.set(video.entryId, list)
  }
  return byEntry
}

const problem = (rule: string, zh: string, en: string): RuleProblem => ({ rule, message: `${zh} / ${en}` })

/**
 * What stops the entry from being submitted under the rules as they are now: a missing or
 * refused video, missing or over-long captions, a missing or over-limit declaration.
 */
export function missingFor(config: ContestConfig, entry: EntryRow, videos: readonly EntryVideo[]): RuleProblem[] {
  const missing: RuleProblem[] = []
  for (const rule of config.videos) {
    const video = videos.find((v) => v.slot === rule.slot)
    if (!video) {
      missing.push(
        problem(`videos.${rule.slot}`, `缺少视频「${rule.label.zh}」`, `the "${rule.label.en}" video is missing`),
      )
      continue
    }
    for (const p of checkVideo(rule, { bytes: video.bytes, video: video.video }))
      missing.push({ rule: `videos.${rule.slot}.${p.rule}`, message: p.message })
    const vtt = entry.captions[rule.slot]
    if (!vtt) {
      if (config.captionsRequired)
        missing.push(
          problem(
            `captions.${rule.slot}`,
            `缺少「${rule.label.zh}」的字幕`,
            `the "${rule.label.en}" video has no captions`,
          ),
        )
      continue
    }
    const parsed = parseWebVtt(vtt)
    // A second of slack: editors round cue times, players do not mind.
    if (parsed.ok && parsed.lastEndS > video.video.durationS + 1)
      missing.push(
        problem(
          `captions.${rule.slot}`,
          `字幕（至 ${String(parsed.lastEndS)} 秒）比视频（${String(video.video.durationS)} 秒）长`,
          `the captions run to ${String(parsed.lastEndS)} s, past the end of the video (${String(video.video.durationS)} s)`,
        ),
      )
  }
  const d = entry.declaration
  if (!d) missing.push(problem('declaration', '缺少原创声明', 'the declaration of originality is missing'))
  else if (d.nonOriginalPercent > config.maxNonOriginalPercent)
    missing.push(
      problem(
        'declaration',
        `非原创素材占 ${String(d.nonOriginalPercent)}%（含 AI 生成 ${String(d.aiGeneratedPercent)}%），超过上限 ${String(config.maxNonOriginalPercent)}%`,
        `non-original material is ${String(d.nonOriginalPercent)}% (AI-generated ${String(d.aiGeneratedPercent)}% included), above the ${String(config.maxNonOriginalPercent)}% allowed`,
      ),
    )
  return missing
}

/** An entry as its organisation and admins see it. */
export function toEntry(
  config: ContestConfig,
  row: EntryRow,
  withRows: readonly (EntryVideo & { row?: EntryVideoRow })[],
): ContestEntry {
  const videos = config.videos.flatMap((rule) => {
    const v = withRows.find((x) => x.slot === rule.slot)
    return v
      ? [
          {
            slot: v.slot,
            mediaId: v.mediaId,
            url: v.url,
            bytes: v.bytes,
            video: v.video,
            captionsUrl: row.captions[v.slot] ? v.captionsUrl : null,
          },
        ]
      : []
  })
  return {
    id: row.id,
    contestId: row.contestId,
    status: row.status,
    eligibility: row.eligibility,
    eligibilityReason: row.eligibilityReason,
    shortlisted: row.shortlisted,
    title: row.title,
    theme: row.theme,
    description: row.description,
    entrantNames: row.entrantNames,
    organisation: { key: row.organisationKey, name: row.organisationName },
    declaration: row.declaration,
    videos,
    captions: Object.entries(row.captions)
      .map(([slot, vtt]) => {
        const parsed = parseWebVtt(vtt)
        return { slot, cues: parsed.ok ? parsed.cues : 0 }
      })
      .sort((a, b) => (a.slot < b.slot ? -1 : 1)),
    missing: row.status === 'withdrawn' ? [] : missingFor(config, row, videos),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    editableUntil: closesAt(windowOf(config.stages, 'entry')!),
  }
}

/** Entries with their videos, as `toEntry` shows them. */
export async function entryViews(db: Db, config: ContestConfig, rows: readonly EntryRow[]): Promise<ContestEntry[]> {
  const videos = await entryVideosOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toEntry(config, r, videos.get(r.id) ?? []))
}
