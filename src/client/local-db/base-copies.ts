import { localDb, type BaseCopy, type SavedBasePhoto } from './local-db.ts'

/*
 * The last copy of each base from the server (`baseCopies`) and the photos saved with the bases of
 * saved map areas (`basePhotos`). Read and written by the bases feed in the API worker
 * (bases/bases-feed.ts), so the map tab never loads Dexie for them.
 */

export function listBaseCopies(): Promise<BaseCopy[]> {
  return localDb.baseCopies.toArray()
}

export function getBaseCopy(id: string): Promise<BaseCopy | undefined> {
  return localDb.baseCopies.get(id)
}

export async function putBaseCopy(copy: BaseCopy): Promise<void> {
  await localDb.baseCopies.put(copy)
}

/** The copies of the bases in a saved area. */
export function baseCopiesOfArea(areaId: string): Promise<BaseCopy[]> {
  return localDb.baseCopies.where('areaIds').equals(areaId).toArray()
}

export function getBasePhotos(mediaIds: string[]): Promise<(SavedBasePhoto | undefined)[]> {
  return localDb.basePhotos.bulkGet(mediaIds)
}

export async function putBasePhoto(photo: SavedBasePhoto): Promise<void> {
  await localDb.basePhotos.put(photo)
}

/** Photos no copy of a saved area's base shows any more (replaced, removed, or the area deleted). */
export async function deleteBasePhotosExcept(keep: ReadonlySet<string>): Promise<void> {
  const ids = (await localDb.basePhotos.toCollection().primaryKeys()).filter((id) => !keep.has(id))
  await localDb.basePhotos.bulkDelete(ids)
}

/*
 * Where the phone is in the server's list of base changes (`GET /api/bases/changes`): the cursor
 * of the last answer, and the ids the server no longer lists, kept beside the sync bookkeeping.
 */
const CURSOR = 'bases:changes-cursor'
const REMOVED = 'bases:removed'

export async function getBaseChangesCursor(): Promise<string | null> {
  const value = (await localDb.syncMeta.get(CURSOR))?.value
  return typeof value === 'string' ? value : null
}

export async function getRemovedBaseIds(): Promise<string[]> {
  const value = (await localDb.syncMeta.get(REMOVED))?.value
  if (typeof value !== 'string') return []
  try {
    const ids: unknown = JSON.parse(value)
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

/** Stores a changes answer's bookkeeping in one transaction with nothing else pending. */
export async function putBaseChangesState(cursor: string | null, removed: readonly string[]): Promise<void> {
  await localDb.transaction('rw', localDb.syncMeta, async () => {
    if (cursor) await localDb.syncMeta.put({ key: CURSOR, value: cursor })
    await localDb.syncMeta.put({ key: REMOVED, value: JSON.stringify([...new Set(removed)].sort()) })
  })
}
