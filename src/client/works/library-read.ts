import type { WorkState } from '../local-db/local-db.ts'
import { listSavedWorks, listWorkStates } from '../local-db/works.ts'
import type { OffThreadHandlers } from '../api/off-thread-registry.ts'

/*
 * Reading the visitor's library (favourites, reading positions, what is saved offline) when the
 * 作品 tab opens. It runs in the API worker (registered in app/off-thread-handlers.ts), so the tab's
 * first screen never loads Dexie onto the page's main thread; the page loads it only to write.
 * Replies are plain data.
 */

export type LibraryRequest = { kind: 'library' }
export type LibraryReply = {
  kind: 'library'
  states: WorkState[]
  /** Saved works without their blobs, newest first. */
  saved: { workId: string; bytes: number; savedAt: string }[]
}

async function readLibrary(): Promise<LibraryReply> {
  const [states, saved] = await Promise.all([listWorkStates(), listSavedWorks()])
  return { kind: 'library', states, saved: saved.map(({ workId, bytes, savedAt }) => ({ workId, bytes, savedAt })) }
}

/** The library's answers, by request kind (registered in app/off-thread-handlers.ts). */
export const worksLibraryHandlers: OffThreadHandlers<LibraryRequest, LibraryReply> = { library: () => readLibrary() }
