/*
 * The weekly opening-hours editor's model, and its two-way mapping to the OSM `opening_hours` value
 * (the syntax the app stores: https://wiki.openstreetmap.org/wiki/Key:opening_hours).
 *
 * The editor shows a week (each day: closed, or one or more time ranges, so a lunch break is two
 * ranges), seasonal periods (a month-day range repeating every year, with a whole week of its own)
 * and one public-holiday rule. That is what a base's staff need; the full syntax (week numbers,
 * sunrise, school holidays, comments, fallback rules …) is not: a value using it cannot be edited
 * here and `parseHoursValue` says which part, so the screen offers the raw text instead.
 *
 * Pure string work, no library: the `opening_hours` library checks the written value and evaluates
 * it (opening-hours.ts); the property test in test/shared/opening-hours-editor.test.ts holds the two
 * together (every state → value → the library's evaluation agrees → parsed back to the same state).
 */

/** `opening_hours`'s day names, Monday first; a week's days are indexed in this order. */
export const WEEKDAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const
export const MONTH_CODES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const
/**
 * Days in each month a season may name. Not February's 29th: a period ending on it is read wrongly
 * by the library around 1 March of other years, and a period starting on it is absent three years in four.
 */
export const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

/** `HH:MM` to `HH:MM` on one day; `to` may be `24:00` (until midnight). */
export interface TimeRange {
  from: string
  to: string
}

/** Seven days, Monday first; a day with no ranges is closed. */
export type Week = TimeRange[][]

export interface MonthDay {
  /** 1–12 */
  month: number
  /** 1–31, within the month */
  day: number
}

/** A period that repeats every year (summer hours, a winter closure), with its own week. */
export interface Season {
  from: MonthDay
  /** Inclusive; before `from` in the year means the period runs over New Year (Nov 01–Mar 31). */
  to: MonthDay
  week: Week
}

/** Public holidays (the library's list for China): as any other day, closed, or open at these hours. */
export type HolidayRule = { kind: 'as-usual' } | { kind: 'closed' } | { kind: 'open'; ranges: TimeRange[] }

export interface HoursState {
  /** All year, except on the seasons' dates. */
  week: Week
  /** A later season wins where two overlap, as later rules do in `opening_hours`. */
  seasons: Season[]
  holidays: HolidayRule
}

export const closedWeek = (): Week => Array.from({ length: 7 }, () => [])
export const copyWeek = (week: Week): Week => week.map((day) => day.map((range) => ({ ...range })))
export const emptyHoursState = (): HoursState => ({ week: closedWeek(), seasons: [], holidays: { kind: 'as-usual' } })

const ALL_DAY: TimeRange = { from: '00:00', to: '24:00' }
const isAllDay = (day: TimeRange[]) => day.length === 1 && day[0]?.from === ALL_DAY.from && day[0].to === ALL_DAY.to

// ── Checking a state ──────────────────────────────────────────────────────────────────────────

/** Where a problem is: the all-year week, a season (by index), or the holiday rule. */
export type HoursPlace =
  { in: 'week'; day: number } | { in: 'season'; season: number; day?: number } | { in: 'holidays' }

export type HoursProblemKind =
  /** Not `HH:MM`, or past 24:00. */
  | 'time-format'
  /** Ends at or before it starts. */
  | 'time-order'
  /** Overlaps the range before it (ranges are kept in order through the day). */
  | 'time-overlap'
  /** A month-day that does not exist (Apr 31; Feb 29 is refused too, see MONTH_LENGTHS). */
  | 'season-date'
  /**
   * Ends earlier in the same month than it starts (Mar 05–Mar 04), or covers the whole year
   * (Apr 01–Mar 31): never meant (the week is for all year), and the library misreads the second.
   * Over New Year is fine (Nov 01–Mar 31).
   */
  | 'season-order'
  /** The same dates as an earlier season: one would hide the other. */
  | 'season-duplicate'
  /** Holidays "open" with no hours. */
  | 'holiday-no-hours'

export interface HoursProblem {
  place: HoursPlace
  kind: HoursProblemKind
}

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/
const minutes = (time: string) => (time === '24:00' ? 1440 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)))

