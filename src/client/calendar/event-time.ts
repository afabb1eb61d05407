import type { PublicEvent } from '../../shared/index.ts'
import { chinaDayLabel, chinaTimeLabel } from '../../shared/domain/date-labels.ts'

/**
 * When an event happens, always in Asia/Shanghai: a visitor whose phone is set to another zone
 * must still read the time printed on the base's poster.
 */
export function formatEventTime(event: Pick<PublicEvent, 'start' | 'end'>, locale: string, withDate = true): string {
  const startDay = chinaDayLabel(locale, event.start)
  const endDay = chinaDayLabel(locale, event.end)
  const span =
    startDay === endDay
      ? `${chinaTimeLabel(event.start)}–${chinaTimeLabel(event.end)}`
      : `${chinaTimeLabel(event.start)} – ${endDay} ${chinaTimeLabel(event.end)}`
  return withDate ? `${startDay} ${span}` : span
}
