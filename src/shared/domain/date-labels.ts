/**
 * The calendar's and the notices' date labels in the app's two languages, written out instead of
 * asked of `Intl.DateTimeFormat`. The first DateTimeFormat a page builds loads ICU's locale data, a
 * long task on the main thread (later ones are cheap), and the calendar and notices tabs built one
 * while drawing their first screen. These labels are fixed CLDR patterns of zh-CN and en, and
 * test/shared/date-labels.test.ts checks every day of several years, in both languages, against
 * `Intl.DateTimeFormat` itself. Any other locale or format (the theme day page, statistics'
 * numbers) still goes through `ui/formatters.ts`.
 *
 * Times are China's civil time (Asia/Shanghai, UTC+8 all year since 1991), as a base prints them.
 */
import { chinaWallClock, todayInChina, type IsoDate } from './calendar-date.ts'

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
/** Indexed by `Date#getUTCDay()`: 0 = Sunday. */
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const ZH_WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

const isEnglish = (locale: string) => locale === 'en' || locale.startsWith('en-')

function parts(date: IsoDate): { month: number; day: number; weekday: number } {
  const d = new Date(`${date}T00:00:00Z`)
  return { month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() }
}

/** "2026年11月" / "November 2026", for a `YYYY-MM` month. */
export function monthLabel(locale: string, month: string): string {
  const year = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7))
  return isEnglish(locale) ? `${EN_MONTHS[m - 1] ?? ''} ${String(year)}` : `${String(year)}年${String(m)}月`
}

/** "2026年3月1日" / "March 1, 2026", for a `YYYY-MM-DD` date. */
export function dateLabel(locale: string, date: IsoDate): string {
  const { month, day } = parts(date)
  const year = date.slice(0, 4)
  return isEnglish(locale)
    ? `${EN_MONTHS[month - 1] ?? ''} ${String(day)}, ${year}`
    : `${year}年${String(month)}月${String(day)}日`
}

/** The weekdays' one-letter names, Monday first: "一 … 日" / "M … S". */
export function weekdayNarrowLabels(locale: string): string[] {
  return [1, 2, 3, 4, 5, 6, 0].map((w) =>
    isEnglish(locale) ? (EN_WEEKDAYS[w] ?? '').slice(0, 1) : (ZH_WEEKDAYS[w] ?? ''),
  )
}

/** "11月26日星期四" / "Thursday, November 26" (long), "11月26日周四" / "Thu, November 26" (short). */
export function dayLabel(locale: string, date: IsoDate, weekday: 'long' | 'short'): string {
  const { month, day, weekday: w } = parts(date)
  if (isEnglish(locale)) {
    const name = EN_WEEKDAYS[w] ?? ''
    return `${weekday === 'long' ? name : name.slice(0, 3)}, ${EN_MONTHS[month - 1] ?? ''} ${String(day)}`
  }
  return `${String(month)}月${String(day)}日${weekday === 'long' ? '星期' : '周'}${ZH_WEEKDAYS[w] ?? ''}`
}

/** "14:05": the hour and minute in China of an instant. */
export function chinaTimeLabel(iso: string): string {
  return chinaWallClock(iso).time
}

/** "2026-11-26 14:05": day and time in China of an instant, the same in both languages (tickets, staff lists). */
export function chinaNumericDateTimeLabel(iso: string): string {
  const { date, time } = chinaWallClock(iso)
  return `${date} ${time}`
}

/** "11月26日周四" / "Thu, November 26": the day in China of an instant. */
export const chinaDayLabel = (locale: string, iso: string): string =>
  dayLabel(locale, todayInChina(new Date(iso)), 'short')

/** "11月26日 14:05" / "November 26 at 14:05": day and time in China of an instant. */
export function chinaDateTimeLabel(locale: string, iso: string): string {
  const { month, day } = parts(todayInChina(new Date(iso)))
  const time = chinaTimeLabel(iso)
  return isEnglish(locale)
    ? `${EN_MONTHS[month - 1] ?? ''} ${String(day)} at ${time}`
    : `${String(month)}月${String(day)}日 ${time}`
}