function dayProblems(ranges: TimeRange[], place: HoursPlace): HoursProblem[] {
  const problems: HoursProblem[] = []
  let previousEnd = -1
  for (const range of ranges) {
    if (!TIME.test(range.from) || range.from === '24:00' || !TIME.test(range.to)) {
      problems.push({ place, kind: 'time-format' })
      continue
    }
    const from = minutes(range.from)
    const to = minutes(range.to)
    if (to <= from) problems.push({ place, kind: 'time-order' })
    else if (from < previousEnd) problems.push({ place, kind: 'time-overlap' })
    previousEnd = Math.max(previousEnd, to)
  }
  return problems
}

const validMonthDay = (md: MonthDay) =>
  Number.isInteger(md.month) &&
  md.month >= 1 &&
  md.month <= 12 &&
  Number.isInteger(md.day) &&
  md.day >= 1 &&
  md.day <= (MONTH_LENGTHS[md.month - 1] ?? 0)

const dayOfYear = (md: MonthDay) => MONTH_LENGTHS.slice(0, md.month - 1).reduce((sum, n) => sum + n, 0) + md.day
/** Not wrapping inside one month, and shorter than a year. */
const sensiblePeriod = (from: MonthDay, to: MonthDay) =>
  !(from.month === to.month && to.day < from.day) && (dayOfYear(to) - dayOfYear(from) + 365) % 365 !== 364
const samePeriod = (a: Pick<Season, 'from' | 'to'>, b: Pick<Season, 'from' | 'to'>) =>
  a.from.month === b.from.month && a.from.day === b.from.day && a.to.month === b.to.month && a.to.day === b.to.day

/** Everything that keeps a state from being written; empty when it can be. */
export function hoursProblems(state: HoursState): HoursProblem[] {
  const problems = state.week.flatMap((ranges, day) => dayProblems(ranges, { in: 'week', day }))
  state.seasons.forEach((season, index) => {
    if (!validMonthDay(season.from) || !validMonthDay(season.to))
      problems.push({ place: { in: 'season', season: index }, kind: 'season-date' })
    else if (!sensiblePeriod(season.from, season.to))
      problems.push({ place: { in: 'season', season: index }, kind: 'season-order' })
    else if (state.seasons.slice(0, index).some((other) => samePeriod(other, season)))
      problems.push({ place: { in: 'season', season: index }, kind: 'season-duplicate' })
    season.week.forEach((ranges, day) => problems.push(...dayProblems(ranges, { in: 'season', season: index, day })))
  })
  if (state.holidays.kind === 'open') {
    if (state.holidays.ranges.length === 0) problems.push({ place: { in: 'holidays' }, kind: 'holiday-no-hours' })
    problems.push(...dayProblems(state.holidays.ranges, { in: 'holidays' }))
  }
  return problems
}

// ── Writing ───────────────────────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0')
const writeRanges = (ranges: TimeRange[]) => (ranges.length ? ranges.map((r) => `${r.from}-${r.to}`).join(',') : 'off')
const writeMonthDay = (md: MonthDay) => `${MONTH_CODES[md.month - 1] ?? '?'} ${pad(md.day)}`

/** Days as runs: [0,1,2,3,4] → "Mo-Fr", [5,6] → "Sa,Su", [0,2] → "Mo,We". */
function writeDays(days: number[]): string {
  const runs: [number, number][] = []
  for (const d of days) {
    const last = runs[runs.length - 1]
    if (last && last[1] === d - 1) last[1] = d
    else runs.push([d, d])
  }
  return runs
    .map(([a, b]) => {
      const [from, to] = [WEEKDAY_CODES[a] ?? '', WEEKDAY_CODES[b] ?? '']
      if (a === b) return from
      return b === a + 1 ? `${from},${to}` : `${from}-${to}`
    })
    .join(',')
}

/** One rule per set of days sharing the same hours: open days first, then the closed ones. */
function writeWeek(week: Week): string[] {
  const groups = new Map<string, number[]>()
  week.forEach((ranges, day) => {
    const key = writeRanges(ranges)
    groups.set(key, [...(groups.get(key) ?? []), day])
  })
  const keys = [...groups.keys()].sort((a, b) => Number(a === 'off') - Number(b === 'off'))
  return keys.map((key) => `${writeDays(groups.get(key) ?? [])} ${key}`)
}

