import OpeningHours from 'opening_hours'

/**
 * Opening hours are written in OpenStreetMap `opening_hours` syntax and always mean China's wall
 * clock (Asia/Shanghai, UTC+8 all year, no daylight saving), whatever the phone's time zone.
 * The library evaluates in the runtime's local time, so we hand it a Date whose local fields
 * show Shanghai's wall time, and convert its answers back.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000
const nominatim = { lat: 35, lon: 105, address: { country_code: 'cn', state: '' } }

function toShanghaiWallClock(instant: Date): Date {
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS)
  return new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds())
}

function fromShanghaiWallClock(wall: Date): Date {
  return new Date(Date.UTC(wall.getFullYear(), wall.getMonth(), wall.getDate(), wall.getHours(), wall.getMinutes(), wall.getSeconds()) - SHANGHAI_OFFSET_MS)
}

/** Null when the value parses; otherwise the parser's reason (for the content build's error). */
export function openingHoursError(value: string): string | null {
  try {
    new OpeningHours(value, nominatim, 0)
    return null
  } catch (error) {
    return String(error).replace(/\s+/g, ' ').trim()
  }
}

export type OpeningState = 'open' | 'closed' | 'unknown'

export interface OpeningStatus {
  state: OpeningState
  /** When the state next changes (opens or closes), as a real instant; null if never within a year. */
  nextChange: Date | null
  /** `HH:MM` in Shanghai time of `nextChange`, for "opens at 09:00". */
  nextChangeLocal: string | null
}

export function openingStatus(value: string, now: Date = new Date()): OpeningStatus {
  let hours: OpeningHours
  try {
    hours = new OpeningHours(value, nominatim, 0)
  } catch {
    return { state: 'unknown', nextChange: null, nextChangeLocal: null }
  }
  const wall = toShanghaiWallClock(now)
  const state: OpeningState = hours.getUnknown(wall) ? 'unknown' : hours.getState(wall) ? 'open' : 'closed'
  const next = hours.getNextChange(wall)
  if (!next) return { state, nextChange: null, nextChangeLocal: null }
  const hhmm = `${String(next.getHours()).padStart(2, '0')}:${String(next.getMinutes()).padStart(2, '0')}`
  return { state, nextChange: fromShanghaiWallClock(next), nextChangeLocal: hhmm }
}
