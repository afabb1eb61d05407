import { z } from 'zod'
import type { Role } from './account.ts'

/*
 * Uploads and stored media (photos of bases, application attachments, contest videos, works'
 * media). Files arrive through the tus protocol at `/api/uploads/` (resumable: a phone that loses
 * its connection carries on where it stopped); each upload declares its purpose in the tus
 * metadata, which sets what it may be and how big. The finished upload becomes a `media` record
 * with the same id, read at `GET /api/media/:id`; its files are at the URLs the record lists.
 */

export const UPLOAD_PURPOSES = ['base-photo', 'attachment', 'contest-video', 'work-media', 'expert-photo'] as const
export const uploadPurpose = z.enum(UPLOAD_PURPOSES)
export type UploadPurpose = z.infer<typeof uploadPurpose>

/** What a stored object is, decided by its content (never by its name or declared type). */
export const MEDIA_KINDS = ['image', 'pdf', 'video', 'audio'] as const
export const mediaKind = z.enum(MEDIA_KINDS)
export type MediaKind = z.infer<typeof mediaKind>

/** Unpublished media is seen by its owner and admins only; published media by anyone. */
export const MEDIA_STATUSES = ['unpublished', 'published'] as const
export const mediaStatus = z.enum(MEDIA_STATUSES)
export type MediaStatus = z.infer<typeof mediaStatus>

/** Formats photos are served in, best first: a `<picture>` offers them in this order. */
export const IMAGE_FORMATS = ['avif', 'webp', 'jpeg'] as const
export const imageFormat = z.enum(IMAGE_FORMATS)
export type ImageFormat = z.infer<typeof imageFormat>

export interface UploadRule {
  /** Largest file accepted, in bytes: checked against Upload-Length at creation and while bytes arrive. */
  maxBytes: number
  /** What the content may turn out to be. */
  kinds: readonly MediaKind[]
  /** Who may upload for this purpose. */
  roles: readonly Role[]
}

const MB = 1024 * 1024
/** Per purpose: the size limit, the kinds of content accepted and who may upload. */
export const UPLOAD_RULES: Record<UploadPurpose, UploadRule> = {
  'base-photo': { maxBytes: 25 * MB, kinds: ['image'], roles: ['base_staff', 'admin'] },
  attachment: {
    maxBytes: 20 * MB,
    kinds: ['image', 'pdf'],
    roles: ['school', 'base_staff', 'admin', 'expert', 'applicant'],
  },
  'contest-video': { maxBytes: 400 * MB, kinds: ['video'], roles: ['school', 'base_staff', 'admin'] },
  'work-media': { maxBytes: 500 * MB, kinds: ['image', 'pdf', 'video', 'audio'], roles: ['base_staff', 'admin'] },
  /** An expert's own photo for their public page (PUT /api/expert/photo). */
  'expert-photo': { maxBytes: 25 * MB, kinds: ['image'], roles: ['expert'] },
}

/** Unfinished uploads one account may have at once. */
export const MAX_UNFINISHED_UPLOADS = 10
/** An unfinished upload is deleted this long after it was created. */
export const UPLOAD_EXPIRY_HOURS = 24

/**
 * The tus `Upload-Metadata` the server reads: `purpose` (required) and `filename` (optional, shown
 * to people only; storage keys never come from it). Other keys (tus-js-client adds `filetype`) are
 * ignored: the content decides the type.
 */
export const uploadMetadata = z.object({
  purpose: uploadPurpose,
  filename: z.string().trim().min(1).max(200).optional(),
})
export type UploadMetadata = z.infer<typeof uploadMetadata>

/** One encoded size of a photo. */
export const mediaVariant = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: imageFormat,
  bytes: z.number().int().nonnegative(),
  url: z.string(),
})
export type MediaVariant = z.infer<typeof mediaVariant>

/** What the server read from a video or audio file (MP4 / QuickTime / M4A). */
export const videoInfo = z.object({
  container: z.enum(['mp4', 'quicktime', 'm4a']),
  durationS: z.number().nonnegative(),
  width: z.number().int().nonnegative().nullable(),
  height: z.number().int().nonnegative().nullable(),
  /** Reduced width:height of the displayed picture (e.g. `16:9`, `9:16`); null without video. */
  aspectRatio: z.string().nullable(),
  /** RFC 6381 codec strings, e.g. `avc1.64001f`, `hvc1.1.6.L93.B0`, `mp4a.40.2`. */
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
})
export type VideoInfo = z.infer<typeof videoInfo>

/** A stored media record as the API shows it (GET /api/media/:id, and the final upload answer). */
export const mediaRecord = z.object({
  id: z.uuid(),
  purpose: uploadPurpose,
  kind: mediaKind,
  /** What the upload was, read from its content (`image/jpeg`, `application/pdf`, `video/mp4` …); a photo's own file is not kept, only its variants. */
  contentType: z.string(),
  /** Bytes of the upload as received. */
  bytes: z.number().int().nonnegative(),
  /** Displayed size (after EXIF rotation for photos); null for PDFs and audio. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  durationS: z.number().nonnegative().nullable(),
  /** `#rrggbb` to paint before a photo loads; null for other kinds. */
  dominantColor: z.string().nullable(),
  /** The name the uploader gave (display only). */
  filename: z.string().nullable(),
  status: mediaStatus,
  createdAt: z.string(),
  /** Photos: every width in every format, smallest first. Empty for other kinds. */
  variants: z.array(mediaVariant),
  /** The stored file itself, for PDFs, videos and audio; null for photos (only re-encoded variants are kept). */
  original: z.object({ url: z.string(), contentType: z.string(), bytes: z.number().int().nonnegative() }).nullable(),
  video: videoInfo.nullable(),
})
export type MediaRecord = z.infer<typeof mediaRecord>
export const mediaResponse = z.object({ media: mediaRecord })
