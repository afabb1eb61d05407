import { inArray } from 'drizzle-orm'
import { markdownMediaIds } from '../../shared/domain/work-markdown.ts'
import {
  isUploadRef,
  type BuiltWork,
  type MediaKind,
  type PublishedWork,
  type WorkDocument,
  type WorkOrigin,
} from '../../shared/index.ts'
import { pinyinKeys } from '../content/library-search-build.ts'
import type { Database } from '../db/connect.ts'
import { media } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { fileOf } from './media-service.ts'

/*
 * Turning a work's document into what phones read, and checking the uploads it names. Shared by
 * the editor service, the public feed and the search.
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
export type Db = Database | Tx
type MediaRow = typeof media.$inferSelect

/** Every upload a document names: its media, poster, pictures and the images of its text. */
export function uploadsOf(doc: WorkDocument): string[] {
  const refs = [
    ...(doc.media ? [doc.media.file, ...(doc.media.poster ? [doc.media.poster] : [])] : []),
    ...(doc.pictures ?? []).map((p) => p.file),
    ...markdownMediaIds(doc.body),
  ]
  return [...new Set(refs.filter(isUploadRef))]
}

export async function mediaRows(db: Db, ids: readonly string[]): Promise<Map<string, MediaRow>> {
  if (ids.length === 0) return new Map()
  return new Map(
    (
      await db
        .select()
        .from(media)
        .where(inArray(media.id, [...ids]))
    ).map((m) => [m.id, m]),
  )
}

/**
 * Refuses a document whose uploads do not exist, are not a work's media, or are the wrong kind
 * (a video work's file must be a video, a poster and pictures must be images). A 400 naming the field.
 */
export async function checkUploads(db: Db, doc: WorkDocument): Promise<void> {
  const rows = await mediaRows(db, uploadsOf(doc))
  const problems: { path: string; message: string }[] = []
  const expect = (path: string, ref: string | undefined, kinds: readonly MediaKind[]) => {
    if (!ref || !isUploadRef(ref)) return
    const row = rows.get(ref)
    if (!row) problems.push({ path, message: '找不到这个上传的文件 / no such upload' })
    else if (!kinds.includes(row.kind))
      problems.push({ path, message: `文件类型不对（${row.kind}）/ wrong kind of file (${row.kind})` })
  }
  if (doc.media) {
    expect('media.file', doc.media.file, doc.type === 'audio' ? ['audio', 'video'] : ['video'])
    expect('media.poster', doc.media.poster, ['image'])
  }
  doc.pictures?.forEach((p, i) => expect(`pictures.${i}.file`, p.file, ['image']))
  for (const id of markdownMediaIds(doc.body)) expect('body', id, ['image', 'video', 'audio', 'pdf'])
  if (problems.length > 0) throw new HttpError(400, problems[0]!.message, {}, problems)
}

/** The URL a phone loads a media reference from: an upload's own file, or a shipped file. */
function urlOf(ref: string, rows: Map<string, MediaRow>): string | null {
  if (!isUploadRef(ref)) return `/media/works/${ref}`
  const row = rows.get(ref)
  if (!row) return null
  if (row.original) return `/api/media/${row.id}/${fileOf(row.original.key)}`
  // Photos keep only their re-encoded widths: the widest JPEG plays everywhere.
  const jpeg = [...row.variants].filter((v) => v.format === 'jpeg').sort((a, b) => b.width - a.width)[0]
  const any = jpeg ?? [...row.variants].sort((a, b) => b.width - a.width)[0]
  return any ? `/api/media/${row.id}/${fileOf(any.key)}` : null
}

const both = (t: { zh: string; en?: string | undefined }) => ({ zh: t.zh, en: t.en || t.zh })

/** Chinese date of a moment (Asia/Shanghai), as content works give their publication date. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** A document as visitors see it. `rows` holds the media it names (mediaRows(uploadsOf(doc))). */
export function toPublishedWork(
  doc: WorkDocument,
  meta: { id: string; version: number; publishedAt: Date; origin: WorkOrigin },
  rows: Map<string, MediaRow>,
): PublishedWork {
  const file = doc.media ? rows.get(doc.media.file) : undefined
  return {
    id: meta.id,
    type: doc.type,
    title: both(doc.title),
    summary: both(doc.summary),
    topics: doc.topics,
    bases: doc.bases,
    themeDays: doc.themeDays,
    sources: doc.sources,
    published: chinaDate(meta.publishedAt),
    version: meta.version,
    body: doc.body,
    media: doc.media
      ? {
          url: urlOf(doc.media.file, rows) ?? '',
          mime: file?.original?.contentType ?? file?.contentType ?? mimeOfFile(doc.media.file),
          bytes: file?.original?.bytes ?? file?.bytes ?? null,
          durationS: file?.durationS ?? null,
          captions: doc.media.captions ?? null,
          captionsUrl: doc.media.captionsFile ? urlOf(doc.media.captionsFile, rows) : null,
          posterUrl: doc.media.poster ? urlOf(doc.media.poster, rows) : null,
        }
      : null,
    pictures:
      doc.pictures?.map((p) => ({
        url: urlOf(p.file, rows) ?? '',
        alt: both(p.alt),
        caption: p.caption ? both(p.caption) : null,
      })) ?? null,
    book: doc.book ?? null,
    credits: doc.credits,
    licence: doc.licence ?? null,
    origin: meta.origin,
    titleKeys: keysOf(doc.title.zh),
  }
}

/** The title's pinyin keys, or null for a title the pinyin reading cannot line up (never seen). */
function keysOf(title: string): PublishedWork['titleKeys'] {
  try {
    return pinyinKeys(title)
  } catch {
    return null
  }
}

function mimeOfFile(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1)
  return (
    { mp4: 'video/mp4', webm: 'video/webm', m4a: 'audio/mp4', mp3: 'audio/mpeg', ogg: 'audio/ogg', opus: 'audio/ogg' }[
      ext
    ] ?? 'application/octet-stream'
  )
}

/** A content work as a document: its shipped media and captions keep their file names. */
export function documentOfBuiltWork(work: BuiltWork): WorkDocument {
  return {
    type: work.type,
    title: { zh: work.title.zh, en: work.title.en },
    summary: { zh: work.summary.zh, en: work.summary.en },
    topics: work.topics,
    bases: work.bases,
    themeDays: work.themeDays,
    sources: work.sources,
    body: work.body,
    ...(work.media
      ? {
          media: {
            file: work.media.file,
            captionsFile: work.media.captions,
            ...(work.media.poster ? { poster: work.media.poster } : {}),
          },
        }
      : {}),
    ...(work.pictures
      ? {
          pictures: work.pictures.map((p) => ({
            file: p.file,
            alt: p.alt,
            ...(p.caption ? { caption: p.caption } : {}),
          })),
        }
      : {}),
    ...(work.book ? { book: work.book } : {}),
    credits: [],
  }
}
