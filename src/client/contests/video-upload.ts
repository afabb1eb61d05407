import type * as Tus from 'tus-js-client'
import type { DetailedError, HttpStack, Upload, UploadOptions } from 'tus-js-client'
import { mediaResponse, type MediaRecord } from '../../shared/schemas/media.ts'

/*
 * A contest video's resumable upload (tus 1.0 to /api/uploads, purpose `contest-video`; the
 * protocol and its checks are in server/routes/uploads.ts). A 300 MB file from a phone on a weak
 * connection must survive dropped connections, app switches and reloads:
 * - each PATCH carries at most CHUNK_BYTES, so a dropped request costs at most one chunk;
 * - a dropped request is retried after growing pauses, then the upload waits for the network;
 * - the upload's URL is kept in localStorage (tus-js-client's url storage) under a fingerprint of
 *   the entry, the slot and the file, so picking the same file again after a reload carries on
 *   from the bytes the server has (a HEAD asks for them) instead of starting over;
 * - pause stops sending; resume asks the server where it is and goes on from there.
 * The last PATCH answers with the stored media record, or the server's reason for refusing the
 * file (not a video, too large …), which the screen shows as it is.
 */

export const UPLOADS_ENDPOINT = '/api/uploads'
export const CHUNK_BYTES = 2 * 1024 * 1024
export const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000]
const FINGERPRINT_PREFIX = 'zk-contest-video'
/** How much of each end of the file the fingerprint reads: hashing 300 MB on a phone would take long. */
const SAMPLE_BYTES = 1024 * 1024

export type VideoUploadEvent =
  | { kind: 'progress'; sent: number; total: number }
  /** Offline, or the retries ran out: waiting for the network (it carries on when back online). */
  | { kind: 'waiting' }
  /** An earlier upload of the same file was found: it carries on from what the server has. */
  | { kind: 'resumed' }
  | { kind: 'done'; media: MediaRecord }
  /** The server refused the file; its own words ("中文 / English"), with the measured value and the rule. */
  | { kind: 'refused'; status: number; message: string | null }
  /** Not the network and not the server: the file could not be read. */
  | { kind: 'failed'; message: string }

export interface VideoUpload {
  pause(): void
  resume(): void
  /** Stops and deletes the unfinished upload on the server. */
  cancel(): Promise<void>
}

export interface VideoUploadOptions {
  httpStack?: HttpStack
  endpoint?: string
  retryDelays?: number[]
  chunkSize?: number
}

/** An unfinished upload this phone started for a slot: the file to pick again to carry on. */
export interface PendingVideoUpload {
  filename: string
  bytes: number
  startedAt: string
}

const slotPrefix = (entryId: string, slot: string) => `${FINGERPRINT_PREFIX}:${entryId}:${slot}:`

async function fingerprintOf(file: Blob, entryId: string, slot: string): Promise<string> {
  const named = file as Partial<File>
  let sample = `${named.name ?? ''}:${String(named.lastModified ?? '')}`
  if (globalThis.crypto?.subtle) {
    const head = await file.slice(0, SAMPLE_BYTES).arrayBuffer()
    const tail = await file.slice(Math.max(file.size - SAMPLE_BYTES, 0)).arrayBuffer()
    const both = new Uint8Array(head.byteLength + tail.byteLength)
    both.set(new Uint8Array(head), 0)
    both.set(new Uint8Array(tail), head.byteLength)
    const digest = await crypto.subtle.digest('SHA-256', both)
    sample = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  }
  return `${slotPrefix(entryId, slot)}${String(file.size)}:${sample}`
}

/** The unfinished uploads of a slot that this phone remembers (newest first). */
export function pendingVideoUploads(entryId: string, slot: string): PendingVideoUpload[] {
  const found: PendingVideoUpload[] = []
  let store: Storage
  try {
    store = globalThis.localStorage
  } catch {
    return found
  }
  const prefix = `tus::${slotPrefix(entryId, slot)}`
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i)
    if (!key?.startsWith(prefix)) continue
    try {
      const kept = JSON.parse(store.getItem(key) ?? '') as {
        size?: number
        metadata?: { filename?: string }
        creationTime?: string
      }
      found.push({
        filename: kept.metadata?.filename ?? '',
        bytes: kept.size ?? 0,
        startedAt: kept.creationTime ?? '',
      })
    } catch {
      // Not ours to judge: tus-js-client skips what it cannot read too.
    }
  }
  return found.sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))
}

function refusalOf(error: DetailedError): { status: number; message: string | null } | null {
  const response = error.originalResponse
  const status = response?.getStatus() ?? 0
  // 409 and 423 are tus's "try again" answers (an offset mismatch, a lock), not refusals.
  if (status < 400 || status >= 500 || status === 409 || status === 423) return null
  let message: string | null = null
  try {
    const body = JSON.parse(response?.getBody() ?? '') as { message?: unknown }
    if (typeof body.message === 'string') message = body.message
  } catch {
    message = response?.getBody().trim() || null
  }
  return { status, message }
}

type TusModule = typeof Tus
let tusModule: Promise<TusModule> | null = null
const loadTus = () => (tusModule ??= import('tus-js-client'))
const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false

/** Starts (or carries on) uploading `file` for an entry's slot and reports through `onEvent`. */
export async function startVideoUpload(
  file: File,
  target: { entryId: string; slot: string },
  onEvent: (event: VideoUploadEvent) => void,
  options: VideoUploadOptions = {},
): Promise<VideoUpload> {
  const tus = await loadTus()
  const fingerprint = await fingerprintOf(file, target.entryId, target.slot)
  let upload: Upload | null = null
  let state: 'running' | 'paused' | 'waiting' | 'finished' = 'running'
  const retryDelays = options.retryDelays ?? RETRY_DELAYS_MS

  const whenOnline = () => {
    if (state === 'waiting') run()
  }
  const stopWaiting = () => globalThis.removeEventListener?.('online', whenOnline)

  const uploadOptions: UploadOptions = {
    endpoint: options.endpoint ?? UPLOADS_ENDPOINT,
    metadata: { purpose: 'contest-video', filename: file.name.slice(0, 200) || 'video.mp4', filetype: file.type },
    chunkSize: options.chunkSize ?? CHUNK_BYTES,
    retryDelays,
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
      else onEvent({ kind: 'refused', status: lastResponse.getStatus(), message: null })
    },
    onError: (error) => {
      const detailed = 'originalRequest' in error ? error : null
      const refusal = detailed ? refusalOf(detailed) : null
      if (refusal || !detailed) {
        state = refusal ? 'finished' : 'paused'
        stopWaiting()
        onEvent(refusal ? { kind: 'refused', ...refusal } : { kind: 'failed', message: error.message })
        return
      }
      // The network, not the server: wait for it, then carry on where the server is.
      if (state !== 'running') return
      state = 'waiting'
      onEvent({ kind: 'waiting' })
      globalThis.addEventListener?.('online', whenOnline)
      if (!isOffline()) setTimeout(whenOnline, retryDelays.at(-1) ?? 20_000)
    },
  }

  function run(): void {
    state = 'running'
    stopWaiting()
    const next = new tus.Upload(file, uploadOptions)
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
