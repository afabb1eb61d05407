import type { PublicEvent } from '../../shared/index.ts'
import { dateFormat } from '../ui/formatters.ts'

/**
 * When an event happens, always in Asia/Shanghai: a visitor whose phone is set to another zone
 * must still read the time printed on the base's poster.
 */
export function formatEventTime(event: Pick<PublicEvent, 'start' | 'end'>, locale: string, withDate = true): string {
  const zone = 'Asia/Shanghai'
  const date = dateFormat(locale, { timeZone: zone, month: 'long', day: 'numeric', weekday: 'short' })
  const time = dateFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  const start = new Date(event.start)
  const end = new Date(event.end)
  const sameDay = date.format(start) === date.format(end)
  const span = sameDay
    ? `${time.format(start)}–${time.format(end)}`
    : `${time.format(start)} – ${date.format(end)} ${time.format(end)}`
  return withDate ? `${date.format(start)} ${span}` : span
}
