/**
 * Calendar dates as plain `YYYY-MM-DD` strings. Theme days are civil dates in China, with no
 * time of day, so they are computed in UTC arithmetic and never pass through a local time zone.
 */
export type IsoDate = string

export function isoDate(year: number, month: number, day: number): IsoDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10)
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The n-th (1..5) or last (-1) given ISO weekday of a month; null when there is no fifth one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): IsoDate | null {
  if (n === -1) {
    const last = isoDate(year, month, daysInMonth(year, month))
    return addDays(last, -((isoWeekday(last) - weekday + 7) % 7))
  }
  const first = isoDate(year, month, 1)
  const day = 1 + ((weekday - isoWeekday(first) + 7) % 7) + (n - 1) * 7
  return day <= daysInMonth(year, month) ? isoDate(year, month, day) : null
}

/** An instant as China's wall clock reads it, ISO-shaped (`YYYY-MM-DDTHH:mm:ss.sss`, then a `Z` to ignore): Asia/Shanghai has no daylight saving, UTC+8 all year. */
export function inChina(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString()
}

/** Today's civil date in China. */
export function todayInChina(now: Date = new Date()): IsoDate {
  return inChina(now).slice(0, 10)
}
