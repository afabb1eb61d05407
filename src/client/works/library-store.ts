import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type { WorkSummary } from '../../shared/index.ts'
import type { WorkState } from '../local-db/local-db.ts'
import { readStorageStatus, requestPersistentStorage } from '../app/storage-status.ts'
import { ask } from '../app/off-thread.ts'
import { canSaveOffline, deleteSavedWork, saveWorkOffline, worksDb, SaveWorkError } from './offline-works.ts'
import { byCodeUnit } from '../../shared/domain/compare.ts'

export interface SaveJob {
  received: number
  total: number
  controller: AbortController
}

/** Reading further than this (or playing to within 5 s of the end) counts as finished. */
const FINISHED_FRACTION = 0.95
/** Below this nothing is worth "continuing". */
const STARTED_FRACTION = 0.03
const STARTED_SECONDS = 5

/**
 * The visitor's own library: favourites, where they got to in each work, and what is saved for
 * offline. Everything lives in IndexedDB on the device (it survives app updates) and never leaves it.
 */
export const useLibraryStore = defineStore('library', () => {
  const states = shallowRef(new Map<string, WorkState>())
  const saved = shallowRef(new Map<string, { bytes: number; savedAt: string }>())
  const jobs = ref<Record<string, SaveJob>>({})
  /** Last save error per work, as an i18n key under works.save.error. */
  const saveErrors = ref<Record<string, SaveWorkError['kind']>>({})
  let loading: Promise<void> | null = null

  function load(): Promise<void> {
    loading ??= (async () => {
      // Read in the API worker: the tab's first screen draws without Dexie on the main thread.
      const library = await ask({ kind: 'library' })
      if (library.kind !== 'library')
        throw new Error(library.kind === 'error' ? library.message : `unexpected reply ${library.kind}`)
      states.value = new Map(library.states.map((r) => [r.workId, r]))
      saved.value = new Map(library.saved.map((r) => [r.workId, { bytes: r.bytes, savedAt: r.savedAt }]))
    })()
    return loading
  }

  async function patch(workId: string, change: Partial<WorkState>): Promise<void> {
    await load()
    const next: WorkState = {
      ...(states.value.get(workId) ?? { workId, openedAt: new Date().toISOString() }),
      ...change,
      workId,
    }
    states.value.set(workId, next)
    triggerRef(states)
    await (await worksDb()).putWorkState(next)
  }

  const isFavourite = (workId: string) => Boolean(states.value.get(workId)?.favouritedAt)
  const favouriteIds = computed(() =>
    [...states.value.values()]
      .filter((s) => s.favouritedAt)
      .sort((a, b) => byCodeUnit(b.favouritedAt!, a.favouritedAt!))
      .map((s) => s.workId),
  )
  /** Started, not finished, most recently opened first. */
  const continueIds = computed(() =>
    [...states.value.values()]
      .filter(
        (s) =>
          !s.finished && ((s.readFraction ?? 0) >= STARTED_FRACTION || (s.playbackSeconds ?? 0) >= STARTED_SECONDS),
      )
      .sort((a, b) => byCodeUnit(b.openedAt, a.openedAt))
      .map((s) => s.workId),
  )

  async function toggleFavourite(workId: string): Promise<void> {
    const { favouritedAt: _, ...rest } = states.value.get(workId) ?? { workId, openedAt: new Date().toISOString() }
    if (isFavourite(workId)) {
      states.value.set(workId, rest)
      triggerRef(states)
      await (await worksDb()).putWorkState(rest)
    } else {
      await patch(workId, { favouritedAt: new Date().toISOString() })
    }
  }

  const opened = (workId: string) => patch(workId, { openedAt: new Date().toISOString() })
  const recordReading = (workId: string, fraction: number) => {
    const f = Math.min(1, Math.max(0, fraction))
    return patch(workId, { readFraction: f, finished: f >= FINISHED_FRACTION })
  }
  const recordPlayback = (workId: string, playbackSeconds: number, durationS: number) =>
    patch(workId, { playbackSeconds, finished: durationS > 0 && playbackSeconds >= durationS - 5 })

  async function save(work: WorkSummary): Promise<boolean> {
    if (!canSaveOffline(work) || jobs.value[work.id]) return false
    const controller = new AbortController()
    jobs.value[work.id] = { received: 0, total: work.mediaBytes ?? 0, controller }
    delete saveErrors.value[work.id]
    try {
      const result = await saveWorkOffline(work, {
        signal: controller.signal,
        onProgress: (p) => {
          const job = jobs.value[work.id]
          if (job) {
            job.received = p.received
            job.total = p.total
          }
        },
      })
      saved.value.set(work.id, { bytes: result.bytes, savedAt: result.savedAt })
      triggerRef(saved)
      // Someone who keeps media for a trip wants it kept: ask the browser not to evict it
      // (Safari clears script-written storage after 7 days of non-use otherwise).
      void requestPersistentStorage()
      return true
    } catch (error) {
      if (!(error instanceof SaveWorkError)) throw error
      if (error.kind !== 'aborted') saveErrors.value[work.id] = error.kind
      return false
    } finally {
      delete jobs.value[work.id]
    }
  }

  /** Saves several works one after another (a whole topic); stops when one is cancelled or fails. */
  async function saveAll(works: readonly WorkSummary[]): Promise<number> {
    let done = 0
    for (const work of works) {
      if (saved.value.has(work.id) || !canSaveOffline(work)) continue
      if (!(await save(work))) break
      done++
    }
    return done
  }

  function cancel(workId: string): void {
    jobs.value[workId]?.controller.abort()
  }

  async function remove(workId: string): Promise<void> {
    await deleteSavedWork(workId)
    saved.value.delete(workId)
    triggerRef(saved)
    await readStorageStatus()
  }

  const savedBytes = computed(() => [...saved.value.values()].reduce((n, s) => n + s.bytes, 0))

  return {
    states,
    saved,
    jobs,
    saveErrors,
    savedBytes,
    favouriteIds,
    continueIds,
    load,
    isFavourite,
    toggleFavourite,
    opened,
    recordReading,
    recordPlayback,
    save,
    saveAll,
    cancel,
    remove,
  }
})
