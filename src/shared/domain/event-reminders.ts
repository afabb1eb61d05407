import type { EventReminder } from '../schemas/reminder.ts'

export type { EventReminder, ReminderLead } from '../schemas/reminder.ts'

/**
 * Reminders a visitor sets on events. A web page cannot wake itself at a set time (the
 * Notification Triggers proposal never shipped), so the app reminds while it is open and offers
 * the phone's calendar, through an .ics file with an alarm, for reminders that must not be missed.
 */

/** How long before the start a reminder fires, in minutes: one hour, or one day. */
export const REMINDER_LEADS = [60, 1440] as const

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