/**
 * The `opening_hours` value of a state with no problems (`hoursProblems`): the all-year week,
 * then each season's week under its dates (every day written, so it wholly replaces the week
 * on those dates), then the holiday rule, which comes last so that it wins.
 * "Tu-Su 09:00-16:30; Mo off" · "Mo-Fr 08:30-12:00,14:00-17:30; Sa,Su off; PH off" ·
 * "Mo-Su 09:00-17:00; Nov 01-Mar 31: Tu-Su 09:00-16:00; Nov 01-Mar 31: Mo off".
 */
export function writeHoursValue(state: HoursState): string {
  const plain = state.seasons.length === 0 && state.holidays.kind === 'as-usual'
  if (plain && state.week.every(isAllDay)) return '24/7'
  const rules = writeWeek(state.week)
  for (const season of state.seasons) {
    const dates =
      season.from.month === season.to.month && season.from.day === season.to.day
        ? writeMonthDay(season.from)
        : `${writeMonthDay(season.from)}-${writeMonthDay(season.to)}`
    rules.push(...writeWeek(season.week).map((rule) => `${dates}: ${rule}`))
  }
  if (state.holidays.kind === 'closed') rules.push('PH off')
  if (state.holidays.kind === 'open') rules.push(`PH ${writeRanges(state.holidays.ranges)}`)
  return rules.join('; ')
}

// ── Reading ───────────────────────────────────────────────────────────────────────────────────

/** A state, or the first part of the value the editor cannot show (offer the raw text instead). */
export type ParsedHours = { ok: true; state: HoursState } | { ok: false; part: string }

const DAY_PATTERN = '(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?'
const MONTH_PATTERN = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
const TIME_PATTERN = '\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2}'
const RULE = new RegExp(
  `^(?:(${MONTH_PATTERN}(?: \\d{1,2})?(?:-${MONTH_PATTERN}(?: \\d{1,2})?)?)\\s*:?\\s+)?` +
    `(?:(${DAY_PATTERN}(?:,${DAY_PATTERN})*)\\s+)?` +
    `(off|closed|${TIME_PATTERN}(?:,${TIME_PATTERN})*)$`,
  'i',
)

const titleCase = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()
const dayIndex = (code: string) => WEEKDAY_CODES.indexOf(titleCase(code) as (typeof WEEKDAY_CODES)[number])
const monthIndex = (code: string) => MONTH_CODES.indexOf(titleCase(code) as (typeof MONTH_CODES)[number])

/** "Mo-Fr,Su" → [0..4, 6]; "Fr-Mo" wraps over Sunday; null with PH anywhere (handled apart). */
function readDays(text: string): number[] | null {
  const days: number[] = []
  for (const span of text.split(',')) {
    const [from, to] = span.split('-').map(dayIndex)
    if (from === undefined || from < 0 || (to !== undefined && to < 0)) return null
    for (let d = from; ; d = (d + 1) % 7) {
      days.push(d)
      if (d === (to ?? from)) break
    }
  }
  return days
}

function readRanges(text: string): TimeRange[] | null {
  if (/^(off|closed)$/i.test(text)) return []
  const ranges = text
    .split(',')
    .map((part) => {
      const [from = '', to = ''] = part.split('-').map((time) => time.padStart(5, '0'))
      return { from, to }
    })
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  return dayProblems(ranges, { in: 'holidays' }).length ? null : ranges
}

/** "Apr 01-Oct 31", "Apr-Oct" (whole months), "Dec 25", "Aug" → the period's first and last day. */
function readDates(text: string): { from: MonthDay; to: MonthDay } | null {
  const [start = '', end] = text.split('-').map((s) => s.trim())
  const read = (part: string, edge: 'first' | 'last'): MonthDay | null => {
    const [name = '', day] = part.split(/\s+/)
    const month = monthIndex(name) + 1
    // A whole February would take in the 29th, which a season cannot name (MONTH_LENGTHS).
    if (month === 0 || (month === 2 && day === undefined && edge === 'last')) return null
    const md = {
      month,
      day: day === undefined ? (edge === 'first' ? 1 : (MONTH_LENGTHS[month - 1] ?? 31)) : Number(day),
    }
    return validMonthDay(md) ? md : null
  }
  const from = read(start, 'first')
  const to = read(end ?? start, 'last')
  return from && to && sensiblePeriod(from, to) ? { from, to } : null
}

