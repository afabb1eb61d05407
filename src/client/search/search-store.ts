import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { LibraryKind } from '../../shared/domain/library-index.ts'
import type { SearchGroup, SearchHit, WorkTopic } from '../../shared/index.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'
import { readSavedEvents, useEventsStore } from '../calendar/events-store.ts'
import { useContentStore } from '../content/content-store.ts'
import { savedExpertList } from '../local-db/experts.ts'

/** Where the results on screen came from: the server (everything), or the phone (what it has). */
export type SearchState = 'idle' | 'searching' | 'online' | 'offline' | 'failed'

export interface SearchFilters {
  kind: LibraryKind | null
  theme: WorkTopic | null
  /** GB/T 2260 code. */
  province: string | null
  from: string | null
  to: string | null
}

export const NO_FILTERS: SearchFilters = { kind: null, theme: null, province: null, from: null, to: null }

function searchUrl(query: string, filters: SearchFilters): string {
  const params = new URLSearchParams({ q: query })
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value))
  return `/api/search?${params.toString()}`
}

/**
 * The search screen: the server's answer when it can be had, else the same index over what the
 * phone keeps (search/library-offline.ts), and the screen says which.
 */
export const useSearchStore = defineStore('search', () => {
  const state = ref<SearchState>('idle')
  const groups = shallowRef<SearchGroup[]>([])
  let run = 0

  async function searchOnline(query: string, filters: SearchFilters): Promise<SearchGroup[]> {
    const { searchResponse } = await import('../../shared/schemas/search.ts')
    return (await apiRequest(searchUrl(query, filters), { response: searchResponse })).groups
  }

  async function searchOffline(query: string, filters: SearchFilters): Promise<SearchGroup[]> {
    const content = useContentStore()
    // The works published in the app that the phone kept, so they are found offline too.
    await import('../works/app-works.ts').then((m) => m.loadKeptAppWorks()).catch(() => undefined)
    const events = useEventsStore().events ?? (await readSavedEvents())?.events ?? []
    const experts = (await savedExpertList())?.experts ?? []
    const [offline, hits, bases, works, themeDays, guides] = await Promise.all([
      import('./library-offline.ts'),
      import('../../shared/domain/library-hits.ts'),
      content.loadBases(),
      content.loadWorks(),
      content.loadThemeDays(),
      content.loadGuides(),
    ])
    const results = await offline.searchLibraryOffline(query, {
      kinds: filters.kind ? [filters.kind] : undefined,
      theme: filters.theme ?? undefined,
      province: filters.province ?? undefined,
      from: filters.from ?? undefined,
      to: filters.to ?? undefined,
      events,
      experts,
      appWorks: content.appWorks,
    })
    // A shipped work edited in the app matches in both segments; a withdrawn one is not in `works`.
    const shownWorks = new Set<string>()
    const find = <T extends { id: string }>(list: readonly T[], id: string) => list.find((x) => x.id === id)
    const hitOf = (kind: LibraryKind, id: string): SearchHit | null => {
      switch (kind) {
        case 'base': {
          const base = find(bases, id)
          return base ? hits.baseHit(base) : null
        }
        case 'work': {
          const work = shownWorks.has(id) ? undefined : find(works, id)
          if (!work) return null
          shownWorks.add(id)
          return hits.workHit(work)
        }
        case 'event': {
          const event = find(events, id)
          return event ? hits.eventHit(event) : null
        }
        case 'theme-day': {
          const day = find(themeDays, id)
          return day ? hits.themeDayHit(day) : null
        }
        case 'guide': {
          const guide = find(guides, id)
          return guide ? hits.guideHit(guide) : null
        }
        case 'expert': {
          const expert = find(experts, id)
          return expert ? hits.expertHit(expert) : null
        }
      }
    }
    return hits.searchGroups(results, hitOf)
  }

  /** Searches, online first; a later call wins over an earlier one still running. */
  async function search(query: string, filters: SearchFilters): Promise<void> {
    const mine = ++run
    const q = query.trim()
    if (!q) {
      state.value = 'idle'
      groups.value = []
      return
    }
    state.value = 'searching'
    let found: SearchGroup[]
    let source: SearchState
    try {
      if (typeof navigator !== 'undefined' && !navigator.onLine) throw new ApiRequestError({ kind: 'offline' })
      found = await searchOnline(q, filters)
      source = 'online'
    } catch (error) {
      // No network, or a server that cannot answer now: what the phone has is still worth showing.
      if (!(error instanceof ApiRequestError) || (error.failure.kind === 'http' && error.failure.status < 500)) {
        if (mine === run) state.value = 'failed'
        return
      }
      try {
        found = await searchOffline(q, filters)
        source = 'offline'
      } catch {
        if (mine === run) state.value = 'failed'
        return
      }
    }
    if (mine !== run) return
    groups.value = found
    state.value = source
  }

  return { state, groups, search }
})
