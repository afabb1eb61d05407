import type { ExpertRequestStatus } from '../schemas/expert.ts'
import { addDays, CHINA_UTC_OFFSET, chinaWallClock, type IsoDate } from './calendar-date.ts'

/** An instant range in milliseconds, end exclusive. */
export interface TimeSpan {
  start: number
  end: number
}

/**
 * When an expert is taken by a request: the event's time on the requested day (Asia/Shanghai).
 * A one-day event is its own time; a week-long exhibition only the asked day of it. When the
 * event was moved off that day since, the whole event counts, so a clash is never hidden.
 */
export function engagement(event: { start: string; end: string }, date: IsoDate): TimeSpan {
  const start = Date.parse(event.start)
  const end = Date.parse(event.end)
  const dayStart = Date.parse(`${date}T00:00:00${CHINA_UTC_OFFSET}`)
  const dayEnd = Date.parse(`${addDays(date, 1)}T00:00:00${CHINA_UTC_OFFSET}`)
  const span = { start: Math.max(start, dayStart), end: Math.min(end, dayEnd) }
  return span.start < span.end ? span : { start, end }
}

export interface ScheduleEntry {
  id: string
  status: ExpertRequestStatus
  span: TimeSpan
  /** A cancelled event takes no time. */
  cancelled?: boolean
}

/**
 * For each entry, the other entries it clashes with: live requests (requested or accepted) whose
 * times overlap, where at least one of the two was accepted. Two open requests for the same
 * afternoon are not a conflict yet: accepting one makes the other one show it.
 */
export function scheduleConflicts(entries: readonly ScheduleEntry[]): Map<string, string[]> {
  const live = entries
    .filter((e) => (e.status === 'requested' || e.status === 'accepted') && !e.cancelled)
    .sort((a, b) => a.span.start - b.span.start)
  const conflicts = new Map<string, string[]>(entries.map((e) => [e.id, []]))
  for (let i = 0; i < live.length; i++) {
    const a = live[i]!
    // Sorted by start: every later entry that starts before this one ends overlaps it.
    for (let j = i + 1; j < live.length && live[j]!.span.start < a.span.end; j++) {
      const b = live[j]!
      if (a.status !== 'accepted' && b.status !== 'accepted') continue
      conflicts.get(a.id)!.push(b.id)
      conflicts.get(b.id)!.push(a.id)
    }
  }
  return conflicts
}

/** The Asia/Shanghai days an event touches, first and last (its end instant itself excluded). */
export function eventDays(event: { start: string; end: string }): { first: IsoDate; last: IsoDate } {
  return { first: chinaWallClock(event.start).date, last: chinaWallClock(new Date(Date.parse(event.end) - 1)).date }
}
