import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import {
  eventPayload,
  SQUADRON_SETTINGS_DEFAULT,
  type BuiltBase,
  type EventPayload,
  type PublicEvent,
  type Registration,
  type SquadronEvent,
  type SquadronSettings,
  type SquadronVisit,
  type StaffRegistration,
} from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import type { Database } from '../db/connect.ts'
import { accounts, bases, registrations, squadronSettings, squadrons, syncRecords } from '../db/schema.ts'
import { EVENTS_LIST_MAX, listEvents, type EventFilter } from './event-service.ts'
import { cutoffOf, settingsFor, settingsOf, type RegistrationRow } from './registration-places.ts'
import { signTicket } from './ticket-service.ts'

/* Read side of 李四光中队 registrations: what teachers, staff phones and event lists show. */

const iso = (d: Date) => d.toISOString()

const ahead = alias(registrations, 'ahead')

/** A waitlisted registration's place in line (1 = next); null for any other status. */
const positionSql = sql<number | null>`case when ${registrations.status} = 'waitlisted' then (
  select count(*) from ${registrations} as ${ahead} where ${ahead.eventId} = ${registrations.eventId} and ${ahead.status} = 'waitlisted' and ${ahead.seq} <= ${registrations.seq}
) end`.mapWith(Number)

/** Waitlist positions (1 = next) of the waitlisted registrations of these events. */
async function positions(db: Database, eventIds: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>()
  if (eventIds.length === 0) return result
  const rows = await db
    .select({ id: registrations.id, eventId: registrations.eventId })
    .from(registrations)
    .where(and(inArray(registrations.eventId, [...eventIds]), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.seq))
  const counters = new Map<string, number>()
  for (const r of rows) {
    const n = (counters.get(r.eventId) ?? 0) + 1
    counters.set(r.eventId, n)
    result.set(r.id, n)
  }
  return result
}

function offerOf(row: Pick<RegistrationRow, 'status' | 'offerHeadcount' | 'offerExpiresAt'>): Registration['offer'] {
  return row.status === 'offered' && row.offerHeadcount !== null && row.offerExpiresAt
    ? { headcount: row.offerHeadcount, expiresAt: iso(row.offerExpiresAt) }
    : null
}

function checkInOf(row: Pick<RegistrationRow, 'checkedInAt' | 'checkedInHeadcount'>): Registration['checkIn'] {
  return row.checkedInAt && row.checkedInHeadcount !== null
    ? { at: iso(row.checkedInAt), headcount: row.checkedInHeadcount }
    : null
}

async function allSettings(db: Database, baseIds: readonly string[]): Promise<Map<string, SquadronSettings>> {
  const rows =
    baseIds.length === 0
      ? []
      : await db
          .select()
          .from(squadronSettings)
          .where(inArray(squadronSettings.baseId, [...baseIds]))
  return new Map(
    rows.map((r) => [
      r.baseId,
      { approvalRequired: r.approvalRequired, cutoffHours: r.cutoffHours, offerHours: r.offerHours },
    ]),
  )
}

/** One registration as its school sees it. */
export async function registrationView(db: Database, id: string, secret: string): Promise<Registration> {
  const [view] = await registrationViews(db, eq(registrations.id, id), secret)
  return view!
}

/** A school's registrations, oldest first, with tickets. */
export function schoolRegistrations(db: Database, schoolAccountId: string, secret: string): Promise<Registration[]> {
  return registrationViews(db, eq(registrations.schoolAccountId, schoolAccountId), secret)
}

/** What a registration's view shows of its own row. */
export type ViewedRow = Pick<
  RegistrationRow,
  | 'id'
  | 'eventId'
  | 'squadronId'
  | 'status'
  | 'headcount'
  | 'adults'
  | 'offerHeadcount'
  | 'offerExpiresAt'
  | 'declineReason'
  | 'ticketCode'
  | 'checkedInAt'
  | 'checkedInHeadcount'
  | 'createdAt'
  | 'updatedAt'
>

/** What a registration's view shows besides its own row. */
export interface ViewedAround {
  squadronName: string
  event: EventPayload
  base: Registration['event']['base']
  cutoffAt: Date
  /** Place in the waitlist (1 = next), when waitlisted. */
  position: number | null
}

