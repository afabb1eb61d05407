import { describe, expect, it } from 'vitest'
import type { ThemeDay, ThemeDayRule } from '../../src/shared/schemas/theme-day.ts'
import { nextOccurrence, occurrenceInYear, occurrencesBetween } from '../../src/shared/domain/theme-day-dates.ts'
import { nthWeekdayOfMonth, todayInChina } from '../../src/shared/domain/calendar-date.ts'

const day = (id: string, rule: ThemeDayRule, extra: Partial<ThemeDay> = {}): ThemeDay => ({
  id,
  rule,
  name: { zh: id, en: id },
  sinceYear: 2000,
  description: { zh: id, en: id },
  windows: {},
  source: 'recalled',
  verified: false,
  sortKey: '01-01',
  ...extra,
})

const years = Array.from({ length: 16 }, (_, i) => 2020 + i)

describe('theme-day dates, 2020–2035', () => {
  const landDay = day('national-land-day', { type: 'fixed', month: 6, day: 25 })
  it.each(years)('全国土地日 falls on 25 June %i', (year) => {
    expect(occurrenceInYear(landDay, year)).toMatchObject({
      start: `${year}-06-25`,
      end: `${year}-06-25`,
      source: 'rule',
    })
  })

  const waterWeek = day('china-water-week', { type: 'span', start: { month: 3, day: 22 }, days: 7 })
  it.each(years)('中国水周 %i runs 22–28 March', (year) => {
    expect(occurrenceInYear(waterWeek, year)).toMatchObject({ start: `${year}-03-22`, end: `${year}-03-28` })
  })

  const popMonth = day('science-month', { type: 'month', month: 2 })
  it.each(years)('a whole-month rule covers February %i including leap days', (year) => {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    expect(occurrenceInYear(popMonth, year)).toMatchObject({
      start: `${year}-02-01`,
      end: `${year}-02-${leap ? 29 : 28}`,
    })
  })

  // Independently computed (Python's calendar module).
  const thirdSaturdayOfSeptember: Record<number, string> = {
    2020: '2020-09-19',
    2021: '2021-09-18',
    2022: '2022-09-17',
    2023: '2023-09-16',
    2024: '2024-09-21',
    2025: '2025-09-20',
    2026: '2026-09-19',
    2027: '2027-09-18',
    2028: '2028-09-16',
    2029: '2029-09-15',
    2030: '2030-09-21',
    2031: '2031-09-20',
    2032: '2032-09-18',
    2033: '2033-09-17',
    2034: '2034-09-16',
    2035: '2035-09-15',
  }
  const lastSundayOfMay: Record<number, string> = {
    2020: '2020-05-31',
    2021: '2021-05-30',
    2022: '2022-05-29',
    2023: '2023-05-28',
    2024: '2024-05-26',
    2025: '2025-05-25',
    2026: '2026-05-31',
    2027: '2027-05-30',
    2028: '2028-05-28',
    2029: '2029-05-27',
    2030: '2030-05-26',
    2031: '2031-05-25',
    2032: '2032-05-30',
    2033: '2033-05-29',
    2034: '2034-05-28',
    2035: '2035-05-27',
  }
  it.each(years)('n-th weekday rules: third Saturday of September and last Sunday of May %i', (year) => {
    expect(occurrenceInYear(day('x', { type: 'nth_weekday', month: 9, n: 3, weekday: 6 }), year)?.start).toBe(
      thirdSaturdayOfSeptember[year],
    )
    expect(occurrenceInYear(day('y', { type: 'nth_weekday', month: 5, n: -1, weekday: 7 }), year)?.start).toBe(
      lastSundayOfMay[year],
    )
  })

  it('has no fifth Monday of March in 2022 but has one in 2025', () => {
    expect(nthWeekdayOfMonth(2022, 3, 1, 5)).toBeNull()
    expect(nthWeekdayOfMonth(2025, 3, 1, 5)).toBe('2025-03-31')
  })

  const disasterWeek = day(
    'disaster-prevention-week',
    { type: 'announced_annually', contains: { month: 5, day: 12 }, days: 7 },
    {
      windows: { 2020: '05-09..05-15', 2021: '05-08..05-14', 2023: '05-06..05-12', 2025: '05-12..05-18' },
      sortKey: '05-12',
    },
  )
  it.each([
    [2020, '2020-05-09', '2020-05-15', 'announced'],
    [2021, '2021-05-08', '2021-05-14', 'announced'],
    [2022, '2022-05-12', '2022-05-12', 'expected'],
    [2023, '2023-05-06', '2023-05-12', 'announced'],
    [2025, '2025-05-12', '2025-05-18', 'announced'],
    [2030, '2030-05-12', '2030-05-12', 'expected'],
  ])('防灾减灾宣传周 %i uses the announced window, never a guessed one', (year, start, end, source) => {
    expect(occurrenceInYear(disasterWeek, year)).toMatchObject({ start, end, source })
  })

  it('gives no date before the day was first observed', () => {
    expect(occurrenceInYear(day('new', { type: 'fixed', month: 1, day: 1 }, { sinceYear: 2024 }), 2023)).toBeNull()
  })

  it('lists occurrences in a range in date order, including a window that started before it', () => {
    const list = occurrencesBetween([landDay, waterWeek, disasterWeek], '2025-03-25', '2025-06-30')
    expect(list.map((o) => `${o.themeDayId}@${o.start}`)).toEqual([
      'china-water-week@2025-03-22',
      'disaster-prevention-week@2025-05-12',
      'national-land-day@2025-06-25',
    ])
  })

  it('finds the next occurrence, rolling over to next year once this year has passed', () => {
    expect(nextOccurrence(landDay, '2026-06-25')?.start).toBe('2026-06-25')
    expect(nextOccurrence(landDay, '2026-11-24')?.start).toBe('2027-06-25')
  })

  it("uses China's civil date, not the device's", () => {
    expect(todayInChina(new Date('2026-11-24T17:30:00Z'))).toBe('2026-11-25')
    expect(todayInChina(new Date('2026-11-24T15:59:00Z'))).toBe('2026-11-24')
  })
})
