import { z } from 'zod'
import { addDays, todayInChina } from '../../shared/domain/calendar-date.ts'
import { buildICalendar, themeDayEntries } from '../../shared/domain/icalendar.ts'
import {
  apiError,
  calendarFeedQuery,
  eventIcsQuery,
  EVENTS_RANGE_DEFAULT_DAYS,
  EVENTS_RANGE_MAX_DAYS,
  eventsQuery,
  eventsResponse,
  publicEvent,
  recordId,
} from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import { queryKey, replyCached } from '../cache/public-cache.ts'
import { EVENTS_LIST_MAX, eventEntry, feedEvents, getEvent, listEvents, toPublic } from '../services/event-service.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const DAY_MS = 86_400_000
const ICS_TYPE = 'text/calendar; charset=utf-8'
/** Feed clients poll; theme days bring many at once, so let caches answer for five minutes. */
const FEED_CACHE = 'public, max-age=300'
const EVENTS_CACHE = 'public, max-age=60'
const JSON_TYPE = 'application/json; charset=utf-8'

export function calendarRoutes(app: ZodApp, { db, content, cache, versions }: RouteDeps): void {
  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Upcoming base events (not cancelled), by start',
        querystring: eventsQuery,
        response: { 200: eventsResponse, 400: apiError },
      },
    },
    async (request, reply) => {
      const { from: fromQuery, to: toQuery, ...filter } = request.query
      const from = fromQuery ?? todayInChina()
      const to = toQuery ?? addDays(from, EVENTS_RANGE_DEFAULT_DAYS)
      const span = (Date.parse(to) - Date.parse(from)) / DAY_MS
      if (span < 0) throw new HttpError(400, 'to: must not be before from')
      if (span > EVENTS_RANGE_MAX_DAYS) throw new HttpError(400, `to: at most ${EVENTS_RANGE_MAX_DAYS} days after from`)
      return replyCached(cache, request, reply, {
        name: 'events',
        key: `${await versions.current('events')}|${queryKey({ ...filter, from, to })}`,
        cacheControl: EVENTS_CACHE,
        build: async () => {
          const events = await listEvents(db, { from, to }, filter)
          const body = eventsResponse.parse({
            from,
            to,
            events: events.slice(0, EVENTS_LIST_MAX),
            more: events.length > EVENTS_LIST_MAX,
          })
          return { body: JSON.stringify(body), type: JSON_TYPE }
        },
      })
    },
  )

  // find-my-way matches the `.ics` suffix before the bare `:id` route, whatever the order.
  app.get(
    '/api/events/:id.ics',
    {
      schema: {
        tags: ['events'],
        summary: 'One event as an iCalendar file (加入日历); `remind` adds an alarm that many minutes before',
        params: z.object({ id: recordId }),
        querystring: eventIcsQuery,
        response: { 400: apiError, 404: apiError },
      },
    },
    async (request, reply) => {
      const { remind } = request.query
      void reply.header('content-disposition', `attachment; filename="event-${request.params.id}.ics"`)
      return replyCached(cache, request, reply, {
        name: 'event-ics',
        key: `${await versions.current('events')}|${request.params.id}|${remind ?? ''}`,
        cacheControl: EVENTS_CACHE,
        build: async () => {
          const event = await getEvent(db, request.params.id)
          if (!event) throw new HttpError(404, `no event "${request.params.id}"`)
          const text = buildICalendar(
            [{ ...eventEntry(event), ...(remind === undefined ? {} : { alarmMinutesBefore: remind }) }],
            { name: event.title },
          )
          return { body: text, type: ICS_TYPE }
        },
      })
    },
  )

  app.get(
    '/api/events/:id',
    {
      schema: {
        tags: ['events'],
        summary: 'One event',
        params: z.object({ id: recordId }),
        response: { 200: publicEvent, 404: apiError },
      },
    },
    async (request, reply) =>
      replyCached(cache, request, reply, {
        name: 'event',
        key: `${await versions.current('events')}|${request.params.id}`,
        cacheControl: EVENTS_CACHE,
        build: async () => {
          const event = await getEvent(db, request.params.id)
          if (!event) throw new HttpError(404, `no event "${request.params.id}"`)
          return { body: JSON.stringify(publicEvent.parse(toPublic(event))), type: JSON_TYPE }
        },
      }),
  )

  app.get(
    '/api/calendar.ics',
    {
      schema: {
        tags: ['events'],
        summary: 'Subscribable feed: theme days and base events (webcal)',
        querystring: calendarFeedQuery,
      },
    },
    async (request, reply) => {
      const { years, themeDayId, ...where } = request.query
      const today = todayInChina()
      // Built once per data version, day and query: a theme day's thousands of subscribers cost one build.
      void reply.header('content-disposition', 'inline; filename="ziran-kepu.ics"')
      return replyCached(cache, request, reply, {
        name: 'calendar-feed',
        key: `${await versions.current('events')}|${today}|${queryKey(request.query)}`,
        cacheControl: FEED_CACHE,
        build: async () => {
          const firstYear = Number(today.slice(0, 4))
          const yearList = Array.from({ length: years }, (_, i) => firstYear + i)
          const days = themeDayId ? content.themeDays.filter((d) => d.id === themeDayId) : content.themeDays
          // Theme days change only with a release; a fixed stamp keeps the body (and its ETag) stable.
          const themeEntries = themeDayEntries(days, yearList, new Date(Date.UTC(firstYear, 0, 1)))
          const eventEntries = (await feedEvents(db, { ...where, themeDayId })).map((e) => eventEntry(e))
          return {
            body: buildICalendar([...themeEntries, ...eventEntries], { name: '自然资源科普日历', refreshHours: 6 }),
            type: ICS_TYPE,
          }
        },
      })
    },
  )
}
