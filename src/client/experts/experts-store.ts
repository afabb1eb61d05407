import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'
import type { ExpertPage, ExpertSummary } from '../../shared/index.ts'
import { ApiRequestError } from '../api/http.ts'
import {
  dropExpertPagesExcept,
  expertPagesSavedAt,
  keepExpertList,
  keepExpertPage,
  savedExpertList,
  savedExpertPage,
} from '../local-db/experts.ts'
import { expertsApi } from './experts-api.ts'
import type { ExpertFilter } from './expert-filter.ts'

/** Where what is on screen came from: the server just now, or the copy kept on the phone. */
export type ExpertsSource = 'server' | 'device'

/** A page kept less than this long ago is not fetched again in the background. */
const PAGE_REFRESH_MS = 60 * 60 * 1000

const isOffline = (error: unknown) => error instanceof ApiRequestError && error.failure.kind === 'offline'

/** An expert's page, where it came from, and how old the phone's copy is. */
export interface LoadedExpertPage {
  page: ExpertPage
  /** `summary`: not kept on the phone yet, drawn from the list (no biography, works or events). */
  source: ExpertsSource | 'summary'
  savedAt: string | null
}

/**
 * 科普专家库 for visitors. The list is fetched whole and filtered on the phone (expert-filter.ts),
 * so search and filters work the same with no signal; it and every expert's page are kept in
 * IndexedDB (local-db/experts.ts). Once the list has come from the server, the pages are saved
 * one after another in the background, so a visitor who opened the list once can open any expert
 * offline, events included.
 */
export const useExpertsStore = defineStore('experts', () => {
  const experts = shallowRef<ExpertSummary[] | null>(null)
  const source = ref<ExpertsSource | null>(null)
  const savedAt = ref<string | null>(null)
  const state = ref<'idle' | 'loading' | 'ready' | 'failed'>('idle')
  /** Kept across visits to an expert's page and back. */
  const filter = reactive<ExpertFilter>({ field: null, region: null, query: '' })
  /** Pages kept on the phone; null until counted. */
  const pagesSaved = ref<number | null>(null)
  let saving: Promise<void> | null = null

  async function load(): Promise<void> {
    if (state.value === 'loading') return
    state.value = 'loading'
    try {
      const list = (await expertsApi.list()).experts
      const at = new Date().toISOString()
      experts.value = list
      source.value = 'server'
      savedAt.value = at
      state.value = 'ready'
      await keepExpertList(list, at)
      void savePages(list)
    } catch (error) {
      const kept = await savedExpertList()
      if (kept) {
        experts.value = kept.experts
        source.value = 'device'
        savedAt.value = kept.savedAt
        state.value = 'ready'
        pagesSaved.value = (await expertPagesSavedAt()).size
      } else state.value = 'failed'
      if (!(error instanceof ApiRequestError)) throw error
    }
  }

  /** Saves every listed expert's page not saved within the hour; stops quietly when the network goes. */
  function savePages(list: readonly ExpertSummary[]): Promise<void> {
    saving ??= (async () => {
      try {
        const ids = new Set(list.map((e) => e.id))
        await dropExpertPagesExcept(ids)
        const kept = await expertPagesSavedAt()
        pagesSaved.value = kept.size
        const now = Date.now()
        for (const expert of list) {
          const at = kept.get(expert.id)
          if (at && now - Date.parse(at) < PAGE_REFRESH_MS) continue
          await keepExpertPage(await expertsApi.page(expert.id), new Date().toISOString())
          if (!at) pagesSaved.value = (pagesSaved.value ?? 0) + 1
        }
      } catch {
        // Offline, or an expert left the pool meanwhile: the next visit to the list carries on.
      } finally {
        saving = null
      }
    })()
    return saving
  }

  /** One expert's page: the server's, else the phone's copy, else what the list says. Null: unknown. */
  async function loadPage(id: string): Promise<LoadedExpertPage | null> {
    try {
      const page = await expertsApi.page(id)
      const at = new Date().toISOString()
      await keepExpertPage(page, at)
      return { page, source: 'server', savedAt: at }
    } catch (error) {
      if (error instanceof ApiRequestError && error.failure.kind === 'http' && error.failure.status === 404) return null
      if (!isOffline(error)) throw error
    }
    const kept = await savedExpertPage(id)
    if (kept) return { page: kept.page, source: 'device', savedAt: kept.savedAt }
    const summary = (experts.value ?? (await savedExpertList())?.experts ?? []).find((e) => e.id === id)
    return summary
      ? {
          page: { ...summary, bio: null, works: [], events: { upcoming: [], past: [] } },
          source: 'summary',
          savedAt: null,
        }
      : null
  }

  return { experts, source, savedAt, state, filter, pagesSaved, load, loadPage, savePages }
})
