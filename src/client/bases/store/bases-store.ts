import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { inChinaBbox } from '../../../shared/constants.ts'
import type { BaseCategory, BuiltBase } from '../../../shared/index.ts'
import { matchesBaseQuery } from '../../../shared/domain/base-search.ts'
import { NearestIndex, type LatLon } from '../../../shared/domain/geo.ts'
import type { openingStatus } from '../../../shared/domain/opening-hours.ts'
import { placesFromBases, type Place } from '../../../shared/domain/places.ts'
import type { Bbox } from '../../../shared/domain/tile-math.ts'
import { ask } from '../../app/off-thread.ts'
import { useContentStore } from '../../content/content-store.ts'
import type { KeptBase } from '../bases-feed.ts'
import { locateOnce } from './geolocation.ts'

/** Where distances are measured from, and how we got it (the UI always says which). */
export type Origin =
  { source: 'gps'; position: LatLon; accuracyM: number } | { source: 'place'; position: LatLon; place: Place }

export type LocateState = 'idle' | 'locating' | 'ok' | 'denied' | 'unavailable' | 'unsupported' | 'far'

export interface BaseFilters {
  categories: BaseCategory[]
  province: string | null
  openNow: boolean
  hasUpcomingEvents: boolean
  accessible: boolean
}

export type { Bbox }

/** Beyond this, "near me" is not near: offer a province or city instead. */
export const FAR_KM = 300

/**
 * Bases for the 地图 tab: one filtered list feeds both the map and the list, ordered
 * nearest-first through a spatial index built once (never a sort of everything on each move).
 */
