import type { WorkSearchHit, WorkSearchIndex, searchWorks } from '../../shared/domain/work-search.ts'

/**
 * Works search on the phone, with no network: the index the content build wrote
 * (works-search.json) ships as a lazy chunk the service worker precaches, like the content itself.
 * It and the search code (MiniSearch) load on the first search, not with the first screen.
 */
type JsonModule = { default: unknown }
interface LoadedSearch {
  index: WorkSearchIndex
  search: typeof searchWorks
}

let loaded: Promise<LoadedSearch> | null = null

function loadSearch(): Promise<LoadedSearch> {
  if (!loaded) {
    loaded = Promise.all([
      import('../../shared/domain/work-search.ts'),
      import('../../../generated/content/works-search.json') as unknown as Promise<JsonModule>,
    ]).then(([search, json]) => ({ index: search.loadWorkSearchIndex(json.default), search: search.searchWorks }))
    // A failed chunk load (say, an app update mid-session) must not stick: the next search retries.
    loaded.catch(() => {
      loaded = null
    })
  }
  return loaded
}

/** Loads the index ahead of time (say, when the works list opens), so the first search does not wait for it. */
export async function preloadWorkSearch(): Promise<void> {
  await loadSearch()
}

/** Work ids matching `query`, best first (at most `limit`, default 20); [] for a blank query, without loading anything. */
export async function searchWorksOffline(query: string, limit?: number): Promise<WorkSearchHit[]> {
  if (!query.trim()) return []
  const { index, search } = await loadSearch()
  return search(index, query, { limit })
}
