import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator'
import type { ThemeDay } from '../schemas/theme-day.ts'
import { addDays, type IsoDate } from './calendar-date.ts'
import { occurrenceInYear } from './theme-day-dates.ts'

/** One entry of an iCalendar file: an all-day span of civil dates, or a timed event. */
export interface CalendarEntry {
  /** Stable across updates, so a subscribed calendar replaces the entry instead of adding one. */
  uid: string
  summary: string
  description?: string
  location?: string
  url?: string
  /** All-day entries give dates (`end` inclusive); timed ones give instants. */
  when: { allDay: true; start: IsoDate; end: IsoDate } | { allDay: false; start: Date; end: Date }
  status: 'confirmed' | 'tentative' | 'cancelled'
  /** Bumped on every change (RFC 5545 SEQUENCE), so clients accept the newer version. */
  sequence: number
  lastModified: Date
  categories?: string[]
  /** A display alarm (VALARM) this many minutes before the start: the phone's calendar reminds. */
  alarmMinutesBefore?: number
}

export const CALENDAR_UID_DOMAIN = 'ziran-kepu.cn'

const STATUS = { confirmed: ICalEventStatus.CONFIRMED, tentative: ICalEventStatus.TENTATIVE, cancelled: ICalEventStatus.CANCELLED } as const

/** RFC 5545 text of a calendar. Timed events are written in UTC, so no VTIMEZONE is needed. */
export function buildICalendar(entries: readonly CalendarEntry[], options: { name: string; refreshHours?: number }): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'ziran-kepu', product: 'calendar', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: (options.refreshHours ?? 12) * 3600,
  })
  for (const entry of entries) {
    const event = calendar.createEvent({
      id: entry.uid,
      summary: entry.summary,
      description: entry.description ?? null,
      location: entry.location ?? null,
      url: entry.url ?? null,
      sequence: entry.sequence,
      status: STATUS[entry.status],
      stamp: entry.lastModified,
      lastModified: entry.lastModified,
      ...(entry.when.allDay
        ? {
            allDay: true,
            // All-day DTEND is exclusive in iCalendar: the day after the last day.
            start: dateOnly(entry.when.start),
            end: dateOnly(addDays(entry.when.end, 1)),
          }
        : { start: entry.when.start, end: entry.when.end }),
    })
    if (entry.categories) event.categories(entry.categories.map((name) => ({ name })))
    if (entry.alarmMinutesBefore !== undefined) {
      event.createAlarm({ type: ICalAlarmType.display, triggerBefore: entry.alarmMinutesBefore * 60, description: entry.summary })
    }
  }
  return calendar.toString()
}

/** A Date at UTC midnight; ical-generator writes all-day values from its UTC date. */
function dateOnly(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`)
}

/**
 * Theme days of the given years as calendar entries. A window not yet announced is written as
 * TENTATIVE on the one day it is known to contain, and says so; when it is announced the same UID
 * comes back with the real dates and a higher SEQUENCE.
 */
export function themeDayEntries(themeDays: readonly ThemeDay[], years: readonly number[], lastModified: Date): CalendarEntry[] {
  const entries: CalendarEntry[] = []
  for (const year of years) {
    for (const themeDay of themeDays) {
      const occurrence = occurrenceInYear(themeDay, year)
      if (!occurrence) continue
      const expected = occurrence.source === 'expected'
      entries.push({
        uid: `theme-day-${themeDay.id}-${year}@${CALENDAR_UID_DOMAIN}`,
        summary: expected ? `${themeDay.name.zh}（具体日期待公布）` : themeDay.name.zh,
        description: [themeDay.description.zh ?? themeDay.description.en, themeDay.name.en].join('\n'),
        when: { allDay: true, start: occurrence.start, end: occurrence.end },
        status: expected ? 'tentative' : 'confirmed',
        sequence: occurrence.source === 'announced' ? 1 : 0,
        lastModified,
        categories: ['主题日'],
      })
    }
  }
  return entries
}
