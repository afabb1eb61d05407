import { bigint, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import type { ImageFormat, MediaKind, MediaStatus, UploadPurpose, VideoInfo } from '../../shared/index.ts'
import { accounts } from './schema.ts'

/** One encoded size of a photo, as stored: `key` is the object's key in the media store. */
export interface StoredVariant {
  width: number
  height: number
  format: ImageFormat
  key: string
  bytes: number
}
/** The stored file itself (PDFs, videos, audio). */
export interface StoredOriginal {
  key: string
  contentType: string
  bytes: number
}

/**
 * Uploads in progress (tus, routes/uploads.ts): which account an upload belongs to (another account
 * is told it does not exist), what for, and when it expires. The row is removed when the upload
 * becomes a `media` row (same id), is cancelled, or expires (services/media-service.ts).
 */
export const mediaUploads = pgTable(
  'media_uploads',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<UploadPurpose>().notNull(),
    /** Upload-Length as declared at creation (checked against the purpose's limit). */
    length: bigint('length', { mode: 'number' }).notNull(),
    filename: text('filename'),
    /** `uploading`, or `finishing` while the last bytes are checked and stored (a second finish is refused). */
    state: text('state').$type<'uploading' | 'finishing'>().notNull().default('uploading'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('media_uploads_account_idx').on(t.accountId, t.expiresAt),
    index('media_uploads_expires_idx').on(t.expiresAt),
  ],
)

/**
 * Stored media: what a finished upload became, checked by content. Photos keep only their
 * re-encoded variants (no EXIF, no location); other kinds keep the file (`original`). Keys in
 * `variants` and `original` are server-made and content-addressed, so their URLs never change.
 */
export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id),
    purpose: text('purpose').$type<UploadPurpose>().notNull(),
    kind: text('kind').$type<MediaKind>().notNull(),
    contentType: text('content_type').notNull(),
    /** Bytes of the upload as received. */
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    durationS: doublePrecision('duration_s'),
    dominantColor: text('dominant_color'),
    filename: text('filename'),
    variants: jsonb('variants').$type<StoredVariant[]>().notNull().default([]),
    original: jsonb('original').$type<StoredOriginal>(),
    video: jsonb('video').$type<VideoInfo>(),
    status: text('status').$type<MediaStatus>().notNull().default('unpublished'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('media_owner_idx').on(t.ownerId, t.createdAt)],
)
