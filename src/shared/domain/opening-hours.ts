import OpeningHours from 'opening_hours'
import { CHINA_UTC_OFFSET_MS } from './calendar-date.ts'
import { parseHoursValue, type Season, type TimeRange, type Week } from './opening-hours-editor.ts'

/**
 * Opening hours are written in OpenStreetMap `opening_hours` syntax and always mean China's wall
 * clock (Asia/Shanghai, UTC+8 all year, no daylight saving), whatever the phone's time zone.
 * The library evaluates in the runtime's local time, so we hand it a Date whose local fields
 * show Shanghai's wall time, and convert its answers back.
 */
const nominatim = { lat: 35, lon: 105, address: { country_code: 'cn', state: '' } }

function toShanghaiWallClock(instant: Date): Date {
  const shifted = new Date(instant.getTime() + CHINA_UTC_OFFSET_MS)
  return new Date(
    shifted.getUTCFullYear(),
    shifted.getUTCMonth(),
    shifted.getUTCDate(),
    shifted.getUTCHours(),
    shifted.getUTCMinutes(),
    shifted.getUTCSeconds(),
  )
}

function fromShanghaiWallClock(wall: Date): Date {
  return new Date(
    Date.UTC(
      wall.getFullYear(),
      wall.getMonth(),
      wall.getDate(),
      wall.getHours(),
      wall.getMinutes(),
      wall.getSeconds(),
    ) - CHINA_UTC_OFFSET_MS,
  )
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
  /**
   * Which day `nextChange` falls on, seen from `now` in China: "opens at 09:00" on a Monday the
   * museum is shut all day would read as "opens today", so the view says 明天 or 周二 instead.
   * @default null when there is no next change
   */
  nextChangeDay: NextChangeDay | null
}

/** `today`, `tomorrow`, or a later day of the coming week by its weekday (0 = Sunday). */
export type NextChangeDay =
  { kind: 'today' } | { kind: 'tomorrow' } | { kind: 'weekday'; weekday: number } | { kind: 'date'; date: string }

export function openingStatus(value: string, now: Date = new Date()): OpeningStatus {
  let hours: OpeningHours
  try {
    hours = new OpeningHours(value, nominatim, 0)
  } catch {
    return { state: 'unknown', nextChange: null, nextChangeLocal: null, nextChangeDay: null }
  }
  const wall = toShanghaiWallClock(now)
  const state: OpeningState = hours.getUnknown(wall) ? 'unknown' : hours.getState(wall) ? 'open' : 'closed'
  const next = hours.getNextChange(wall)
  if (!next) return { state, nextChange: null, nextChangeLocal: null, nextChangeDay: null }
  const hhmm = `${String(next.getHours()).padStart(2, '0')}:${String(next.getMinutes()).padStart(2, '0')}`
  return { state, nextChange: fromShanghaiWallClock(next), nextChangeLocal: hhmm, nextChangeDay: dayFrom(wall, next) }
}

/** Both arguments are Shanghai wall-clock Dates (local fields = China's time). */
function dayFrom(wall: Date, next: Date): NextChangeDay {
  const dayNumber = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000
  const days = dayNumber(next) - dayNumber(wall)
  if (days <= 0) return { kind: 'today' }
  if (days === 1) return { kind: 'tomorrow' }
  if (days < 7) return { kind: 'weekday', weekday: next.getDay() }
  const pad = (n: number) => String(n).padStart(2, '0')
  return { kind: 'date', date: `${String(next.getFullYear())}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}` }
}

// ── Opening hours as people read them ──────────────────────────────────────────────────────────

const ZH_DAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']
const EN_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const EN_DAYS_PLURAL = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays']
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export type HoursLanguage = 'zh-CN' | 'en'

/** Consecutive days as runs ("周二至周日", "Tue–Sun"); a run of two is written as two days. */
function dayRuns(days: number[], lang: HoursLanguage): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b)
  const runs: [number, number][] = []
  for (const d of sorted) {
    const last = runs[runs.length - 1]
    if (last && last[1] === d - 1) last[1] = d
    else runs.push([d, d])
  }
  const names = lang === 'en' ? EN_DAYS : ZH_DAYS
  const text = runs.map(([a, b]) => {
    if (a === b) return names[a] ?? ''
    if (b === a + 1) return `${names[a] ?? ''}${lang === 'en' ? ', ' : '、'}${names[b] ?? ''}`
    return lang === 'en' ? `${names[a] ?? ''}–${names[b] ?? ''}` : `${names[a] ?? ''}至${names[b] ?? ''}`
  })
  return text.join(lang === 'en' ? ', ' : '、')
}

const rangesText = (ranges: TimeRange[], lang: HoursLanguage) =>
  ranges.map((r) => `${r.from}–${r.to}`).join(lang === 'en' ? ', ' : '、')

