import { z } from 'zod'
import { recordId } from '../schemas/sync.ts'

/**
 * Reminders a visitor sets on events. A web page cannot wake itself at a set time (the
 * Notification Triggers proposal never shipped), so the app reminds while it is open and offers
 * the phone's calendar, through an .ics file with an alarm, for reminders that must not be missed.
 */

/** How long before the start a reminder fires, in minutes: one hour, or one day. */
export const REMINDER_LEADS = [60, 1440] as const
export const reminderLead = z.union([z.literal(60), z.literal(1440)])
export type ReminderLead = z.infer<typeof reminderLead>

export const eventReminder = z.object({
  eventId: recordId,
  title: z.string().max(200),
  baseName: z.string().max(200),
  /** Event start, ISO 8601 with offset. */
  start: z.iso.datetime({ offset: true }),
  lead: reminderLead,
  /** When the app showed the reminder; null until then, so it fires once. */
  remindedAt: z.iso.datetime().nullable(),
})
export type EventReminder = z.infer<typeof eventReminder>

/** The moment a reminder becomes due. */
export function reminderDueAt(reminder: Pick<EventReminder, 'start' | 'lead'>): Date {
  return new Date(Date.parse(reminder.start) - reminder.lead * 60_000)
}

/** Reminders to show now: due, not shown yet, and the event has not started. */
export function dueReminders(reminders: readonly EventReminder[], now: Date): EventReminder[] {
  return reminders.filter((r) => r.remindedAt === null && reminderDueAt(r) <= now && now < new Date(r.start))
}

/** Reminders still worth keeping: the event starts in the future, or started less than a day ago. */
export function liveReminders(reminders: readonly EventReminder[], now: Date): EventReminder[] {
  return reminders.filter((r) => Date.parse(r.start) > now.getTime() - 86_400_000)
}
