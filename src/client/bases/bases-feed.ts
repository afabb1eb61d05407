import { baseChanges, builtBase, type BasePhoto, type BuiltBase } from '../../shared/schemas/base.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'
import type { OffThreadHandlers } from '../api/off-thread-registry.ts'
import {
  baseCopiesOfArea,
  deleteBasePhotosExcept,
  getBaseChangesCursor,
  getBaseCopy,
  getBasePhotos,
  getRemovedBaseIds,
  listBaseCopies,
  putBaseChangesState,
  putBaseCopy,
  putBasePhoto,
} from '../local-db/base-copies.ts'
import type { BaseCopy } from '../local-db/local-db.ts'

/*
 * Bases as the server publishes them, kept on the phone. The app ships every base (the content
 * build), but staff now change hours, phones, pins and photos between releases (issue 21), so:
 *   - a base page shows the server's copy when online (`GET /api/bases/:id`, revalidated with its
 *     ETag, a bodiless 304 when nothing changed) and keeps it, so the page opens offline with the
 *     copy's date;
 *   - saving a map area keeps a copy of each base in it, with one size of each photo as a blob;
 *   - when the app opens, returns to the foreground or reconnects (bases/store/bases-store.ts), the
 *     phone asks what changed since its last answer (`GET /api/bases/changes?since=`): a base edited
 *     or added in the app is kept like an opened one, a base no longer listed is hidden, so the map
 *     shows a newly named base or a moved pin without a release; the first time, every kept copy is
 *     also refreshed one by one (ETags make unchanged ones a 304), as a copy kept before may be
 *     older than the release;
 *   - the list and map show the kept copies over the shipped ones, without the removed ones.
 * It runs in the API worker (app/off-thread-handlers.ts): Zod and Dexie stay off the page.
 */

/** A kept base, without the bookkeeping the page does not need. */
export interface KeptBase {
  base: BuiltBase
  /** Null: the app's own copy, saved with an area while the server could not be reached. */
  fetchedAt: string | null
  /** In a saved map area: its photos are on the phone. */
  saved: boolean
}

export type BasesFeedRequest =
  | { kind: 'bases-kept' }
  | { kind: 'bases-refresh' }
  | { kind: 'base-live'; id: string }
  | { kind: 'base-kept'; id: string }
  /** The bases inside a saved area, as the page has them (kept as they are where the server cannot be reached). */
  | { kind: 'bases-save-area'; areaId: string; bases: BuiltBase[] }
  | { kind: 'bases-forget-area'; areaId: string }

export type BasesFeedReply =
  /** `removed`: ids the server no longer lists, hidden from the list and the map. */
  | { kind: 'bases-kept'; bases: KeptBase[]; removed: string[] }
  | { kind: 'base-kept'; kept: KeptBase | null; photos: { mediaId: string; blob: Blob }[] }
  | { kind: 'bases-area-saved'; saved: number; failed: number; photos: number }
  | { kind: 'done' }

const kept = (copy: BaseCopy): KeptBase => ({
  base: copy.base,
  fetchedAt: copy.fetchedAt,
  saved: copy.areaIds.length > 0,
})

const fetchBase = (id: string) =>
  apiRequest(`/api/bases/${encodeURIComponent(id)}`, { response: builtBase, cache: 'no-cache' })

/** The size kept for offline: a phone-screen-wide WebP (every phone that runs the app shows WebP), else JPEG. */
function offlineVariant(photo: BasePhoto) {
  const pick = (format: 'webp' | 'jpeg') => {
    const sizes = photo.variants.filter((v) => v.format === format)
    return sizes.find((v) => v.width >= 800) ?? sizes[sizes.length - 1]
  }
  return pick('webp') ?? pick('jpeg') ?? photo.variants[0]
}

/** Saves the photos of a kept base that are not on the phone yet; returns how many it saved. */
async function savePhotos(base: BuiltBase): Promise<number> {
  const photos = base.photos ?? []
  const have = await getBasePhotos(photos.map((p) => p.mediaId))
  let saved = 0
  for (const [i, photo] of photos.entries()) {
    if (have[i]) continue
    const variant = offlineVariant(photo)
    if (!variant) continue
    const response = await fetch(variant.url, { credentials: 'same-origin' })
    if (!response.ok) continue
    await putBasePhoto({
      mediaId: photo.mediaId,
      blob: await response.blob(),
      width: photo.width,
      height: photo.height,
      savedAt: new Date().toISOString(),
    })
    saved++
  }
  return saved
}

/** Drops photos no saved base shows any more. */
async function prunePhotos(): Promise<void> {
  const copies = await listBaseCopies()
  const shown = new Set(
    copies.filter((c) => c.areaIds.length > 0).flatMap((c) => (c.base.photos ?? []).map((p) => p.mediaId)),
  )
  await deleteBasePhotosExcept(shown)
}

