import { chinaDayLabel, chinaTimeLabel, dayLabel } from '../../shared/domain/date-labels.ts'
import { provinceByCode } from '../../shared/domain/provinces.ts'
import type { IsoDate } from '../../shared/domain/calendar-date.ts'
import { localized } from '../ui/localized.ts'

/** A province code as its name in the app's language; null for none (or a hidden region). */
export function regionName(code: string | null, locale: string): string | null {
  const province = code ? provinceByCode(code) : undefined
  return province ? localized(province, locale) : code
}

/** "5月12日周二 09:00–11:00": the asked day of an event with its times (Asia/Shanghai). */
export function engagementLabel(event: { start: string; end: string }, date: IsoDate, locale: string): string {
  const day = dayLabel(locale, date, 'short')
  return chinaDayLabel(locale, event.start) === chinaDayLabel(locale, event.end)
    ? `${day} ${chinaTimeLabel(event.start)}–${chinaTimeLabel(event.end)}`
    : day
}
