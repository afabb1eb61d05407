import { localDb, type SavedWork, type WorkState } from './local-db.ts'

/*
 * The visitor's works library: what they did with each work (`workStates`) and the media saved for
 * offline (`savedWorks`). The 作品 tab imports this module only when it first writes or opens a
 * saved work (works/offline-works.ts), so Dexie stays off its first screen.
 */

export function listWorkStates(): Promise<WorkState[]> {
  return localDb.workStates.toArray()
}

export async function putWorkState(state: WorkState): Promise<void> {
  await localDb.workStates.put(state)
}

/** Every saved work, newest first, with its files. */
export function listSavedWorks(): Promise<SavedWork[]> {
  return localDb.savedWorks.orderBy('savedAt').reverse().toArray()
}

export function getSavedWork(workId: string): Promise<SavedWork | undefined> {
  return localDb.savedWorks.get(workId)
}

/** Stores a work's files together; rejects with the browser's error (a full disk is a QuotaExceededError). */
export async function putSavedWork(saved: SavedWork): Promise<void> {
  await localDb.savedWorks.put(saved)
}

export async function deleteSavedWork(workId: string): Promise<void> {
  await localDb.savedWorks.delete(workId)
}