export const useBasesStore = defineStore('bases', () => {
  const content = useContentStore()
  /**
   * Bases as the server last sent them, kept on the phone (bases/bases-feed.ts): the pages opened
   * and the bases of saved areas. They replace the shipped copies, which may be a release old.
   */
  const kept = shallowRef<ReadonlyMap<string, KeptBase>>(new Map())
  /** Bases the server no longer lists (withdrawn, or gone from the content): hidden from list and map. */
  const removed = shallowRef<ReadonlySet<string>>(new Set())
  const all = computed<readonly BuiltBase[]>(() => {
    const shipped = content.bases ?? []
    if (kept.value.size === 0 && removed.value.size === 0) return shipped
    const merged = shipped.map((base) => kept.value.get(base.id)?.base ?? base)
    const shippedIds = new Set(shipped.map((base) => base.id))
    for (const [id, copy] of kept.value) if (!shippedIds.has(id)) merged.push(copy.base)
    return removed.value.size === 0 ? merged : merged.filter((base) => !removed.value.has(base.id))
  })
  const index = shallowRef<NearestIndex<LatLon & { base: BuiltBase }> | null>(null)
  watch(
    all,
    (bases) => {
      index.value = new NearestIndex(bases.map((base) => ({ lat: base.location.lat, lon: base.location.lon, base })))
    },
    { immediate: true },
  )

  const query = ref('')
  const filters = reactive<BaseFilters>({
    categories: [],
    province: null,
    openNow: false,
    hasUpcomingEvents: false,
    accessible: false,
  })
  const origin = ref<Origin | null>(null)
  const locateState = ref<LocateState>('idle')
  /** "Search this area": when set, only bases inside it are listed. */
  const area = ref<Bbox | null>(null)
  /** Base ids with upcoming events; the calendar's events store (calendar/events-store.ts) sets it on each load. */
  const basesWithEvents = ref<ReadonlySet<string>>(new Set())
  const now = ref(new Date())

  const places = computed(() => placesFromBases(all.value))

  // opening_hours carries holiday tables for every country, far more than the first screen should
  // parse, so it loads the first time someone asks for "open now".
  const openingStatusOf = shallowRef<typeof openingStatus | null>(null)
  watch(
    () => filters.openNow,
    (wanted) => {
      if (wanted && !openingStatusOf.value)
        void import('../../../shared/domain/opening-hours.ts').then((m) => {
          openingStatusOf.value = m.openingStatus
        })
    },
    { immediate: true },
  )

  function passes(base: BuiltBase): boolean {
    if (filters.categories.length && !filters.categories.includes(base.category)) return false
    if (filters.province && base.province !== filters.province) return false
    if (filters.accessible && !base.accessibility) return false
    if (filters.hasUpcomingEvents && !basesWithEvents.value.has(base.id)) return false
    if (filters.openNow) {
      const status = openingStatusOf.value // null while it loads: nothing is known to be open yet
      if (!status || !base.openingHours || status(base.openingHours, now.value).state !== 'open') return false
    }
    if (area.value) {
      const { lat, lon } = base.location
      const a = area.value
      if (lat < a.south || lat > a.north || lon < a.west || lon > a.east) return false
    }
    return matchesBaseQuery(base, query.value)
  }

  /** The filtered bases with their distance from the origin, nearest first when there is one. */
  const results = computed<{ base: BuiltBase; km: number | null }[]>(() => {
    const from = origin.value?.position
    if (from && index.value) {
      return index.value
        .nearest(from, all.value.length, { filter: (item) => passes(item.base) })
        .map(({ item, km }) => ({ base: item.base, km }))
    }
    return all.value.filter(passes).map((base) => ({ base, km: null }))
  })

  /**
   * The same filtered bases in content order, for the map: where the user is changes the list's
   * order but not what the map draws, and with no filter the map can use the shipped clusters.
   */
  const mapBases = computed<readonly BuiltBase[]>(() => {
    const kept = all.value.filter(passes)
    return kept.length === all.value.length ? all.value : kept
  })

  const activeFilterCount = computed(
    () =>
      filters.categories.length +
      (filters.province ? 1 : 0) +
      Number(filters.openNow) +
      Number(filters.hasUpcomingEvents) +
      Number(filters.accessible),
  )

  function resetFilters(): void {
    Object.assign(filters, {
      categories: [],
      province: null,
      openNow: false,
      hasUpcomingEvents: false,
      accessible: false,
    })
    area.value = null
    query.value = ''
  }

  async function locate(): Promise<void> {
    locateState.value = 'locating'
    const result = await locateOnce()
    if (result.kind !== 'ok') {
      locateState.value = result.kind
      return
    }
    // The content schema's China bounds decide "in China", so the two can never disagree.
    const inChina = inChinaBbox(result.position)
    const nearestKm = index.value?.nearest(result.position, 1)[0]?.km ?? Infinity
    origin.value = { source: 'gps', position: result.position, accuracyM: result.accuracyM }
    locateState.value = inChina && nearestKm <= FAR_KM ? 'ok' : 'far'
  }

  function usePlace(place: Place): void {
    origin.value = { source: 'place', position: { lat: place.lat, lon: place.lon }, place }
    locateState.value = 'idle'
  }

  function refreshClock(): void {
    now.value = new Date()
  }

  /** A base page's fresh copy (or the kept one) joins the list and the map. */
  function keep(copy: KeptBase): void {
    const next = new Map(kept.value)
    next.set(copy.base.id, copy)
    kept.value = next
  }
  function keepAll(copies: KeptBase[], gone: readonly string[]): void {
    kept.value = new Map(copies.map((copy) => [copy.base.id, copy]))
    if (gone.length > 0 || removed.value.size > 0) removed.value = new Set(gone)
  }

  let refreshing: Promise<void> | null = null
  /** Takes the server's base changes and refreshes the kept copies (bases-feed.ts); offline, shows the kept copies. */
  function refreshKept(): Promise<void> {
    refreshing ??= (async () => {
      try {
        const reply = await ask({ kind: 'bases-refresh' })
        if (reply.kind === 'bases-kept') return keepAll(reply.bases, reply.removed)
        const saved = await ask({ kind: 'bases-kept' })
        if (saved.kind === 'bases-kept') keepAll(saved.bases, saved.removed)
      } finally {
        refreshing = null
      }
    })()
    return refreshing
  }

  let started = false
  /** When the app opens, returns to the foreground or reconnects: once per app (app/AppShell.vue). */
  function startAutoRefresh(): void {
    if (started || typeof window === 'undefined') return
    started = true
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void refreshKept()
    })
    window.addEventListener('online', () => void refreshKept())
    void refreshKept()
  }

  return {
    all,
    query,
    filters,
    origin,
    locateState,
    area,
    basesWithEvents,
    places,
    results,
    mapBases,
    activeFilterCount,
    resetFilters,
    locate,
    usePlace,
    refreshClock,
    kept,
    keep,
    refreshKept,
    startAutoRefresh,
  }
})
