import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  noticeRevision,
  noticeThreads,
  threadApplies,
  type NoticeThread,
} from '../../../shared/domain/notice-targeting.ts'
import type { Notice, NoticeCreated, NoticeInput } from '../../../shared/index.ts'
import { apiRequest } from '../../api/http.ts'
import { ask } from '../../app/off-thread.ts'
import { locateOnce } from '../../bases/store/geolocation.ts'
import { NO_AREAS, readAreas, readDismissed, writeAreas, writeDismissed, type NoticeAreas } from './notice-areas.ts'

/** Where the list on screen came from: the server just now, or the copy saved on the device. */
export type NoticesState = 'idle' | 'loading' | 'live' | 'saved' | 'failed'

const FETCHED_AT_KEY = 'zk.notices-fetched-at'
/** The answer to issuing a notice (admin only), validated with a schema loaded when first needed. */
const createdSchema = () => import('../../../shared/schemas/notice.ts').then((m) => m.noticeCreated)
/** Expiry is checked against this clock, ticking each minute, so an expired banner leaves by itself. */
const CLOCK_MS = 60_000

/**
 * Emergency notices for the banner and the 通知 tab. Push cannot be relied on in China, so the
 * list is fetched whenever the app opens, comes back to the foreground or regains the network;
 * the last list is kept in IndexedDB (local-db v4), so notices and their guides open offline.
 */
