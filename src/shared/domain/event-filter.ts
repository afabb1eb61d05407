import type { BaseCategory } from '../schemas/base.ts'
import type { PublicEvent } from '../schemas/events.ts'
import type { EventAudience } from '../schemas/sync.ts'
import { distanceKm, type LatLon } from './geo.ts'

/** Radii the calendar's "near me" filter offers, in kilometres. */
export const NEAR_RADII_KM = [50, 100, 300] as const

/** What the 日历 tab filters base events by; null means "any". */
export interface EventFilter {
  themeDayId: string | null
  audience: EventAudience | null
  /** Category of the base the event happens at (geopark, museum…). */
  category: BaseCategory | null
  /** Only events at bases within `km` of `origin`. */
  near: { origin: LatLon; km: number } | null
}

/** What the filter needs to know about a base; events name their base by id only. */
export interface EventBaseFacts {
  category: BaseCategory
  location: LatLon
}

/**
 * The events that pass every filter, in their given order. An event whose base is unknown
 * (removed from content since) passes no base filter rather than being guessed at.
 */
export function filterEvents<E extends Pick<PublicEvent, 'themeDayId' | 'audience' | 'base'>>(
  events: readonly E[],
  filter: EventFilter,
  bases: ReadonlyMap<string, EventBaseFacts>,
): E[] {
  return events.filter((event) => {
    if (filter.themeDayId && event.themeDayId !== filter.themeDayId) return false
    if (filter.audience && event.audience !== filter.audience) return false
    if (!filter.category && !filter.near) return true
    const base = bases.get(event.base.id)
    if (!base) return false
    if (filter.category && base.category !== filter.category) return false
    if (filter.near && distanceKm(filter.near.origin, base.location) > filter.near.km) return false
    return true
  })
}
