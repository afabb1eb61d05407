import { localDb, type SavedArea } from './local-db.ts'

/* Map areas saved for offline use (the `savedAreas` table); their tiles are in Cache Storage. */

export async function putSavedArea(area: SavedArea): Promise<void> {
  await localDb.savedAreas.put(area)
}

/** Every saved area, newest first. */
export function listSavedAreas(): Promise<SavedArea[]> {
  return localDb.savedAreas.orderBy('createdAt').reverse().toArray()
}

export function getSavedArea(id: string): Promise<SavedArea | undefined> {
  return localDb.savedAreas.get(id)
}

/** The tiles the saved areas other than `id` use: deleting `id` must keep these. */
export async function tileUrlsOfOtherAreas(id: string): Promise<Set<string>> {
  const others = await localDb.savedAreas.filter((a) => a.id !== id).toArray()
  return new Set(others.flatMap((a) => a.tileUrls))
}

export async function deleteSavedAreaRow(id: string): Promise<void> {
  await localDb.savedAreas.delete(id)
}
