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

const STATUS = {
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const

/**
 * Text fit for an iCalendar TEXT value before escaping: staff type titles and places, and a CR or
 * LF in one once wrote a whole extra VEVENT into the file. Line breaks become \n (the escape writes
 * them as the two characters `\n`), a tab a space; other controls (C0, DEL, C1), bidi overrides and
 * lone surrogates are dropped, so nothing the schemas let through can end a line, break the UTF-8
 * or reorder what a calendar app shows.
 */
export function icalPlainText(value: string): string {
  return value
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g, (c) => (c.length === 2 ? c : ''))
}

/** A TEXT value escaped per RFC 5545 §3.3.11: backslash, semicolon, comma and newline. */
export function icalText(value: string): string {
  return icalPlainText(value)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
}

/** RFC 5545 text of a calendar. Timed events are written in UTC, so no VTIMEZONE is needed. */
export function buildICalendar(
  entries: readonly CalendarEntry[],
  options: { name: string; refreshHours?: number },
): string {
  // ical-generator escapes SUMMARY, DESCRIPTION, LOCATION and CATEGORIES itself (the same
  // §3.3.11 rules), so those get only icalPlainText; it writes NAME and X-WR-CALNAME as given,
  // so the name is escaped here. Folding (75 octets, never inside a UTF-16 pair) is the library's.
  const calendar = ical({
    name: icalText(options.name),
    prodId: { company: 'ziran-kepu', product: 'calendar', language: 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: (options.refreshHours ?? 12) * 3600,
  })
  for (const entry of entries) {
    const event = calendar.createEvent({
      id: entry.uid,
      summary: icalPlainText(entry.summary),
      description: entry.description === undefined ? null : icalPlainText(entry.description),
      location: entry.location === undefined ? null : icalPlainText(entry.location),
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
    if (entry.categories) event.categories(entry.categories.map((name) => ({ name: icalPlainText(name) })))
    if (entry.alarmMinutesBefore !== undefined) {
      event.createAlarm({
        type: ICalAlarmType.display,
        triggerBefore: entry.alarmMinutesBefore * 60,
        description: icalPlainText(entry.summary),
      })
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
export function themeDayEntries(
  themeDays: readonly ThemeDay[],
  years: readonly number[],
  lastModified: Date,
): CalendarEntry[] {
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