/** A registration as its school sees it (with its ticket). */
export function toRegistration(r: ViewedRow, around: ViewedAround, secret: string): Registration {
  const { event, base } = around
  return {
    id: r.id,
    eventId: r.eventId,
    squadronId: r.squadronId,
    squadronName: around.squadronName,
    status: r.status,
    headcount: r.headcount,
    adults: r.adults,
    position: around.position,
    offer: offerOf(r),
    declineReason: r.declineReason,
    ticket:
      r.status === 'confirmed' && r.ticketCode
        ? { token: signTicket(secret, r.id, r.eventId), code: r.ticketCode }
        : null,
    checkIn: checkInOf(r),
    event: {
      id: r.eventId,
      title: event.title,
      start: event.start,
      end: event.end,
      place: event.place,
      base,
      cutoffAt: iso(around.cutoffAt),
    },
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }
}

/** A base as a registration's view names it. */
export const viewedBase = (base: BuiltBase): Registration['event']['base'] => ({
  id: base.id,
  name: { zh: base.name.zh, en: base.name.en },
  address: base.address ?? null,
})

/** Registrations matching `where`, as their school sees them (with tickets), in one query. */
async function registrationViews(db: Database, where: SQL | undefined, secret: string): Promise<Registration[]> {
  const rows = await db
    .select({
      r: registrations,
      squadronName: squadrons.name,
      payload: syncRecords.payload,
      base: bases.data,
      settings: squadronSettings,
      position: positionSql,
    })
    .from(registrations)
    .innerJoin(squadrons, eq(squadrons.id, registrations.squadronId))
    .innerJoin(syncRecords, eq(syncRecords.id, registrations.eventId))
    .innerJoin(bases, eq(bases.id, syncRecords.baseId))
    .leftJoin(squadronSettings, eq(squadronSettings.baseId, syncRecords.baseId))
    .where(where)
    .orderBy(asc(registrations.createdAt), asc(registrations.seq))
  return rows.flatMap(({ r, squadronName, payload, base, settings, position }) => {
    const event = eventPayload.safeParse(payload)
    if (!event.success) return []
    const cutoffAt = cutoffOf(new Date(event.data.start), settingsOf(settings))
    return [toRegistration(r, { squadronName, event: event.data, base: viewedBase(base), cutoffAt, position }, secret)]
  })
}

/** A school's visits: its registrations that were checked in. */
export async function schoolVisits(db: Database, schoolAccountId: string, issuer: string): Promise<SquadronVisit[]> {
  const rows = await db
    .select({ r: registrations, squadronName: squadrons.name, payload: syncRecords.payload, base: bases.data })
    .from(registrations)
    .innerJoin(squadrons, eq(squadrons.id, registrations.squadronId))
    .innerJoin(syncRecords, eq(syncRecords.id, registrations.eventId))
    .innerJoin(bases, eq(bases.id, syncRecords.baseId))
    .where(and(eq(registrations.schoolAccountId, schoolAccountId), isNotNull(registrations.checkedInAt)))
    .orderBy(asc(registrations.checkedInAt))
  return rows.map(({ r, squadronName, payload, base }) => ({
    registrationId: r.id,
    squadronId: r.squadronId,
    squadronName,
    // The event's date, as the statistics count it (sync-service.ts), not the scan's.
    date: todayInChina(new Date(typeof payload.start === 'string' ? payload.start : r.checkedInAt!)),
    base: { id: base.id, name: { zh: base.name.zh, en: base.name.en } },
    activity: typeof payload.title === 'string' ? payload.title : '',
    headcount: r.checkedInHeadcount ?? r.headcount,
    issuer,
  }))
}

