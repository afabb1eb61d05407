import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  hoursProblems,
  MONTH_LENGTHS,
  parseHoursValue,
  writeHoursValue,
  type HoursState,
  type MonthDay,
  type TimeRange,
  type Week,
} from '../../src/shared/domain/opening-hours-editor.ts'
import { hoursPreview, openingHoursError } from '../../src/shared/domain/opening-hours.ts'

const range = (from: string, to: string): TimeRange => ({ from, to })
const week = (...days: TimeRange[][]): Week => days
const museumWeek = week([], ...Array.from({ length: 6 }, () => [range('09:00', '16:30')]))

describe('writing opening hours from the editor', () => {
  it.each<[string, HoursState, string]>([
    [
      'a museum shut on Mondays',
      { week: museumWeek, seasons: [], holidays: { kind: 'as-usual' } },
      'Tu-Su 09:00-16:30; Mo off',
    ],
    [
      'a lunch break on weekdays, shut at weekends and on public holidays',
      {
        week: week(...Array.from({ length: 5 }, () => [range('08:30', '12:00'), range('14:00', '17:30')]), [], []),
        seasons: [],
        holidays: { kind: 'closed' },
      },
      'Mo-Fr 08:30-12:00,14:00-17:30; Sa,Su off; PH off',
    ],
    [
      'open every hour of the year',
      { week: Array.from({ length: 7 }, () => [range('00:00', '24:00')]), seasons: [], holidays: { kind: 'as-usual' } },
      '24/7',
    ],
    [
      'winter hours over New Year, and short hours on holidays',
      {
        week: Array.from({ length: 7 }, () => [range('08:00', '18:00')]),
        seasons: [{ from: { month: 11, day: 1 }, to: { month: 3, day: 31 }, week: museumWeek }],
        holidays: { kind: 'open', ranges: [range('09:00', '12:00')] },
      },
      'Mo-Su 08:00-18:00; Nov 01-Mar 31: Tu-Su 09:00-16:30; Nov 01-Mar 31: Mo off; PH 09:00-12:00',
    ],
  ])('%s', (_name, state, value) => {
    expect(hoursProblems(state)).toEqual([])
    expect(writeHoursValue(state)).toBe(value)
    expect(openingHoursError(value)).toBeNull()
    expect(parseHoursValue(value)).toEqual({ ok: true, state })
  })

  it('names the day of a range that ends before it starts, overlaps another or is not a time', () => {
    const state: HoursState = {
      week: week(
        [range('12:00', '09:00')],
        [range('09:00', '13:00'), range('12:00', '17:00')],
        [range('9h', '17:00')],
        [],
        [],
        [],
        [],
      ),
      seasons: [{ from: { month: 4, day: 31 }, to: { month: 5, day: 1 }, week: week([], [], [], [], [], [], []) }],
      holidays: { kind: 'open', ranges: [] },
    }
    expect(hoursProblems(state)).toEqual([
      { place: { in: 'week', day: 0 }, kind: 'time-order' },
      { place: { in: 'week', day: 1 }, kind: 'time-overlap' },
      { place: { in: 'week', day: 2 }, kind: 'time-format' },
      { place: { in: 'season', season: 0 }, kind: 'season-date' },
      { place: { in: 'holidays' }, kind: 'holiday-no-hours' },
    ])
  })
})

describe('reading a value back into the editor', () => {
  it('follows the library: a later rule replaces the days it names, unnamed days are closed', () => {
    const parsed = parseHoursValue('Mo-Su 09:00-17:00; We 10:00-12:00; Su closed')
    expect(parsed.ok && parsed.state.week.map((d) => d.map((r) => `${r.from}-${r.to}`).join(','))).toEqual([
      '09:00-17:00',
      '09:00-17:00',
      '10:00-12:00',
      '09:00-17:00',
      '09:00-17:00',
      '09:00-17:00',
      '',
    ])
  })

  it('reads whole months, unpadded hours and a season naming some days (the others keep the week)', () => {
    const parsed = parseHoursValue('Mo-Su 9:00-17:00; Dec-Jan: Mo off')
    expect(parsed).toEqual({
      ok: true,
      state: {
        week: Array.from({ length: 7 }, () => [range('09:00', '17:00')]),
        seasons: [
          {
            from: { month: 12, day: 1 },
            to: { month: 1, day: 31 },
            week: [[], ...Array.from({ length: 6 }, () => [range('09:00', '17:00')])],
          },
        ],
        holidays: { kind: 'as-usual' },
      },
    })
  })

  it.each([
    ['Mo-Fr 09:00-17:00 || "by appointment"', 'Mo-Fr 09:00-17:00 || "by appointment"'],
    ['Mo-Fr sunrise-sunset', 'Mo-Fr sunrise-sunset'],
    ['Mo-Fr 09:00-17:00; SH off', 'SH off'],
    ['week 1-26 Mo-Fr 09:00-17:00', 'week 1-26 Mo-Fr 09:00-17:00'],
    ['PH off; Mo-Fr 09:00-17:00', 'Mo-Fr 09:00-17:00'],
    ['Apr-Oct: Mo-Su 09:00-17:00; Mo off', 'Mo off'],
    ['Mo-Fr,PH 09:00-17:00', 'Mo-Fr,PH 09:00-17:00'],
    ['Mo-Fr 18:00-02:00', 'Mo-Fr 18:00-02:00'],
    ['Nov-Feb: Mo off', 'Nov-Feb: Mo off'],
    ['Apr 01-Mar 31: Mo off', 'Apr 01-Mar 31: Mo off'],
    ['Apr-Oct: Mo-Su 09:00-17:00; Jun-Jul: Mo off', 'Jun-Jul: Mo off'],
  ])('says which part of %j it cannot show', (value, part) => {
    expect(parseHoursValue(value)).toEqual({ ok: false, part })
  })
})

