import { z } from 'zod'
import { recordId } from './sync.ts'

/** How long before the start a reminder fires, in minutes (REMINDER_LEADS in domain/event-reminders.ts). */
export const reminderLead = z.union([z.literal(60), z.literal(1440)])
export type ReminderLead = z.infer<typeof reminderLead>

/** A reminder a visitor set on an event, as kept on the device (domain/event-reminders.ts). */
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
