import type * as Tus from 'tus-js-client'
import type { DetailedError, HttpStack, Upload, UploadOptions } from 'tus-js-client'
import { mediaResponse, type MediaRecord } from '../../../shared/schemas/media.ts'

/*
 * A photo's resumable upload (tus 1.0 to /api/uploads, purpose `base-photo` unless told, as the
 * expert's own photo is `expert-photo`; the protocol and its checks are in src/server/routes/uploads.ts). The session cookie goes with each request and
 * the browser adds the Origin header the server's CSRF check wants.
 *
 * A weak connection must not cost the staff member their photos:
 * - a dropped request is retried after growing pauses (`retryDelays`), from the offset the server
 *   has (each PATCH carries at most CHUNK_BYTES, so little is ever sent twice);
 * - while the phone is offline the upload waits and carries on when it is back online;
 * - the upload's URL is kept in localStorage under a fingerprint of the file's content, so picking
 *   the same photo again after a reload (or a crash) resumes it instead of starting over.
 * The last PATCH answers with the stored media record; a refusal (not an image, too large, too many
 * unfinished uploads) comes back with the server's reason, which the screen shows as it is.
 */

export const UPLOADS_ENDPOINT = '/api/uploads'
export const CHUNK_BYTES = 1024 * 1024
export const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000]

export type UploadRefusalKind = 'too-large' | 'not-image' | 'forbidden' | 'signed-out' | 'too-many' | 'other'

export interface UploadRefusal {
  kind: UploadRefusalKind
  /** The server's own words ("不是图片 / not an image: …"), or null when it gave none. */
  message: string | null
}

export type UploadEvent =
  | { kind: 'progress'; sent: number; total: number }
  /** Offline, or the retries ran out: waiting for the network (it resumes by itself when online). */
  | { kind: 'waiting' }
  /** An earlier upload of the same photo was found: it carries on from what the server has. */
  | { kind: 'resumed' }
  | { kind: 'done'; media: MediaRecord }
  | { kind: 'refused'; refusal: UploadRefusal }
  /** Not the network and not the server: the file could not be read. Retrying may help. */
  | { kind: 'failed'; message: string }

export interface PhotoUpload {
  /** Stops sending; the server keeps what it has for 24 hours, so the same file resumes later. */
  pause(): void
  /** Sends again from where the server is (after a pause, or a failure). */
  resume(): void
  /** Stops and deletes the unfinished upload on the server. */
  cancel(): Promise<void>
}

export interface PhotoUploadOptions {
  /** What the photo is for (shared/schemas/media.ts `UPLOAD_RULES`). @default 'base-photo' */
  purpose?: 'base-photo' | 'expert-photo'
  /** A non-browser HTTP stack, for tests that talk to a real server from Node. */
  httpStack?: HttpStack
  endpoint?: string
  retryDelays?: number[]
}

/** The file's content as the fingerprint: the same photo picked again resumes, a different one never does. */
async function contentFingerprint(blob: Blob, purpose: string): Promise<string> {
  if (globalThis.crypto?.subtle) {
    const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
    return `zk-${purpose}-${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`
  }
  const file = blob as Partial<File>
  return [`zk-${purpose}`, file.name ?? '', blob.type, String(blob.size), String(file.lastModified ?? '')].join('-')
}

function refusalOf(error: DetailedError): UploadRefusal | null {
  const response = error.originalResponse
  const status = response?.getStatus() ?? 0
  if (status < 400 || status >= 500 || status === 409 || status === 423) return null
  let message: string | null = null
  try {
    const body = JSON.parse(response?.getBody() ?? '') as { message?: unknown }
    if (typeof body.message === 'string') message = body.message
  } catch {
    message = response?.getBody().trim() || null
  }
  const kind: UploadRefusalKind =
    status === 413
      ? 'too-large'
      : status === 422 || status === 415
        ? 'not-image'
        : status === 401
          ? 'signed-out'
          : status === 403
            ? 'forbidden'
            : status === 429
              ? 'too-many'
              : 'other'
  return { kind, message }
}

type TusModule = typeof Tus
let tusModule: Promise<TusModule> | null = null
const loadTus = () => (tusModule ??= import('tus-js-client'))

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false

/** Starts uploading `blob` (named `filename` for people only) and reports through `onEvent`. */
export async function startPhotoUpload(
  blob: Blob,
  filename: string,
  onEvent: (event: UploadEvent) => void,
  options: PhotoUploadOptions = {},
): Promise<PhotoUpload> {
  const tus = await loadTus()
  const purpose = options.purpose ?? 'base-photo'
  const fingerprint = await contentFingerprint(blob, purpose)
  let upload: Upload | null = null
  let state: 'running' | 'paused' | 'waiting' | 'finished' = 'running'

  const whenOnline = () => {
    if (state === 'waiting') run()
  }
  const stopWaiting = () => globalThis.removeEventListener?.('online', whenOnline)

  const uploadOptions: UploadOptions = {
    endpoint: options.endpoint ?? UPLOADS_ENDPOINT,
    metadata: { purpose, filename: filename.slice(0, 200) || 'photo.jpg', filetype: blob.type },
    chunkSize: CHUNK_BYTES,
    retryDelays: options.retryDelays ?? RETRY_DELAYS_MS,
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    fingerprint: () => Promise.resolve(fingerprint),
    ...(options.httpStack ? { httpStack: options.httpStack } : {}),
    onProgress: (sent, total) => onEvent({ kind: 'progress', sent, total }),
    onSuccess: ({ lastResponse }) => {
      state = 'finished'
      stopWaiting()
      let parsed: ReturnType<typeof mediaResponse.safeParse> | null = null
      try {
        parsed = mediaResponse.safeParse(JSON.parse(lastResponse.getBody()))
      } catch {
        parsed = null
      }
      if (parsed?.success) onEvent({ kind: 'done', media: parsed.data.media })
      else onEvent({ kind: 'refused', refusal: { kind: 'other', message: null } })
    },
    onError: (error) => {
      const detailed = 'originalRequest' in error ? error : null
      const refusal = detailed ? refusalOf(detailed) : null
      if (refusal || !detailed) {
        state = refusal ? 'finished' : 'paused'
        stopWaiting()
        onEvent(refusal ? { kind: 'refused', refusal } : { kind: 'failed', message: error.message })
        return
      }
      // The network, not the server: wait for it and carry on where the server is.
      if (state !== 'running') return
      state = 'waiting'
      onEvent({ kind: 'waiting' })
      globalThis.addEventListener?.('online', whenOnline)
      if (!isOffline()) setTimeout(whenOnline, RETRY_DELAYS_MS.at(-1) ?? 20_000)
    },
  }

  function run(): void {
    state = 'running'
    stopWaiting()
    const next = new tus.Upload(blob, uploadOptions)
    upload = next
    void next.findPreviousUploads().then((previous) => {
      if (upload !== next || state !== 'running') return
      const last = previous.sort((a, b) => (a.creationTime < b.creationTime ? 1 : -1))[0]
      if (last) {
        next.resumeFromPreviousUpload(last)
        onEvent({ kind: 'resumed' })
      }
      next.start()
    })
  }
  run()

  return {
    pause() {
      if (state === 'finished') return
      state = 'paused'
      stopWaiting()
      void upload?.abort()
    },
    resume() {
      if (state === 'paused' || state === 'waiting') run()
    },
    async cancel() {
      state = 'finished'
      stopWaiting()
      await upload?.abort(true).catch(() => undefined)
    },
  }
}
