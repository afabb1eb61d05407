import { z } from 'zod'
import { contentId, singleLineText } from './common.ts'
import { eventAudience, localDate, recordId } from './sync.ts'

/*
 * The public side of base events: what anyone (not signed in) reads from /api/events. The staff
 * side writes them as sync records of kind `event` (schemas/sync.ts `eventPayload`).
 */

/** Longest range one events query may ask for, in days. */
export const EVENTS_RANGE_MAX_DAYS = 400
/** Range of an events query without `from`/`to`: today and the next 90 days. */
export const EVENTS_RANGE_DEFAULT_DAYS = 90

/** An expert named on an event's page (schemas/expert.ts): the title only when the expert shows it. */
export const eventExpert = z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable() })
export type EventExpert = z.infer<typeof eventExpert>

/** A base event as the public sees it: never cancelled, with the base it happens at. */
export const publicEvent = z.object({
  id: recordId,
  title: z.string(),
  description: z.string(),
  /** ISO 8601 with offset, as staff entered it (Asia/Shanghai, +08:00). */
  start: z.string(),
  end: z.string(),
  place: z.string(),
  themeDayId: contentId.nullable(),
  audience: eventAudience,
  /** Places available; null when unlimited. */
  capacity: z.number().int().nullable(),
  registrationRequired: z.boolean(),
  base: z.object({
    id: contentId,
    name: z.object({ zh: z.string(), en: z.string() }),
    province: z.string(),
    address: z.string().nullable(),
  }),
  /** Bumped on each edit (it is the SEQUENCE of the event in calendar files). */
  version: z.number().int().min(1),
  updatedAt: z.string(),
  /** Experts who accepted the base's request to take part: on one event's answer, not in lists. */
  experts: z.array(eventExpert).optional(),
})
export type PublicEvent = z.infer<typeof publicEvent>

/** Filters of GET /api/events; `from`/`to` are Asia/Shanghai dates, both inclusive. */
export const eventsQuery = z.object({
  /** @default today (Asia/Shanghai) */
  from: localDate.optional(),
  /** @default from + 90 days */
  to: localDate.optional(),
  baseId: contentId.optional(),
  province: singleLineText(40).min(1).optional(),
  themeDayId: contentId.optional(),
  audience: eventAudience.optional(),
})
export type EventsQuery = z.infer<typeof eventsQuery>

export const eventsResponse = z.object({
  /** The range actually used (defaults filled in). */
  from: localDate,
  to: localDate,
  events: z.array(publicEvent),
  /** True when more events matched than one answer carries (500): ask for a narrower range. */
  more: z.boolean().optional(),
})
export type EventsResponse = z.infer<typeof eventsResponse>

/** Filters of the subscribable feed GET /api/calendar.ics. */
export const calendarFeedQuery = z.object({
  province: singleLineText(40).min(1).optional(),
  baseId: contentId.optional(),
  themeDayId: contentId.optional(),
  /**
   * How many years of theme days, starting with this one.
   * @default 2 (this year and next)
   */
  years: z.coerce.number().int().min(1).max(5).default(2),
})
export type CalendarFeedQuery = z.infer<typeof calendarFeedQuery>

/** Query of GET /api/events/:id.ics. */
export const eventIcsQuery = z.object({
  /** Minutes before the start for a VALARM (the phone's calendar reminds); none when absent. At most 7 days. */
  remind: z.coerce.number().int().min(0).max(10_080).optional(),
})
export type EventIcsQuery = z.infer<typeof eventIcsQuery>
