import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { addDays, todayInChina } from '../../shared/domain/calendar-date.ts'
import { filterEvents, type EventBaseFacts } from '../../shared/domain/event-filter.ts'
import type { BaseCategory, EventAudience, PublicEvent } from '../../shared/index.ts'
import type { EventPlacesResponse } from '../../shared/schemas/squadron.ts'
import { apiRequest, ApiRequestError } from '../api/http.ts'
import { getValidated } from '../app/off-thread.ts'
import { useBasesStore } from '../bases/store/bases-store.ts'
import type { CachedEvents } from './events-schemas.ts'

/** Where the list on screen came from: the server just now, or the copy saved last time. */
export type EventsState = 'idle' | 'loading' | 'live' | 'saved' | 'failed'

const CACHE_KEY = 'zk.events-cache'
/** How far ahead the calendar tab looks (the server allows up to 400 days). */
export const EVENTS_AHEAD_DAYS = 180

/**
 * The saved copy, validated. Read only when the network fails or a detail screen asks, so its
 * schema (and Zod) load in the page only then: the live list is validated in the API worker.
 */
export async function readSavedEvents(): Promise<CachedEvents | null> {
  try {
    const { cachedEvents } = await import('./events-schemas.ts')
    const parsed = cachedEvents.safeParse(JSON.parse(localStorage.getItem(CACHE_KEY) ?? 'null'))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Civil date (Asia/Shanghai) an event starts on: its place in the month grid and the agenda. */
export function eventDay(event: Pick<PublicEvent, 'start'>): string {
  return todayInChina(new Date(event.start))
}

/**
 * Base events for the 日历 tab. The last list loaded is kept in localStorage with its fetch time,
 * so a visitor at a base with no signal still sees the programme, and is told how old it is.
 */
export const useEventsStore = defineStore('events', () => {
  const events = ref<PublicEvent[] | null>(null)
  const fetchedAt = ref<string | null>(null)
  const state = ref<EventsState>('idle')
  const themeDayId = ref<string | null>(null)
  const audience = ref<EventAudience | null>(null)
  /** Category of the event's base. */
  const category = ref<BaseCategory | null>(null)
  /** "Near me": only events at bases within this many km of the bases tab's origin (GPS or a picked city). */
  const nearKm = ref<number | null>(null)

  function publish(list: PublicEvent[]): void {
    events.value = list
    // The 地图 tab's "has upcoming events" filter reads this.
    useBasesStore().basesWithEvents = new Set(list.filter((e) => eventDay(e) >= todayInChina()).map((e) => e.base.id))
  }

  async function load(): Promise<void> {
    if (state.value === 'loading') return
    state.value = 'loading'
    const from = todayInChina()
    try {
      const body = await getValidated(
        `/api/events?from=${from}&to=${addDays(from, EVENTS_AHEAD_DAYS)}`,
        'eventsResponse',
      )
      fetchedAt.value = new Date().toISOString()
      publish(body.events)
      state.value = 'live'
      try {
        localStorage.setItem(
          CACHE_KEY,
          JSON.stringify({ fetchedAt: fetchedAt.value, events: body.events } satisfies CachedEvents),
        )
      } catch {
        // Storage full or blocked (private mode): the list on screen is still right.
      }
    } catch (error) {
      const saved = await readSavedEvents()
      if (saved) {
        fetchedAt.value = saved.fetchedAt
        publish(saved.events)
        state.value = 'saved'
      } else {
        state.value = 'failed'
      }
      if (!(error instanceof ApiRequestError)) throw error
    }
  }

  /** One event: from the loaded list when there, else from the server. Null when unknown. */
  async function loadOne(id: string): Promise<PublicEvent | null> {
    const known = events.value?.find((e) => e.id === id) ?? (await readSavedEvents())?.events.find((e) => e.id === id)
    if (known) return known
    try {
      return await getValidated(`/api/events/${encodeURIComponent(id)}`, 'publicEvent')
    } catch (error) {
      if (error instanceof ApiRequestError) return null
      throw error
    }
  }

  /**
   * A base's upcoming events (its own page): from the server, else from the calendar's saved copy,
   * so a visitor at the gate with no signal still sees what is on. Null when neither is there.
   */
  async function loadForBase(baseId: string): Promise<PublicEvent[] | null> {
    const from = todayInChina()
    try {
      const body = await getValidated(
        `/api/events?baseId=${encodeURIComponent(baseId)}&from=${from}&to=${addDays(from, EVENTS_AHEAD_DAYS)}`,
        'eventsResponse',
      )
      return body.events
    } catch (error) {
      if (!(error instanceof ApiRequestError)) throw error
      const saved = events.value ?? (await readSavedEvents())?.events
      return saved ? saved.filter((e) => e.base.id === baseId && eventDay(e) >= from) : null
    }
  }

  /** Places left and the waitlist of an event squadrons can book (null: not bookable online). */
  async function loadPlaces(id: string): Promise<EventPlacesResponse['places']> {
    const { eventPlacesResponse } = await import('../../shared/schemas/squadron.ts')
    return (await apiRequest(`/api/events/${encodeURIComponent(id)}/places`, { response: eventPlacesResponse })).places
  }

  const bases = useBasesStore()
  const baseFacts = computed(
    () => new Map<string, EventBaseFacts>(bases.all.map((b) => [b.id, { category: b.category, location: b.location }])),
  )

  /** The loaded events that pass the filters, by start. "Near me" applies only once there is an origin. */
  const filtered = computed(() => {
    const origin = bases.origin?.position
    return filterEvents(
      events.value ?? [],
      {
        themeDayId: themeDayId.value,
        audience: audience.value,
        category: category.value,
        near: nearKm.value !== null && origin ? { origin, km: nearKm.value } : null,
      },
      baseFacts.value,
    )
  })

  return {
    events,
    fetchedAt,
    state,
    themeDayId,
    audience,
    category,
    nearKm,
    filtered,
    load,
    loadOne,
    loadForBase,
    loadPlaces,
  }
})

/** The subscribable feed, as https and as webcal:// (which opens the phone's calendar app). */
export function feedUrls(origin: string): { https: string; webcal: string } {
  const https = `${origin}/api/calendar.ics`
  return { https, webcal: https.replace(/^https?:/, 'webcal:') }
}

/** The .ics download of one event (加入日历). */
export const eventIcsUrl = (id: string) => `/api/events/${encodeURIComponent(id)}.ics`
