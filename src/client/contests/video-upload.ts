import {
  pendingUploads,
  startResumableUpload,
  type PendingUpload,
  type ResumableUpload,
  type ResumableUploadOptions,
  type UploadEvent,
} from '../api/resumable-upload.ts'

/*
 * A contest video's resumable upload (api/resumable-upload.ts, purpose `contest-video`). A 300 MB
 * file from a phone must survive dropped connections, app switches and reloads; what this adds is
 * larger chunks and a fingerprint per entry and slot, so the entry screen can say which file to
 * pick again to carry on (pendingVideoUploads).
 */

export const CHUNK_BYTES = 2 * 1024 * 1024
const slotPrefix = (entryId: string, slot: string) => `zk-contest-video:${entryId}:${slot}:`

export type VideoUploadEvent = UploadEvent
export type VideoUpload = ResumableUpload
export type VideoUploadOptions = ResumableUploadOptions
export type PendingVideoUpload = PendingUpload

/** The unfinished uploads of a slot that this phone remembers (newest first). */
export const pendingVideoUploads = (entryId: string, slot: string): PendingVideoUpload[] =>
  pendingUploads(slotPrefix(entryId, slot))

/** Starts (or carries on) uploading `file` for an entry's slot and reports through `onEvent`. */
export function startVideoUpload(
  file: File,
  target: { entryId: string; slot: string },
  onEvent: (event: VideoUploadEvent) => void,
  options: VideoUploadOptions = {},
): Promise<VideoUpload> {
  return startResumableUpload(
    file,
    {
      purpose: 'contest-video',
      filename: file.name,
      fallbackName: 'video.mp4',
      fingerprintPrefix: slotPrefix(target.entryId, target.slot),
      chunkSize: CHUNK_BYTES,
    },
    onEvent,
    options,
  )
}
