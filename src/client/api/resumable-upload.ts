import type * as Tus from 'tus-js-client'
import type { DetailedError, HttpStack, Upload, UploadOptions } from 'tus-js-client'
import { mediaResponse, type MediaRecord, type UploadPurpose } from '../../shared/schemas/media.ts'

/*
 * Every file the app sends goes through here: a resumable upload (tus 1.0 to /api/uploads; the
 * protocol and the checks per purpose are in src/server/routes/uploads.ts). The session cookie goes
 * with each request and the browser adds the Origin header the server's CSRF check wants.
 *
 * A weak connection must not cost anyone their file:
 * - each PATCH carries at most `chunkSize` bytes, so a dropped request costs at most one chunk;
 * - a dropped request is retried after growing pauses (`retryDelays`), from the offset the server
 *   has, and then the upload waits for the network and carries on by itself when it is back;
 * - the upload's URL is kept in localStorage (tus-js-client's URL storage) under a fingerprint of
 *   the file's content, so picking the same file again after a reload or a crash resumes it;
 * - pause stops sending; resume asks the server where it is and goes on from there.
 * The last PATCH answers with the stored media record, or the server's reason for refusing the file
 * (too large, not what its name says …), which the screen shows as it is.
 */

export const UPLOADS_ENDPOINT = '/api/uploads'
export const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000]
/** Files larger than this are fingerprinted by their two ends: hashing 300 MB on a phone takes long. */
const SAMPLE_BYTES = 1024 * 1024

export type UploadEvent =
  | { kind: 'progress'; sent: number; total: number }
  /** Offline, or the retries ran out: waiting for the network (it carries on when back online). */
  | { kind: 'waiting' }
  /** An earlier upload of the same file was found: it carries on from what the server has. */
  | { kind: 'resumed' }
  | { kind: 'done'; media: MediaRecord }
  /** The server refused the file: its HTTP status and its own words ("中文 / English"), if any. */
  | { kind: 'refused'; status: number; message: string | null }
  /** Not the network and not the server: the file could not be read. Retrying may help. */
  | { kind: 'failed'; message: string }

export interface ResumableUpload {
  /** Stops sending; the server keeps what it has for 24 hours, so the same file resumes later. */
  pause(): void
  /** Sends again from where the server is (after a pause, or a failure). */
  resume(): void
  /** Stops and deletes the unfinished upload on the server. */
  cancel(): Promise<void>
}

export interface ResumableUploadOptions {
  /** A non-browser HTTP stack, for tests that talk to a real server from Node. */
  httpStack?: HttpStack
  endpoint?: string
  retryDelays?: number[]
  chunkSize?: number
}

export interface UploadTarget {
  purpose: UploadPurpose
  /** The file's name, for people only (the server judges the content). */
  filename: string
  /** Said when the file has no name. */
  fallbackName: string
  /**
   * Where the upload is remembered (`zk-<purpose>` unless told): a screen that lists its own
   * unfinished uploads (pendingUploads) names them by a prefix of its own.
   */
  fingerprintPrefix?: string
  chunkSize: number
}

/** The file's content as the fingerprint: the same file picked again resumes, a different one never does. */
async function fingerprintOf(file: Blob, prefix: string): Promise<string> {
  const named = file as Partial<File>
  if (!globalThis.crypto?.subtle)
    return `${prefix}${[named.name ?? '', file.type, String(file.size), String(named.lastModified ?? '')].join('-')}`
  let bytes: Uint8Array<ArrayBuffer>
  if (file.size <= 2 * SAMPLE_BYTES) bytes = new Uint8Array(await file.arrayBuffer())
  else {
    const head = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer())
    const tail = new Uint8Array(await file.slice(file.size - SAMPLE_BYTES).arrayBuffer())
    bytes = new Uint8Array(head.byteLength + tail.byteLength)
    bytes.set(head, 0)
    bytes.set(tail, head.byteLength)
  }
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return `${prefix}${String(file.size)}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** An unfinished upload this phone remembers: the file to pick again to carry on. */
export interface PendingUpload {
  filename: string
  bytes: number
  startedAt: string
}

/** The unfinished uploads remembered under a fingerprint prefix (newest first). */
export function pendingUploads(fingerprintPrefix: string): PendingUpload[] {
  const found: PendingUpload[] = []
  let store: Storage
  try {
    store = globalThis.localStorage
  } catch {
    return found
  }
  const prefix = `tus::${fingerprintPrefix}`
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

/** Starts (or carries on) uploading `file` and reports through `onEvent`. */
export async function startResumableUpload(
  file: Blob,
  target: UploadTarget,
  onEvent: (event: UploadEvent) => void,
  options: ResumableUploadOptions = {},
): Promise<ResumableUpload> {
  const tus = await loadTus()
  const fingerprint = await fingerprintOf(file, target.fingerprintPrefix ?? `zk-${target.purpose}-`)
  let upload: Upload | null = null
  let state: 'running' | 'paused' | 'waiting' | 'finished' = 'running'
  const retryDelays = options.retryDelays ?? RETRY_DELAYS_MS

  const whenOnline = () => {
    if (state === 'waiting') run()
  }
  const stopWaiting = () => globalThis.removeEventListener?.('online', whenOnline)

  const uploadOptions: UploadOptions = {
    endpoint: options.endpoint ?? UPLOADS_ENDPOINT,
    metadata: {
      purpose: target.purpose,
      filename: target.filename.slice(0, 200) || target.fallbackName,
      filetype: file.type,
    },
    chunkSize: options.chunkSize ?? target.chunkSize,
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