/** One week: days sharing hours together, then the closed days ("周二至周日 09:00–16:30，周一闭馆"). */
function describeWeek(week: Week, lang: HoursLanguage): string {
  if (week.every((day) => day.length === 1 && day[0]?.from === '00:00' && day[0].to === '24:00'))
    return lang === 'en' ? 'Open 24 hours, every day' : '全天开放'
  const groups = new Map<string, number[]>()
  const closed: number[] = []
  week.forEach((ranges, d) => {
    if (!ranges.length) closed.push(d)
    else groups.set(rangesText(ranges, lang), [...(groups.get(rangesText(ranges, lang)) ?? []), d])
  })
  if (closed.length === 7) return lang === 'en' ? 'Closed' : '不开放'
  const open = [...groups].map(([times, days]) =>
    days.length === 7 ? (lang === 'en' ? `Daily ${times}` : `每天 ${times}`) : `${dayRuns(days, lang)} ${times}`,
  )
  const hours = open.join(lang === 'en' ? '; ' : '；')
  if (!closed.length) return hours
  if (lang === 'en')
    return `${hours}, closed ${closed.length === 1 ? (EN_DAYS_PLURAL[closed[0] ?? 0] ?? '') : dayRuns(closed, lang)}`
  return `${hours}，${dayRuns(closed, lang)}闭馆`
}

function seasonDates(season: Season, lang: HoursLanguage): string {
  const md = (d: Season['from']) =>
    lang === 'en' ? `${EN_MONTHS[d.month - 1] ?? ''} ${String(d.day)}` : `${String(d.month)}月${String(d.day)}日`
  return lang === 'en' ? `${md(season.from)} – ${md(season.to)}` : `${md(season.from)}至${md(season.to)}`
}

/**
 * Opening hours as a visitor reads them: "周二至周日 09:00–16:30，周一闭馆" /
 * "Tue–Sun 09:00–16:30, closed Mondays", then each season ("11月1日至3月31日：…") and the
 * public-holiday rule. It reads what the hours editor writes (opening-hours-editor.ts); days no
 * rule mentions are closed. Hours in a form it does not read are returned as written, so nothing
 * is ever hidden.
 */
export function describeOpeningHours(value: string, lang: HoursLanguage): string {
  return describeOpeningHoursParts(value, lang).join(lang === 'en' ? '; ' : '；')
}

/** The same, one part per line: the week, each season, the holiday rule (one line, as written, when unread). */
export function describeOpeningHoursParts(value: string, lang: HoursLanguage): string[] {
  const parsed = parseHoursValue(value)
  if (!parsed.ok) return [value]
  const { week, seasons, holidays } = parsed.state
  const parts = [describeWeek(week, lang)]
  for (const season of seasons)
    parts.push(`${seasonDates(season, lang)}${lang === 'en' ? ': ' : '：'}${describeWeek(season.week, lang)}`)
  if (holidays.kind === 'closed') parts.push(lang === 'en' ? 'closed on public holidays' : '法定节假日闭馆')
  if (holidays.kind === 'open')
    parts.push(
      lang === 'en'
        ? `public holidays ${rangesText(holidays.ranges, lang)}`
        : `法定节假日 ${rangesText(holidays.ranges, lang)}`,
    )
  return parts
}

// ── The coming days, for the hours editor's preview ────────────────────────────────────────────

export interface DayHours {
  /** The day in China, `YYYY-MM-DD`. */
  date: string
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** The public holiday's name when the library's list for China has one that day. */
  holiday: string | null
  /** Open spans that day, `HH:MM–HH:MM` (an end of `24:00` is midnight). */
  ranges: string[]
}

/** "Open on public holidays": asked which days are holidays, and their names. */
let publicHolidays: OpeningHours | null = null

/**
 * Each of the next `days` days in China from `now` (today first) with the hours `value` gives it,
 * as the library evaluates them, so the editor shows what visitors will see. Null when the value
 * does not parse.
 */
export function hoursPreview(value: string, now: Date = new Date(), days = 7): DayHours[] | null {
  let hours: OpeningHours
  try {
    hours = new OpeningHours(value, nominatim, 0)
  } catch {
    return null
  }
  const holidays = (publicHolidays ??= new OpeningHours('PH', nominatim, 0))
  const wall = toShanghaiWallClock(now)
  const pad = (n: number) => String(n).padStart(2, '0')
  const hhmm = (d: Date, dayEnd: Date) =>
    d.getTime() >= dayEnd.getTime() ? '24:00' : `${pad(d.getHours())}:${pad(d.getMinutes())}`
  return Array.from({ length: days }, (_, i) => {
    const start = new Date(wall.getFullYear(), wall.getMonth(), wall.getDate() + i)
    const end = new Date(wall.getFullYear(), wall.getMonth(), wall.getDate() + i + 1)
    const noon = new Date(start.getFullYear(), start.getMonth(), start.getDate(), 12)
    return {
      date: `${String(start.getFullYear())}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
      weekday: start.getDay(),
      holiday: holidays.getState(noon) ? (holidays.getComment(noon) ?? '') : null,
      ranges: hours.getOpenIntervals(start, end).map(([from, to]) => `${hhmm(from, end)}–${hhmm(to, end)}`),
    }
  })
}