export const useNoticesStore = defineStore('notices', () => {
  const notices = shallowRef<Notice[]>([])
  const state = ref<NoticesState>('idle')
  const fetchedAt = ref<string | null>(null)
  const areas = ref<NoticeAreas>(NO_AREAS)
  const dismissed = ref<string[]>([])
  let areasChosenMeanwhile = false
  /** Resolves once the saved areas and dismissals are in (a moment after the store starts). */
  const ready = Promise.all([
    readAreas().then(
      (saved) => {
        if (!areasChosenMeanwhile) areas.value = saved
      },
      () => undefined,
    ),
    readDismissed().then(
      (saved) => {
        dismissed.value = [...new Set([...saved, ...dismissed.value])]
      },
      () => undefined,
    ),
  ])
  const now = ref(new Date())

  /** Threads (Alert → Update → Cancel folded) of the visitor's areas; all of them while none are chosen. */
  const threads = computed(() => {
    const all = noticeThreads(notices.value, now.value)
    const a = areas.value
    const chosen = a.provinces.length > 0 || (a.useLocation && a.position !== null)
    const mine = (t: NoticeThread) =>
      !chosen || threadApplies(t, { provinces: a.provinces, position: a.useLocation ? a.position : null })
    return { current: all.current.filter(mine), history: all.history.filter(mine), chosen }
  })
  /** The banner: current alerts of the visitor's chosen areas, not dismissed in this revision. */
  const banner = computed(() =>
    threads.value.chosen
      ? // Exercises, tests and drafts are listed in the tab with their status, never raised as a banner.
        threads.value.current.filter(
          (t) =>
            t.state === 'current' &&
            t.latest.status === 'Actual' &&
            !dismissed.value.includes(noticeRevision(t.latest)),
        )
      : [],
  )

  async function loadSaved(): Promise<boolean> {
    const reply = await ask({ kind: 'saved' })
    if (reply.kind !== 'saved' || (reply.notices === null && !localStorage.getItem(FETCHED_AT_KEY))) return false
    // The server answered meanwhile: its list is newer than the saved one.
    if (state.value === 'live') return true
    notices.value = reply.notices ?? []
    fetchedAt.value = localStorage.getItem(FETCHED_AT_KEY)
    return true
  }

  let inFlight: Promise<void> | null = null
  /**
   * Fetches the list (at most one request at a time; the work runs in the API worker) and keeps
   * it on the device; on failure shows the saved copy.
   */
  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      state.value = 'loading'
      now.value = new Date()
      try {
        const reply = await ask({ kind: 'refresh' })
        if (reply.kind === 'live') {
          notices.value = reply.notices
          fetchedAt.value = new Date().toISOString()
          state.value = 'live'
          if (reply.stored) {
            try {
              localStorage.setItem(FETCHED_AT_KEY, fetchedAt.value)
            } catch {
              /* storage blocked */
            }
          }
          return
        }
        state.value = notices.value.length > 0 || (await loadSaved()) ? 'saved' : 'failed'
        if (reply.kind === 'error') throw new Error(reply.message)
      } finally {
        inFlight = null
      }
    })()
    return inFlight
  }

  let stop: (() => void) | null = null
  /** Refresh now, on return to the foreground and on reconnect; tick the expiry clock. Once per app. */
  function startAutoRefresh(): void {
    if (stop || typeof window === 'undefined') return
    const listening = new AbortController()
    document.addEventListener(
      'visibilitychange',
      () => {
        if (document.visibilityState === 'visible') void refresh()
      },
      { signal: listening.signal },
    )
    window.addEventListener(
      'online',
      () => {
        void refresh()
      },
      { signal: listening.signal },
    )
    const clock = setInterval(() => {
      now.value = new Date()
    }, CLOCK_MS)
    stop = () => {
      listening.abort()
      clearInterval(clock)
      stop = null
    }
    // The saved copy shows at once (a slow network should not leave the banner empty); the fetch replaces it.
    void loadSaved()
    void refresh()
  }
  const stopAutoRefresh = () => stop?.()

  /** One notice, from the list or the saved copy, else the server. Null when unknown. */
  async function loadOne(id: string): Promise<Notice | null> {
    // Opened straight from a link or a push: the list (being fetched, or fetched now: the banner
    // that starts the refresh loads after the first screen) may hold it.
    if (!inFlight && state.value === 'idle') void refresh().catch(() => null)
    if (inFlight) await inFlight.catch(() => null)
    const known = notices.value.find((n) => n.id === id)
    if (known) return known
    // The saved copy, else the server; null when neither knows it.
    const reply = await ask({ kind: 'one', id })
    if (reply.kind === 'one') return reply.notice
    if (reply.kind === 'error') throw new Error(reply.message)
    return null
  }

  function setAreas(next: NoticeAreas): void {
    areasChosenMeanwhile = true
    areas.value = next
    writeAreas(next)
  }

  function toggleProvince(code: string): void {
    const provinces = areas.value.provinces.includes(code)
      ? areas.value.provinces.filter((p) => p !== code)
      : [...areas.value.provinces, code]
    setAreas({ ...areas.value, provinces })
  }

  /** Asks for the position once; the answer explains a refusal instead of failing silently. */
  async function useMyLocation(): Promise<'ok' | 'denied' | 'unavailable' | 'unsupported'> {
    const result = await locateOnce()
    if (result.kind !== 'ok') return result.kind
    setAreas({ ...areas.value, useLocation: true, position: result.position })
    return 'ok'
  }
  const stopUsingLocation = () => setAreas({ ...areas.value, useLocation: false, position: null })

  function dismiss(n: Notice): void {
    dismissed.value = [...dismissed.value, noticeRevision(n)]
    // Written once the saved list is in, so an early dismissal does not overwrite older ones.
    void ready.then(() => {
      writeDismissed(dismissed.value)
    })
  }

  /** Admin: issue a notice (Alert, Update or Cancel) and show it at once. */
  async function issue(input: NoticeInput): Promise<NoticeCreated> {
    const created = await apiRequest('/api/notices', { method: 'POST', body: input, response: createdSchema() })
    await refresh()
    return created
  }

  /** Admin: import one CAP 1.2 document; a 400 carries the list of what to fix. */
  async function importCap(xml: string): Promise<NoticeCreated> {
    const created = await apiRequest('/api/notices/cap', {
      method: 'POST',
      rawBody: { contentType: 'application/cap+xml', text: xml },
      response: createdSchema(),
    })
    await refresh()
    return created
  }

  return {
    ready,
    issue,
    importCap,
    notices,
    state,
    fetchedAt,
    areas,
    threads,
    banner,
    refresh,
    startAutoRefresh,
    stopAutoRefresh,
    loadOne,
    toggleProvince,
    setAreas,
    useMyLocation,
    stopUsingLocation,
    dismiss,
  }
})
