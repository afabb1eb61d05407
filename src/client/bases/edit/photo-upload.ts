import {
  startResumableUpload,
  type ResumableUpload,
  type ResumableUploadOptions,
  type UploadEvent as ResumableEvent,
} from '../../api/resumable-upload.ts'

/*
 * A photo's resumable upload (api/resumable-upload.ts), purpose `base-photo` unless told, as the
 * expert's own photo is `expert-photo`. What this adds: small chunks (photos are small and the
 * phone is often on a weak connection) and the server's refusal sorted into what the screen says.
 */

export const CHUNK_BYTES = 1024 * 1024

export type UploadRefusalKind = 'too-large' | 'not-image' | 'forbidden' | 'signed-out' | 'too-many' | 'other'

export interface UploadRefusal {
  kind: UploadRefusalKind
  /** The server's own words ("不是图片 / not an image: …"), or null when it gave none. */
  message: string | null
}

export type UploadEvent = Exclude<ResumableEvent, { kind: 'refused' }> | { kind: 'refused'; refusal: UploadRefusal }

export type PhotoUpload = ResumableUpload

export interface PhotoUploadOptions extends ResumableUploadOptions {
  /** What the photo is for (shared/schemas/media.ts `UPLOAD_RULES`). @default 'base-photo' */
  purpose?: 'base-photo' | 'expert-photo'
}

const REFUSALS: Record<number, UploadRefusalKind> = {
  413: 'too-large',
  415: 'not-image',
  422: 'not-image',
  401: 'signed-out',
  403: 'forbidden',
  429: 'too-many',
}

/** Starts uploading `blob` (named `filename` for people only) and reports through `onEvent`. */
export function startPhotoUpload(
  blob: Blob,
  filename: string,
  onEvent: (event: UploadEvent) => void,
  options: PhotoUploadOptions = {},
): Promise<PhotoUpload> {
  const { purpose = 'base-photo', ...rest } = options
  return startResumableUpload(
    blob,
    { purpose, filename, fallbackName: 'photo.jpg', chunkSize: CHUNK_BYTES },
    (event) =>
      onEvent(
        event.kind === 'refused'
          ? { kind: 'refused', refusal: { kind: REFUSALS[event.status] ?? 'other', message: event.message } }
          : event,
      ),
    rest,
  )
}
