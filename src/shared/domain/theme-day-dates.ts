import type { ThemeDay } from '../schemas/theme-day.ts'
import { addDays, daysInMonth, isoDate, nthWeekdayOfMonth, type IsoDate } from './calendar-date.ts'
import { byCodeUnit } from './compare.ts'

/**
 * Where an occurrence's dates come from:
 * - `rule`: computed from a fixed rule (fixed date, span, month, n-th weekday);
 * - `announced`: the organiser's published window for that year (stored in content);
 * - `expected`: the window moves every year and this year's has not been published, so only a
 *   day it is known to contain (or its usual date) is given; the UI must say "to be announced".
 */
export type OccurrenceSource = 'rule' | 'announced' | 'expected'

export interface ThemeDayOccurrence {
  themeDayId: string
  year: number
  start: IsoDate
  /** Inclusive. Equal to `start` for a single day. */
  end: IsoDate
  source: OccurrenceSource
}

/** The theme day's dates in `year`, or null before it was first observed. */
export function occurrenceInYear(themeDay: ThemeDay, year: number): ThemeDayOccurrence | null {
  if (year < themeDay.sinceYear) return null
  const make = (start: IsoDate, end: IsoDate, source: OccurrenceSource): ThemeDayOccurrence => ({
    themeDayId: themeDay.id,
    year,
    start,
    end,
    source,
  })
  const { rule } = themeDay
  switch (rule.type) {
    case 'fixed': {
      const date = isoDate(year, rule.month, rule.day)
      return make(date, date, 'rule')
    }
    case 'span': {
      const start = isoDate(year, rule.start.month, rule.start.day)
      return make(start, addDays(start, rule.days - 1), 'rule')
    }
    case 'month':
      return make(isoDate(year, rule.month, 1), isoDate(year, rule.month, daysInMonth(year, rule.month)), 'rule')
    case 'nth_weekday': {
      const date = nthWeekdayOfMonth(year, rule.month, rule.weekday, rule.n)
      return date ? make(date, date, 'rule') : null
    }
    case 'announced_annually': {
      const window = themeDay.windows[String(year)]
      if (window) {
        const [from, to = from] = window.split('..') as [string, string?]
        return make(`${year}-${from}`, `${year}-${to}`, 'announced')
      }
      // Never guess a moving window: give only the day it always contains, or its usual date.
      const anchor = rule.contains
        ? isoDate(year, rule.contains.month, rule.contains.day)
        : `${year}-${themeDay.sortKey}`
      return make(anchor, anchor, 'expected')
    }
  }
}

/** Every theme-day occurrence overlapping [from, to] (inclusive), ordered by start date. */
export function occurrencesBetween(themeDays: readonly ThemeDay[], from: IsoDate, to: IsoDate): ThemeDayOccurrence[] {
  const result: ThemeDayOccurrence[] = []
  for (let year = Number(from.slice(0, 4)) - 1; year <= Number(to.slice(0, 4)); year++) {
    for (const themeDay of themeDays) {
      const occurrence = occurrenceInYear(themeDay, year)
      if (occurrence && occurrence.end >= from && occurrence.start <= to) result.push(occurrence)
    }
  }
  return result.sort((a, b) => byCodeUnit(a.start, b.start) || byCodeUnit(a.themeDayId, b.themeDayId))
}

/** The next occurrence that has not ended by `today`, looking up to two years ahead. */
export function nextOccurrence(themeDay: ThemeDay, today: IsoDate): ThemeDayOccurrence | null {
  const year = Number(today.slice(0, 4))
  for (const y of [year, year + 1, year + 2]) {
    const occurrence = occurrenceInYear(themeDay, y)
    if (occurrence && occurrence.end >= today) return occurrence
  }
  return null
}
