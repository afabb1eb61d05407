import { and, eq, gt, gte, lte, or, sql, type SQL } from 'drizzle-orm'
import { CHINA_UTC_OFFSET } from '../../shared/domain/calendar-date.ts'
import { CALENDAR_UID_DOMAIN, type CalendarEntry } from '../../shared/domain/icalendar.ts'
import { eventPayload, type BuiltBase, type EventAudience, type PublicEvent } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { bases, syncRecords } from '../db/schema.ts'
import { acceptedExperts, expertsChange, expertsLine } from './event-experts.ts'

/*
 * Base events are sync records of kind `event` (staff write them through /api/sync/push); this
 * service is their public, read-only side. A cancelled event is a record with `deleted` set.
 */

// Real timestamptz columns written on push (sync-service `derived`): no read casts stored text.
const startsAt = syncRecords.startsAt
const endsAt = syncRecords.endsAt

export interface EventFilter {
  baseId?: string | undefined
  province?: string | undefined
  themeDayId?: string | undefined
  audience?: EventAudience | undefined
}

/** A stored event with what the public side needs to show it; `cancelled` only reaches the feed. */
export interface StoredEvent extends PublicEvent {
  cancelled: boolean
}

function filterConditions(filter: EventFilter): SQL[] {
  const where: SQL[] = [eq(syncRecords.kind, 'event'), eq(bases.listed, true)]
  if (filter.baseId) where.push(eq(syncRecords.baseId, filter.baseId))
  if (filter.province) where.push(eq(bases.province, filter.province))
  if (filter.themeDayId) where.push(sql`${syncRecords.payload}->>'themeDayId' = ${filter.themeDayId}`)
  if (filter.audience) where.push(sql`${syncRecords.payload}->>'audience' = ${filter.audience}`)
  return where
}

async function select(db: Database, where: SQL[], limit?: number): Promise<StoredEvent[]> {
  const query = db
    .select({
      id: syncRecords.id,
      payload: syncRecords.payload,
      version: syncRecords.version,
      deleted: syncRecords.deleted,
      updatedAt: syncRecords.updatedAt,
      base: bases.data,
    })
    .from(syncRecords)
    .innerJoin(bases, eq(bases.id, syncRecords.baseId))
    .where(and(...where))
    .orderBy(startsAt, syncRecords.id)
  const rows = await (limit === undefined ? query : query.limit(limit))
  return rows.flatMap((row) => {
    // Payloads were validated on push; parsing again fills defaults added since and skips a row
    // an older server version stored in another shape, instead of failing the whole list.
    const parsed = eventPayload.safeParse(row.payload)
    return parsed.success ? [toEvent(row.id, parsed.data, row.base, row.version, row.updatedAt, row.deleted)] : []
  })
}

function toEvent(
  id: string,
  p: ReturnType<typeof eventPayload.parse>,
  base: BuiltBase,
  version: number,
  updatedAt: Date,
  deleted: boolean,
): StoredEvent {
  return {
    id,
    title: p.title,
    description: p.description,
    start: p.start,
    end: p.end,
    place: p.place,
    themeDayId: p.themeDayId,
    audience: p.audience,
    capacity: p.capacity,
    registrationRequired: p.registrationRequired,
    base: {
      id: base.id,
      name: { zh: base.name.zh, en: base.name.en },
      province: base.province,
      address: base.address ?? null,
    },
    version,
    updatedAt: updatedAt.toISOString(),
    cancelled: deleted || p.cancelled,
  }
}

/** Most events one answer of GET /api/events carries (a narrower range or filter gets the rest). */
export const EVENTS_LIST_MAX = 500
/** Most events one base may have starting in one calendar month (Asia/Shanghai): far above real use, far below harm. */
export const EVENTS_PER_BASE_PER_MONTH = 100
/** Most base events in one calendar feed (the theme days come on top). */
export const FEED_EVENTS_MAX = 2_000

/**
 * Events not cancelled that overlap the Asia/Shanghai dates `from`..`to` (inclusive), by start;
 * at most `limit` + 1, so the caller can tell that there were more.
 */