/** Held places and waitlists of many events at `now`, read without locking (for lists). */
export async function heldByEvent(
  db: Database,
  eventIds: readonly string[],
  now: Date,
): Promise<Map<string, { held: number; waitingDemand: number; waitlistLength: number }>> {
  const result = new Map<string, { held: number; waitingDemand: number; waitlistLength: number }>()
  if (eventIds.length === 0) return result
  const rows = await db
    .select({
      eventId: registrations.eventId,
      held: sql<number>`coalesce(sum(case when ${registrations.status} in ('pending', 'confirmed') then ${registrations.headcount}
      when ${registrations.status} = 'offered' and ${registrations.offerExpiresAt} > ${now.toISOString()}::timestamptz then ${registrations.offerHeadcount} else 0 end), 0)`.mapWith(
        Number,
      ),
      waitingDemand:
        sql<number>`coalesce(sum(case when ${registrations.status} = 'waitlisted' then ${registrations.headcount} else 0 end), 0)`.mapWith(
          Number,
        ),
      waitlistLength: sql<number>`count(*) filter (where ${registrations.status} = 'waitlisted')`.mapWith(Number),
    })
    .from(registrations)
    .where(inArray(registrations.eventId, [...eventIds]))
    .groupBy(registrations.eventId)
  for (const r of rows)
    result.set(r.eventId, { held: r.held, waitingDemand: r.waitingDemand, waitlistLength: r.waitlistLength })
  return result
}

/** Events open to squadrons in the range, with places left at `now`. */
export async function squadronEvents(
  db: Database,
  range: { from: string; to: string },
  filter: EventFilter,
  now: Date,
): Promise<SquadronEvent[]> {
  const events = (await listEvents(db, range, filter))
    .slice(0, EVENTS_LIST_MAX)
    .filter((e): e is PublicEvent & { capacity: number } => e.audience !== 'public' && e.capacity !== null)
  const [held, settings] = await Promise.all([
    heldByEvent(
      db,
      events.map((e) => e.id),
      now,
    ),
    allSettings(db, [...new Set(events.map((e) => e.base.id))]),
  ])
  return events.map((e) => withPlaces(e, settings.get(e.base.id) ?? SQUADRON_SETTINGS_DEFAULT, held.get(e.id), now))
}

function withPlaces(
  e: PublicEvent & { capacity: number },
  settings: SquadronSettings,
  h: { held: number; waitingDemand: number; waitlistLength: number } | undefined,
  now: Date,
): SquadronEvent {
  const cutoffAt = cutoffOf(new Date(e.start), settings)
  // Waiting squadrons take freed places first, so they are not "remaining" for a newcomer.
  const remaining = Math.max(0, e.capacity - (h?.held ?? 0) - (h?.waitingDemand ?? 0))
  return {
    ...e,
    remaining,
    waitlistLength: h?.waitlistLength ?? 0,
    cutoffAt: iso(cutoffAt),
    open: now < cutoffAt,
    approvalRequired: settings.approvalRequired,
  }
}

/** One event for the staff screen (null when not open to squadrons). */
export async function squadronEventById(db: Database, event: PublicEvent, now: Date): Promise<SquadronEvent | null> {
  if (event.audience === 'public' || event.capacity === null) return null
  const held = await heldByEvent(db, [event.id], now)
  return withPlaces(
    event as PublicEvent & { capacity: number },
    await settingsFor(db, event.base.id),
    held.get(event.id),
    now,
  )
}

/** Everything a staff phone needs to check an event's classes in offline. */
export async function staffRegistrations(db: Database, eventId: string): Promise<StaffRegistration[]> {
  const rows = await db
    .select({ r: registrations, s: squadrons, school: accounts.school })
    .from(registrations)
    .innerJoin(squadrons, eq(squadrons.id, registrations.squadronId))
    .innerJoin(accounts, eq(accounts.id, registrations.schoolAccountId))
    .where(eq(registrations.eventId, eventId))
    .orderBy(asc(registrations.seq))
  const pos = await positions(db, [eventId])
  return rows.map(({ r, s, school }) => ({
    id: r.id,
    eventId: r.eventId,
    status: r.status,
    headcount: r.headcount,
    adults: r.adults,
    position: pos.get(r.id) ?? null,
    offer: offerOf(r),
    declineReason: r.declineReason,
    squadronName: s.name,
    grade: s.grade,
    teacher: s.teacher,
    schoolName: school?.name ?? '',
    contact: school?.contact ?? '',
    ticketCode: r.status === 'confirmed' ? r.ticketCode : null,
    ticketHash: r.status === 'confirmed' ? r.ticketHash : null,
    checkIn: checkInOf(r),
    createdAt: iso(r.createdAt),
  }))
}
