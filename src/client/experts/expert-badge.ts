import { addDays, todayInChina, type IsoDate } from '../../shared/domain/calendar-date.ts'
import type { ChiefAppointment } from '../../shared/index.ts'

/** What an expert's 首席科学传播专家 appointment shows: the badge while the term runs, "former" after. */
export type AppointmentBadge = 'current' | 'former'

/**
 * The badge on `today` (Asia/Shanghai). The server decides `current` on its own date; a copy kept
 * on the phone may be older than the term's end, so the end date is checked again here: a badge
 * never outlives its term, whatever copy the page is drawn from. Null: no appointment.
 */
export function appointmentBadge(
  appointment: Pick<ChiefAppointment, 'current' | 'endsOn'> | null,
  today: IsoDate = todayInChina(),
): AppointmentBadge | null {
  if (!appointment) return null
  return appointment.current && today < appointment.endsOn ? 'current' : 'former'
}

/** The term's last day: the day before `endsOn` (the first day without the badge). */
export function termLastDay(appointment: Pick<ChiefAppointment, 'endsOn'>): IsoDate {
  return addDays(appointment.endsOn, -1)
}
