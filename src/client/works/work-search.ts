import type { LibraryHit } from '../../shared/domain/library-index.ts'

/**
 * Works search on the phone, with no network: the library index's work segments (see
 * search/library-offline.ts), which load on the first search, not with the first screen.
 */
const offline = () => import('../search/library-offline.ts')

/** Loads the index ahead of time (say, when the search box gets focus), so the first search does not wait for it. */
export async function preloadWorkSearch(): Promise<void> {
  await (await offline()).preloadLibrarySearch()
}

/** Work ids matching `query`, best first (at most `limit`, default 20); [] for a blank query, without loading anything. */
export async function searchWorksOffline(query: string, limit = 20): Promise<LibraryHit[]> {
  if (!query.trim()) return []
  const results = await (await offline()).searchLibraryOffline(query, { kinds: ['work'], limitPerKind: limit })
  return results.hits.work
}
