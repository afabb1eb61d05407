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