/** Fetches a base and keeps it (in the areas it was in); its photos too when an area holds it. */
async function refreshOne(id: string, areaIds?: string[]): Promise<BaseCopy> {
  const base = await fetchBase(id)
  const before = await getBaseCopy(id)
  const copy: BaseCopy = { id, base, fetchedAt: new Date().toISOString(), areaIds: areaIds ?? before?.areaIds ?? [] }
  await putBaseCopy(copy)
  if (copy.areaIds.length > 0) await savePhotos(base).catch(() => 0)
  return copy
}

/**
 * Takes the server's changes since the last answer; returns false the first time (no cursor yet),
 * when the kept copies must also be refreshed one by one.
 */
async function takeChanges(): Promise<boolean> {
  const since = await getBaseChangesCursor()
  const changes = await apiRequest(`/api/bases/changes${since ? `?since=${encodeURIComponent(since)}` : ''}`, {
    response: baseChanges,
    cache: 'no-cache',
  })
  const now = new Date().toISOString()
  for (const base of changes.bases) {
    const before = await getBaseCopy(base.id)
    await putBaseCopy({ id: base.id, base, fetchedAt: now, areaIds: before?.areaIds ?? [] })
    if (before?.areaIds.length) await savePhotos(base).catch(() => 0)
  }
  const back = new Set(changes.bases.map((b) => b.id))
  // Without a cursor the answer lists every removed base; after one, only the newly removed.
  const removed = since
    ? [...(await getRemovedBaseIds()).filter((id) => !back.has(id)), ...changes.removed]
    : changes.removed
  await putBaseChangesState(changes.cursor, removed)
  return since !== null
}

async function keptReply(): Promise<BasesFeedReply> {
  const [copies, removed] = await Promise.all([listBaseCopies(), getRemovedBaseIds()])
  return { kind: 'bases-kept', bases: copies.map(kept), removed }
}

async function refreshAll(): Promise<BasesFeedReply> {
  const hadCursor = await takeChanges()
  // After the first answer the changes list says all that moved; a copy kept while offline
  // (no fetchedAt) is still asked for by itself.
  const copies = (await listBaseCopies()).filter((copy) => !hadCursor || copy.fetchedAt === null)
  let offline = false
  // Two at a time: a phone with several saved areas should not open dozens of requests at once.
  const queue = [...copies]
  const worker = async () => {
    for (let copy = queue.shift(); copy && !offline; copy = queue.shift()) {
      try {
        await refreshOne(copy.id)
      } catch (error) {
        if (error instanceof ApiRequestError && error.failure.kind === 'offline') offline = true
      }
    }
  }
  await Promise.all([worker(), worker()])
  if (offline) throw new ApiRequestError({ kind: 'offline' })
  await prunePhotos().catch(() => undefined)
  return keptReply()
}

async function keptWithPhotos(id: string): Promise<BasesFeedReply> {
  const copy = await getBaseCopy(id).catch(() => undefined)
  if (!copy) return { kind: 'base-kept', kept: null, photos: [] }
  const photos = copy.areaIds.length
    ? (await getBasePhotos((copy.base.photos ?? []).map((p) => p.mediaId)).catch(() => [])).flatMap((p) =>
        p ? [{ mediaId: p.mediaId, blob: p.blob }] : [],
      )
    : []
  return { kind: 'base-kept', kept: kept(copy), photos }
}

async function saveArea(areaId: string, bases: BuiltBase[]): Promise<BasesFeedReply> {
  let saved = 0
  let failed = 0
  let photos = 0
  for (const base of bases) {
    const before = await getBaseCopy(base.id)
    const areaIds = [...new Set([...(before?.areaIds ?? []), areaId])]
    try {
      const copy = await refreshOne(base.id, areaIds)
      photos += (copy.base.photos ?? []).length
      saved++
    } catch {
      // Kept as the page has it; the next refresh (on open, foreground or reconnect) asks the server again.
      await putBaseCopy({ id: base.id, base: before?.base ?? base, fetchedAt: before?.fetchedAt ?? null, areaIds })
      failed++
    }
  }
  return { kind: 'bases-area-saved', saved, failed, photos }
}

async function forgetArea(areaId: string): Promise<BasesFeedReply> {
  for (const copy of await baseCopiesOfArea(areaId))
    await putBaseCopy({ ...copy, areaIds: copy.areaIds.filter((a) => a !== areaId) })
  await prunePhotos()
  return { kind: 'done' }
}

/** The feed's answers, by request kind; a failed fetch throws (the registry makes it a reply). */
export const basesFeedHandlers: OffThreadHandlers<BasesFeedRequest, BasesFeedReply> = {
  'bases-kept': () => keptReply(),
  'bases-refresh': () => refreshAll(),
  'base-live': async (request) => {
    await refreshOne(request.id)
    return keptWithPhotos(request.id)
  },
  'base-kept': (request) => keptWithPhotos(request.id),
  'bases-save-area': (request) => saveArea(request.areaId, request.bases),
  'bases-forget-area': (request) => forgetArea(request.areaId),
}