/** Whether two yearly periods share a day (either may run over New Year). */
function periodsOverlap(a: Pick<Season, 'from' | 'to'>, b: Pick<Season, 'from' | 'to'>): boolean {
  const spans = (s: Pick<Season, 'from' | 'to'>): [number, number][] => {
    const [from, to] = [dayOfYear(s.from), dayOfYear(s.to)]
    return from <= to
      ? [[from, to]]
      : [
          [from, 365],
          [1, to],
        ]
  }
  return spans(a).some(([a1, a2]) => spans(b).some(([b1, b2]) => a1 <= b2 && b1 <= a2))
}

/**
 * Reads a value back into the editor, following `opening_hours`' own meaning: a later rule
 * replaces the hours of the days it names. What the editor cannot show faithfully is refused
 * with the rule at fault: another syntax, all-year rules after seasonal ones, holidays not last,
 * or a season naming only some days where it overlaps an earlier season.
 * Whether the value is valid at all is the library's question (`openingHoursError`).
 */
export function parseHoursValue(value: string): ParsedHours {
  const rules = value
    .split(';')
    .map((rule) => rule.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
  const state = emptyHoursState()
  let phase: 'week' | 'seasons' | 'holidays' = 'week'
  /** The season being read, with the days its rules named so far and its first rule (to name it). */
  let current = null as { season: Season; named: Set<number>; key: string; rule: string } | null
  const seen = new Set<string>()
  /** A season's unnamed days keep the all-year hours, unless an earlier season covers some of its dates. */
  const unfaithfulSeason = (): string | null => {
    if (!current) return null
    const { season, named } = current
    const earlier = state.seasons.slice(0, -1)
    return named.size < 7 && earlier.some((other) => periodsOverlap(other, season)) ? current.rule : null
  }
  for (const rule of rules) {
    if (rule === '24/7' && phase === 'week') {
      state.week = Array.from({ length: 7 }, () => [{ ...ALL_DAY }])
      continue
    }
    const match = RULE.exec(rule)
    if (!match || phase === 'holidays') return { ok: false, part: rule }
    const [, datesText, daysText, timesText = ''] = match
    const ranges = readRanges(timesText)
    if (!ranges) return { ok: false, part: rule }
    if (daysText && /PH/i.test(daysText)) {
      if (datesText || daysText.toUpperCase() !== 'PH') return { ok: false, part: rule }
      const unfaithful = unfaithfulSeason()
      if (unfaithful) return { ok: false, part: unfaithful }
      phase = 'holidays'
      state.holidays = ranges.length ? { kind: 'open', ranges } : { kind: 'closed' }
      continue
    }
    const days = daysText ? readDays(daysText) : [0, 1, 2, 3, 4, 5, 6]
    if (!days) return { ok: false, part: rule }
    if (!datesText) {
      if (phase !== 'week') return { ok: false, part: rule }
      for (const d of days) state.week[d] = ranges.map((r) => ({ ...r }))
      continue
    }
    const dates = readDates(datesText)
    if (!dates) return { ok: false, part: rule }
    const key = `${dayOfYear(dates.from)}-${dayOfYear(dates.to)}`
    if (current?.key !== key) {
      const unfaithful = unfaithfulSeason()
      if (unfaithful) return { ok: false, part: unfaithful }
      if (seen.has(key)) return { ok: false, part: rule }
      seen.add(key)
      current = { season: { ...dates, week: copyWeek(state.week) }, named: new Set(), key, rule }
      state.seasons.push(current.season)
      phase = 'seasons'
    }
    for (const d of days) {
      current.season.week[d] = ranges.map((r) => ({ ...r }))
      current.named.add(d)
    }
  }
  const unfaithful = unfaithfulSeason()
  return unfaithful ? { ok: false, part: unfaithful } : { ok: true, state }
}
