import { LRUCache } from 'lru-cache'
import { z } from 'zod'
import { addDays, todayInChina } from '../../shared/domain/calendar-date.ts'
import { buildICalendar, themeDayEntries } from '../../shared/domain/icalendar.ts'
import { apiError, calendarFeedQuery, eventIcsQuery, EVENTS_RANGE_DEFAULT_DAYS, EVENTS_RANGE_MAX_DAYS, eventsQuery, eventsResponse, publicEvent, recordId } from '../../shared/index.ts'
import { HttpError } from '../http-error.ts'
import { EVENTS_LIST_MAX, eventEntry, eventsVersion, feedEvents, getEvent, listEvents, toPublic } from '../services/event-service.ts'
import { sendCached } from './cached-reply.ts'
import type { RouteDeps, ZodApp } from './types.ts'

const DAY_MS = 86_400_000
const ICS_TYPE = 'text/calendar; charset=utf-8'
/** Feed clients poll; theme days bring many at once, so let caches answer for five minutes. */
const FEED_CACHE = 'public, max-age=300'
/** Built feeds kept per server (each query × version × day is one entry; old versions fall out). */
const FEED_CACHE_ENTRIES = 64

export function calendarRoutes(app: ZodApp, { db, content }: RouteDeps): void {
  const feedCache = new LRUCache<string, string>({ max: FEED_CACHE_ENTRIES })

  app.get('/api/events', {
    schema: { tags: ['events'], summary: 'Upcoming base events (not cancelled), by start', querystring: eventsQuery, response: { 200: eventsResponse, 400: apiError } },
  }, async (request, reply) => {
    const { from: fromQuery, to: toQuery, ...filter } = request.query
    const from = fromQuery ?? todayInChina()
    const to = toQuery ?? addDays(from, EVENTS_RANGE_DEFAULT_DAYS)
    const span = (Date.parse(to) - Date.parse(from)) / DAY_MS
    if (span < 0) throw new HttpError(400, 'to: must not be before from')
    if (span > EVENTS_RANGE_MAX_DAYS) throw new HttpError(400, `to: at most ${EVENTS_RANGE_MAX_DAYS} days after from`)
    reply.header('cache-control', 'public, max-age=60')
    const events = await listEvents(db, { from, to }, filter)
    return { from, to, events: events.slice(0, EVENTS_LIST_MAX), more: events.length > EVENTS_LIST_MAX }
  })

  // find-my-way matches the `.ics` suffix before the bare `:id` route, whatever the order.
  app.get('/api/events/:id.ics', {
    schema: {
      tags: ['events'],
      summary: 'One event as an iCalendar file (加入日历); `remind` adds an alarm that many minutes before',
      params: z.object({ id: recordId }),
      querystring: eventIcsQuery,
      response: { 400: apiError, 404: apiError },
    },
  }, async (request, reply) => {
    const event = await getEvent(db, request.params.id)
    if (!event) throw new HttpError(404, `no event "${request.params.id}"`)
    const { remind } = request.query
    const text = buildICalendar([{ ...eventEntry(event), ...(remind === undefined ? {} : { alarmMinutesBefore: remind }) }], { name: event.title })
    reply.type(ICS_TYPE).header('content-disposition', `attachment; filename="event-${event.id}.ics"`)
    return sendCached(request, reply, text, 'public, max-age=60')
  })

  app.get('/api/events/:id', {
    schema: { tags: ['events'], summary: 'One event', params: z.object({ id: recordId }), response: { 200: publicEvent, 404: apiError } },
  }, async (request) => {
    const event = await getEvent(db, request.params.id)
    if (!event) throw new HttpError(404, `no event "${request.params.id}"`)
    return toPublic(event)
  })

  app.get('/api/calendar.ics', {
    schema: { tags: ['events'], summary: 'Subscribable feed: theme days and base events (webcal)', querystring: calendarFeedQuery },
  }, async (request, reply) => {
    const { years, themeDayId, ...where } = request.query
    const today = todayInChina()
    // The feed is built once per data version, day and query, then served from memory: a theme
    // day's thousands of subscribers cost one build, and any write changes the version at once.
    const key = `${await eventsVersion(db)}|${today}|${years}|${themeDayId ?? ''}|${where.province ?? ''}|${where.baseId ?? ''}`
    let text = feedCache.get(key)
    if (text === undefined) {
      const firstYear = Number(today.slice(0, 4))
      const yearList = Array.from({ length: years }, (_, i) => firstYear + i)
      const days = themeDayId ? content.themeDays.filter((d) => d.id === themeDayId) : content.themeDays
      // Theme days change only with a release; a fixed stamp keeps the body (and its ETag) stable.
      const themeEntries = themeDayEntries(days, yearList, new Date(Date.UTC(firstYear, 0, 1)))
      const eventEntries = (await feedEvents(db, { ...where, themeDayId })).map((e) => eventEntry(e))
      text = buildICalendar([...themeEntries, ...eventEntries], { name: '自然资源科普日历', refreshHours: 6 })
      feedCache.set(key, text)
    }
    reply.type(ICS_TYPE).header('content-disposition', 'inline; filename="ziran-kepu.ics"')
    return sendCached(request, reply, text, FEED_CACHE)
  })
}
