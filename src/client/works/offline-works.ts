import type { WorkSummary } from '../../shared/index.ts'
import type { SavedFile, SavedWork } from '../local-db/local-db.ts'

/**
 * IndexedDB (Dexie) loads when a saved work is first read or written, not with the 作品 tab: its
 * code is a third of the tab's script, and the list draws without it.
 */
export const worksDb = () => import('../local-db/works.ts')

/**
 * "保存离线" for works: the media (video/audio with captions and poster, or a picture series) is
 * fetched and kept as blobs in IndexedDB, then played from object URLs. All or nothing: the files
 * are written in one transaction after every download finished, so a cancelled or failed save
 * leaves no half-saved work behind. Text and metadata need none of this (they are precached).
 */

/** Where the server (and the dev server) serve `public/media/works/`. */
export const MEDIA_BASE = '/media/works/'
/** A shipped file's URL; a work published in the app names its media by URL (works/app-work-view.ts), kept as it is. */
export const mediaUrl = (name: string): string =>
  /^(?:\/|data:|https?:)/.test(name) ? name : `${MEDIA_BASE}${encodeURIComponent(name)}`
/** Inline captions (a `data:` URL) travel in the work itself: nothing to download. */
const isFile = (name: string) => name !== '' && !name.startsWith('data:')

const MIME_BY_EXT: Record<string, string> = {
  vtt: 'text/vtt',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  svg: 'image/svg+xml',
}

/** The files a work needs offline, with their types. Empty for articles and books. */
export function workFiles(work: WorkSummary): { name: string; mime: string }[] {
  const byExt = (name: string) => MIME_BY_EXT[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
  const files: { name: string; mime: string }[] = []
  if (work.media) {
    files.push({ name: work.media.file, mime: work.media.mime })
    if (isFile(work.media.captions)) files.push({ name: work.media.captions, mime: 'text/vtt' })
    if (work.media.poster) files.push({ name: work.media.poster, mime: byExt(work.media.poster) })
  }
  for (const picture of work.pictures ?? []) files.push({ name: picture.file, mime: byExt(picture.file) })
  return files
}

export const canSaveOffline = (work: WorkSummary): boolean => workFiles(work).length > 0

export interface SaveProgress {
  received: number
  total: number
}

export class SaveWorkError extends Error {
  constructor(
    readonly kind: 'offline' | 'http' | 'quota' | 'aborted',
    message: string,
  ) {
    super(message)
    this.name = 'SaveWorkError'
  }
}

export async function download(
  name: string,
  signal: AbortSignal | undefined,
  onChunk: (bytes: number) => void,
): Promise<Blob> {
  let response: Response
  try {
    response = await fetch(mediaUrl(name), { signal, cache: 'no-store' })
  } catch (error) {
    if (signal?.aborted) throw new SaveWorkError('aborted', 'cancelled')
    throw new SaveWorkError('offline', error instanceof Error ? error.message : String(error))
  }
  if (!response.ok) throw new SaveWorkError('http', `${name}: HTTP ${String(response.status)}`)
  if (!response.body) {
    const blob = await response.blob()
    onChunk(blob.size)
    return blob
  }
  const chunks: Uint8Array<ArrayBuffer>[] = []
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      onChunk(value.byteLength)
    }
  } catch (error) {
    if (signal?.aborted) throw new SaveWorkError('aborted', 'cancelled')
    throw new SaveWorkError('offline', error instanceof Error ? error.message : String(error))
  }
  return new Blob(chunks)
}

/**
 * Downloads every file of `work` and stores them together. `onProgress` reports bytes so far out
 * of the size measured at content build; `signal` cancels (nothing is stored then).
 */
export async function saveWorkOffline(
  work: WorkSummary,
  options: { signal?: AbortSignal; onProgress?: (p: SaveProgress) => void } = {},
): Promise<SavedWork> {
  const wanted = workFiles(work)
  if (wanted.length === 0) throw new Error(`work ${work.id} has no media to save`)
  const total = work.mediaBytes ?? 0
  let received = 0
  const files: SavedFile[] = []
  for (const file of wanted) {
    const blob = await download(file.name, options.signal, (n) => {
      received += n
      options.onProgress?.({ received, total: Math.max(total, received) })
    })
    files.push({
      name: file.name,
      mime: file.mime,
      blob: blob.type === file.mime ? blob : new Blob([blob], { type: file.mime }),
    })
  }
  if (options.signal?.aborted) throw new SaveWorkError('aborted', 'cancelled')
  const saved: SavedWork = {
    workId: work.id,
    files,
    bytes: files.reduce((n, f) => n + f.blob.size, 0),
    savedAt: new Date().toISOString(),
  }
  try {
    await (await worksDb()).putSavedWork(saved)
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    if (name === 'QuotaExceededError' || (error instanceof Error && /quota/i.test(error.message))) {
      throw new SaveWorkError('quota', 'not enough storage space on this device')
    }
    throw error
  }
  return saved
}

export async function deleteSavedWork(workId: string): Promise<void> {
  await (await worksDb()).deleteSavedWork(workId)
}

/**
 * Object URLs for a saved work's files by name, or null when it is not saved. The caller must call
 * `release()` when the page goes away, or the blobs stay in memory.
 */
export async function openSavedWork(
  workId: string,
): Promise<{ urls: Map<string, string>; release: () => void } | null> {
  const saved = await (await worksDb()).getSavedWork(workId)
  if (!saved) return null
  const urls = new Map(saved.files.map((f) => [f.name, URL.createObjectURL(f.blob)]))
  return {
    urls,
    release: () => {
      for (const url of urls.values()) URL.revokeObjectURL(url)
    },
  }
}