// ── The property: every editor state survives the trip through the value and the library ────────

const minutesText = (m: number) =>
  m === 1440 ? '24:00' : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`

/** A day: up to three ranges, in order, none touching (distinct sorted minute marks taken in pairs). */
const dayArb = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }).map((marks) => {
  const sorted = [...marks].sort((a, b) => a - b)
  const ranges: TimeRange[] = []
  for (let i = 0; i + 1 < sorted.length; i += 2)
    ranges.push(range(minutesText(sorted[i] ?? 0), minutesText(sorted[i + 1] ?? 0)))
  return ranges
})
/** Days repeat in real weeks (Mo–Fr alike), so often reuse one day's hours. */
const weekArb = fc
  .tuple(fc.array(dayArb, { minLength: 7, maxLength: 7 }), fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }))
  .map(([days, same]) =>
    days.map((day, i) => (same[i] && i > 0 ? (days[0] ?? day) : day)).map((d) => d.map((r) => ({ ...r }))),
  )
const monthDayArb = fc
  .integer({ min: 1, max: 12 })
  .chain((month) =>
    fc.integer({ min: 1, max: MONTH_LENGTHS[month - 1] ?? 28 }).map((day): MonthDay => ({ month, day })),
  )
/** A period shorter than a year, not ending earlier in its first month (see 'season-order'). */
const seasonArb = fc
  .record({ from: monthDayArb, to: monthDayArb, week: weekArb })
  .filter((s) => hoursProblems({ week: s.week, seasons: [s], holidays: { kind: 'as-usual' } }).length === 0)
const stateArb: fc.Arbitrary<HoursState> = fc.record({
  week: weekArb,
  seasons: fc.uniqueArray(seasonArb, {
    maxLength: 3,
    selector: (s) => `${s.from.month}-${s.from.day}-${s.to.month}-${s.to.day}`,
  }),
  holidays: fc.oneof(
    fc.constant({ kind: 'as-usual' as const }),
    fc.constant({ kind: 'closed' as const }),
    dayArb.filter((r) => r.length > 0).map((ranges) => ({ kind: 'open' as const, ranges })),
  ),
})

/** What the state says a date's hours are, merged where ranges touch (as the library reports them). */
function expectedRanges(state: HoursState, date: string, holiday: boolean): string[] {
  const [, month = 0, day = 0] = date.split('-').map(Number)
  const key = month * 100 + day
  const inSeason = (from: MonthDay, to: MonthDay) => {
    const [a, b] = [from.month * 100 + from.day, to.month * 100 + to.day]
    return a <= b ? key >= a && key <= b : key >= a || key <= b
  }
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7
  const season = state.seasons.findLast((s) => inSeason(s.from, s.to))
  let ranges = (season?.week ?? state.week)[weekday] ?? []
  if (holiday && state.holidays.kind === 'closed') ranges = []
  if (holiday && state.holidays.kind === 'open') ranges = state.holidays.ranges
  const merged: TimeRange[] = []
  for (const r of ranges) {
    const last = merged[merged.length - 1]
    if (last && last.to === r.from) last.to = r.to
    else merged.push({ ...r })
  }
  return merged.map((r) => `${r.from}–${r.to}`)
}

/** Days to compare on: each public holiday of 2026 the library knows, New Year's Eve, a leap day and random days. */
const FIXED_DAYS = ['2026-01-01', '2026-05-01', '2026-10-01', '2026-12-31', '2027-03-01', '2028-02-29', '2028-03-01']
const dayArbitrary = fc
  .integer({ min: 0, max: 365 * 3 })
  .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10))

describe('the hours editor round trip (property)', () => {
  it('writes a value the library reads as the editor showed it, and reads it back to the same state', () => {
    fc.assert(
      fc.property(stateArb, fc.array(dayArbitrary, { minLength: 4, maxLength: 4 }), (state, days) => {
        expect(hoursProblems(state)).toEqual([])
        const value = writeHoursValue(state)
        expect(openingHoursError(value), value).toBeNull()
        expect(parseHoursValue(value), value).toEqual({ ok: true, state })
        for (const date of [...FIXED_DAYS, ...days]) {
          // 04:00Z is noon in Shanghai on that date.
          const [preview] = hoursPreview(value, new Date(`${date}T04:00:00Z`), 1) ?? []
          expect(preview?.date).toBe(date)
          expect(preview?.ranges, `${value} on ${date}`).toEqual(expectedRanges(state, date, preview?.holiday != null))
        }
      }),
      { numRuns: Number(process.env.HOURS_PROPERTY_RUNS ?? 100) },
    )
  }, 120_000)
})

describe('the preview of the coming week', () => {
  it('lists seven days in China from today, with the holiday named', () => {
    // 2026-09-30T20:00Z is already 1 October (国庆节) in Shanghai.
    const days = hoursPreview('Tu-Su 09:00-16:30; Mo off; PH 09:00-12:00', new Date('2026-09-30T20:00:00Z')) ?? []
    expect(days.map((d) => [d.date, d.holiday, d.ranges.join(',')])).toEqual([
      ['2026-10-01', '国庆节', '09:00–12:00'],
      ['2026-10-02', '国庆节休息日', '09:00–12:00'],
      ['2026-10-03', '国庆节休息日', '09:00–12:00'],
      ['2026-10-04', null, '09:00–16:30'],
      ['2026-10-05', null, ''],
      ['2026-10-06', null, '09:00–16:30'],
      ['2026-10-07', null, '09:00–16:30'],
    ])
  })
})