export async function listEvents(
  db: Database,
  range: { from: string; to: string },
  filter: EventFilter,
  limit = EVENTS_LIST_MAX,
): Promise<PublicEvent[]> {
  const rows = await select(
    db,
    [
      ...filterConditions(filter),
      eq(syncRecords.deleted, false),
      lte(syncRecords.day, range.to),
      // Still going on `from` counts too: a week-long exhibition that opened yesterday is upcoming.
      gte(endsAt, new Date(`${range.from}T00:00:00${CHINA_UTC_OFFSET}`)),
    ],
    limit + 1,
  )
  return rows.map(toPublic)
}

/** One event, or null when unknown or cancelled; with the experts who accepted to take part. */
export async function getEvent(db: Database, id: string): Promise<StoredEvent | null> {
  const [row] = await select(db, [
    eq(syncRecords.kind, 'event'),
    eq(bases.listed, true),
    eq(syncRecords.id, id),
    eq(syncRecords.deleted, false),
  ])
  return row ? (await withExperts(db, [row]))[0]! : null
}

/** Events with `experts` filled in (an event page and the feed name them; lists do not). */
async function withExperts(db: Database, events: StoredEvent[]): Promise<StoredEvent[]> {
  const byEvent = await acceptedExperts(
    db,
    events.map((e) => e.id),
  )
  return events.map((e) => ({ ...e, experts: byEvent.get(e.id) ?? [] }))
}

/** How long a cancelled event stays in the feed, so subscribed calendars see STATUS:CANCELLED. */
export const CANCELLED_KEPT_DAYS = 30
/** Past events stay in the feed this long (a calendar that drops them would look emptied). */
export const PAST_KEPT_DAYS = 365

/** Events for the subscribable feed: upcoming and recent ones, plus recently cancelled ones. */
export async function feedEvents(db: Database, filter: EventFilter, now: Date = new Date()): Promise<StoredEvent[]> {
  const pastLimit = new Date(now.getTime() - PAST_KEPT_DAYS * 86_400_000)
  const cancelledLimit = new Date(now.getTime() - CANCELLED_KEPT_DAYS * 86_400_000)
  return withExperts(
    db,
    await select(
      db,
      [
        ...filterConditions(filter),
        gte(endsAt, pastLimit),
        or(eq(syncRecords.deleted, false), gt(syncRecords.updatedAt, cancelledLimit))!,
      ],
      FEED_EVENTS_MAX,
    ),
  )
}

/**
 * What the public event reads depend on, as one string: the newest change number of any event,
 * the newest base update, and the newest change to the experts events name (event-experts.ts).
 * Cheap (index look-ups), and the same on every instance sharing the database, so a cache keyed
 * by it is never stale on any of them.
 */
export async function eventsVersion(db: Database): Promise<string> {
  const [row] = await db
    .select({
      change: sql<string>`(select coalesce(max(${syncRecords.change}), 0) from ${syncRecords} where ${syncRecords.kind} = 'event')`,
      bases: sql<string>`(select coalesce(max(${bases.updatedAt}), 'epoch') from ${bases})`,
      experts: expertsChange,
    })
    .from(sql`(select 1) as one`)
  return `${String(row!.change)}@${new Date(String(row!.bases)).getTime()}@${String(row!.experts)}`
}

export function toPublic({ cancelled: _cancelled, ...event }: StoredEvent): PublicEvent {
  return event
}

const AUDIENCE_ZH: Record<EventAudience, string> = { public: '公众', school: '学校团体', squadron: '李四光中队' }

/** An event as an iCalendar entry: its UID never changes, SEQUENCE is the record version. */
export function eventEntry(event: StoredEvent, url?: string): CalendarEntry {
  const details = [
    event.description,
    `对象：${AUDIENCE_ZH[event.audience]}`,
    event.capacity === null ? '' : `名额：${event.capacity}`,
    event.registrationRequired ? '需要预约报名' : '',
    expertsLine(event.experts),
    url ?? '',
  ].filter(Boolean)
  return {
    uid: `event-${event.id}@${CALENDAR_UID_DOMAIN}`,
    summary: event.title,
    description: details.join('\n'),
    location: [event.base.name.zh, event.place, event.base.address].filter(Boolean).join(' · '),
    ...(url ? { url } : {}),
    when: { allDay: false, start: new Date(event.start), end: new Date(event.end) },
    status: event.cancelled ? 'cancelled' : 'confirmed',
    sequence: event.version,
    lastModified: new Date(event.updatedAt),
    categories: ['基地活动'],
  }
}
