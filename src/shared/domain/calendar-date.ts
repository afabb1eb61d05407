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

/*
 * China's wall clock. Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so a time in
 * China is the instant plus eight hours, whatever the phone's or the server's own time zone. This
 * is the one place that knows it: use these rather than writing `+08:00` or the offset again.
 */

/** China's offset from UTC as ISO 8601 writes it. */
export const CHINA_UTC_OFFSET = '+08:00'
/** China's offset from UTC in milliseconds. */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000

/** What a clock in China shows at an instant. */
export interface ChinaWallClock {
  /** `2026-04-22` */
  date: IsoDate
  /** `09:05` */
  time: string
  /** `2026-04-22T09:05:30.000`: ISO-shaped, without an offset. */
  iso: string
}

/** The wall clock in China at an instant (a Date, or an ISO 8601 string with an offset). */
export function chinaWallClock(at: Date | string): ChinaWallClock {
  const iso = new Date(new Date(at).getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, -1)
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), iso }
}

/** `2026-04-22T09:00:00+08:00`: an instant written on China's wall clock (milliseconds only when not zero). */
export function chinaIsoString(at: Date): string {
  return `${chinaWallClock(at).iso.replace(/\.000$/, '')}${CHINA_UTC_OFFSET}`
}

/** Today's civil date in China. */
export function todayInChina(now: Date = new Date()): IsoDate {
  return chinaWallClock(now).date
}
