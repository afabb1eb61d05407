import { and, asc, count, eq, gt, lte, sql } from 'drizzle-orm'
import {
  MAX_UNFINISHED_UPLOADS,
  mayEditWorks,
  UPLOAD_EXPIRY_HOURS,
  type Account,
  type MediaRecord,
  type MediaStatus,
  type UploadPurpose,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { media, mediaUploads, type StoredOriginal, type StoredVariant } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'

/*
 * The database side of uploads and media: which account an unfinished upload belongs to (and how
 * many it has), what a finished one became, and who may see it. Files themselves are the media
 * store's (media/media-store.ts); this module never touches them.
 */

export type UploadRow = typeof mediaUploads.$inferSelect
export type MediaRow = typeof media.$inferSelect

export const UPLOAD_EXPIRY_MS = UPLOAD_EXPIRY_HOURS * 3_600_000

/**
 * Records a new upload for `account`, unless it already has MAX_UNFINISHED_UPLOADS unfinished
 * ones. One account at a time (an advisory lock for the transaction), so parallel creations
 * cannot all count under the limit.
 */
export async function recordUpload(
  db: Database,
  upload: { id: string; account: Account; purpose: UploadPurpose; length: number; filename: string | null },
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`uploads:${upload.account.id}`}))`)
    const [open] = await tx
      .select({ n: count() })
      .from(mediaUploads)
      .where(and(eq(mediaUploads.accountId, upload.account.id), gt(mediaUploads.expiresAt, now)))
    if ((open?.n ?? 0) >= MAX_UNFINISHED_UPLOADS) {
      throw new HttpError(
        429,
        `未完成的上传过多 / too many unfinished uploads: an account may have ${String(MAX_UNFINISHED_UPLOADS)} at once; finish or cancel one (unfinished uploads are deleted after ${String(UPLOAD_EXPIRY_HOURS)} h)`,
      )
    }
    await tx.insert(mediaUploads).values({
      id: upload.id,
      accountId: upload.account.id,
      purpose: upload.purpose,
      length: upload.length,
      filename: upload.filename,
      createdAt: now,
      expiresAt: new Date(now.getTime() + UPLOAD_EXPIRY_MS),
    })
  })
}

/** The upload if `accountId` owns it and it has not expired; otherwise null (another account's looks absent). */
export async function findOwnUpload(db: Database, id: string, accountId: string, now: Date): Promise<UploadRow | null> {
  const [row] = await db
    .select()
    .from(mediaUploads)
    .where(and(eq(mediaUploads.id, id), eq(mediaUploads.accountId, accountId), gt(mediaUploads.expiresAt, now)))
  return row ?? null
}

export async function forgetUpload(db: Database, id: string): Promise<void> {
  await db.delete(mediaUploads).where(eq(mediaUploads.id, id))
}

/** Marks an upload as being finished; false when another request already is (a repeated last PATCH). */
export async function claimUploadForFinish(db: Database, id: string): Promise<UploadRow | null> {
  const [row] = await db
    .update(mediaUploads)
    .set({ state: 'finishing' })
    .where(and(eq(mediaUploads.id, id), eq(mediaUploads.state, 'uploading')))
    .returning()
  return row ?? null
}

/**
 * Expired uploads, oldest first, removed from the table after `removeFiles` deleted what the
 * upload store holds for each. Runs at start and whenever an upload is created, so no timer is
 * needed and several instances may run it at once (deleting twice is harmless).
 */
export async function sweepExpiredUploads(
  db: Database,
  now: Date,
  removeFiles: (id: string) => Promise<void>,
  limit = 50,
): Promise<number> {
  const expired = await db
    .select({ id: mediaUploads.id })
    .from(mediaUploads)
    .where(lte(mediaUploads.expiresAt, now))
    .orderBy(asc(mediaUploads.expiresAt))
    .limit(limit)
  for (const { id } of expired) {
    await removeFiles(id)
    await forgetUpload(db, id)
  }
  return expired.length
}

export interface FinishedMedia {
  kind: MediaRow['kind']
  contentType: string
  width: number | null
  height: number | null
  durationS: number | null
  dominantColor: string | null
  variants: StoredVariant[]
  original: StoredOriginal | null
  video: MediaRow['video']
}

/** The upload becomes a media record with the same id, in one transaction. */
export async function completeUpload(
  db: Database,
  upload: UploadRow,
  finished: FinishedMedia,
  now: Date,
): Promise<MediaRow> {
  return db.transaction(async (tx) => {
    await tx.delete(mediaUploads).where(eq(mediaUploads.id, upload.id))
    const [row] = await tx
      .insert(media)
      .values({
        id: upload.id,
        ownerId: upload.accountId,
        purpose: upload.purpose,
        bytes: upload.length,
        filename: upload.filename,
        createdAt: now,
        ...finished,
      })
      .returning()
    return row!
  })
}

export async function findMedia(db: Database, id: string): Promise<MediaRow | null> {
  const [row] = await db.select().from(media).where(eq(media.id, id))
  return row ?? null
}

/**
 * Published media is anyone's to see; unpublished, its owner's and admins', and a work's media
 * also every works editor's, who review and preview each other's drafts.
 */
export function maySee(row: MediaRow, account: Account | null): boolean {
  return (
    row.status === 'published' ||
    account?.role === 'admin' ||
    account?.id === row.ownerId ||
    (row.purpose === 'work-media' && mayEditWorks(account))
  )
}

/** For the features that attach media to something public (a base's page, a work). */
export async function setMediaStatus(db: Database, id: string, status: MediaStatus): Promise<boolean> {
  const updated = await db.update(media).set({ status }).where(eq(media.id, id)).returning({ id: media.id })
  return updated.length > 0
}

/** Every key a media record's files are stored under (to delete them with it). */
export function keysOf(row: Pick<MediaRow, 'variants' | 'original'>): string[] {
  return [...row.variants.map((v) => v.key), ...(row.original ? [row.original.key] : [])]
}

/** The file name part of a key: the last segment of its URL. */
export const fileOf = (key: string) => key.slice(key.lastIndexOf('/') + 1)

export function toMediaRecord(row: MediaRow): MediaRecord {
  const url = (key: string) => `/api/media/${row.id}/${fileOf(key)}`
  return {
    id: row.id,
    purpose: row.purpose,
    kind: row.kind,
    contentType: row.contentType,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    durationS: row.durationS,
    dominantColor: row.dominantColor,
    filename: row.filename,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    variants: [...row.variants]
      .sort((a, b) => a.width - b.width)
      .map((v) => ({ width: v.width, height: v.height, format: v.format, bytes: v.bytes, url: url(v.key) })),
    original: row.original
      ? { url: url(row.original.key), contentType: row.original.contentType, bytes: row.original.bytes }
      : null,
    video: row.video,
  }
}
