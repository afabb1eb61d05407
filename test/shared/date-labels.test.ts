import { describe, expect, it } from 'vitest'
import { addDays } from '../../src/shared/domain/calendar-date.ts'
import {
  chinaDateTimeLabel,
  chinaDayLabel,
  chinaTimeLabel,
  dayLabel,
  monthLabel,
  weekdayNarrowLabels,
} from '../../src/shared/domain/date-labels.ts'

// The labels replace Intl.DateTimeFormat on the calendar's and notices' first screens; they must
// read exactly as Intl's did, in both of the app's languages, on every day (leap days, year ends).
const LOCALES = ['zh-CN', 'en'] as const
const intl = (locale: string, options: Intl.DateTimeFormatOptions, date: Date) =>
  new Intl.DateTimeFormat(locale, options).format(date)
const days = Array.from({ length: 366 * 4 + 1 }, (_, i) => addDays('2026-01-01', i - 366 * 2))

describe('date labels, compared with Intl.DateTimeFormat', () => {
  it.each(LOCALES)('month titles read as Intl writes them (%s)', (locale) => {
    for (let year = 2024; year <= 2028; year++) {
      for (let m = 1; m <= 12; m++) {
        const month = `${String(year)}-${String(m).padStart(2, '0')}`
        expect(monthLabel(locale, month)).toBe(
          intl(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }, new Date(`${month}-01T00:00:00Z`)),
        )
      }
    }
  })

  it.each(LOCALES)('weekday initials start on Monday (%s)', (locale) => {
    const monday = new Date('2024-01-01T00:00:00Z')
    const expected = Array.from({ length: 7 }, (_, i) =>
      intl(locale, { weekday: 'narrow', timeZone: 'UTC' }, new Date(monday.getTime() + i * 86_400_000)),
    )
    expect(weekdayNarrowLabels(locale)).toEqual(expected)
  })

  it.each(LOCALES)('day labels, long and short, on every day of four years (%s)', (locale) => {
    for (const day of days) {
      const date = new Date(`${day}T00:00:00Z`)
      expect(dayLabel(locale, day, 'long')).toBe(
        intl(locale, { month: 'long', day: 'numeric', weekday: 'long', timeZone: 'UTC' }, date),
      )
      expect(dayLabel(locale, day, 'short')).toBe(
        intl(locale, { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'UTC' }, date),
      )
    }
  })

  it.each(LOCALES)('times in China, across midnight there and in UTC (%s)', (locale) => {
    const zone = 'Asia/Shanghai'
    for (const day of days.filter((_, i) => i % 7 === 0)) {
      for (const time of ['00:00', '07:59', '15:30', '16:00', '23:59']) {
        const iso = `${day}T${time}:00.000Z`
        const at = new Date(iso)
        expect(chinaTimeLabel(iso)).toBe(
          intl(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, at),
        )
        expect(chinaDayLabel(locale, iso)).toBe(
          intl(locale, { timeZone: zone, month: 'long', day: 'numeric', weekday: 'short' }, at),
        )
        expect(chinaDateTimeLabel(locale, iso)).toBe(
          intl(
            locale,
            { timeZone: zone, month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
            at,
          ),
        )
      }
    }
  })

  it('an instant late in the UTC day is already the next day in China', () => {
    expect(chinaDateTimeLabel('zh-CN', '2026-04-21T16:30:00Z')).toBe('4月22日 00:30')
    expect(chinaDayLabel('en', '2026-12-31T20:00:00+00:00')).toBe('Fri, January 1')
  })
})
