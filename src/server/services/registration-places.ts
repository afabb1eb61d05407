import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import {
  eventPayload,
  SQUADRON_SETTINGS_DEFAULT,
  type EventPayload,
  type SquadronSettings,
} from '../../shared/index.ts'
import { offerPlan } from '../../shared/domain/squadron-registration.ts'
import type { Database } from '../db/connect.ts'
import { bases, eventPlaces, registrations, squadronSettings, syncRecords } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { registrationLockWait } from '../metrics/app-metrics.ts'
import { randomTicketCode, sha256Hex, signTicket } from './ticket-service.ts'

/*
 * The one place where places change hands. Every change runs in a transaction that first locks
 * the event's row in `event_places` (SELECT … FOR UPDATE), then reads what is held from the
 * registrations themselves: there is no counter to drift, and two requests for the last places
 * of an event queue on the lock instead of both seeing them free. On PGlite (one connection)
 * transactions run one at a time anyway; on a PostgreSQL pool the lock does the work.
 */

export type RegistrationRow = typeof registrations.$inferSelect

/** An event open to squadrons, as the registration rules need it. */
export interface PlacesEvent {
  id: string
  baseId: string
  payload: EventPayload
  capacity: number
  start: Date
  cutoffAt: Date
  settings: SquadronSettings
}

export async function settingsFor(db: Database, baseId: string): Promise<SquadronSettings> {
  const [row] = await db.select().from(squadronSettings).where(eq(squadronSettings.baseId, baseId))
  return row
    ? { approvalRequired: row.approvalRequired, cutoffHours: row.cutoffHours, offerHours: row.offerHours }
    : SQUADRON_SETTINGS_DEFAULT
}

export function cutoffOf(start: Date, settings: SquadronSettings): Date {
  return new Date(start.getTime() - settings.cutoffHours * 3_600_000)
}

/** Audience school or squadron with a capacity: the events squadrons register for. */
export function isSquadronEvent(payload: EventPayload): payload is EventPayload & { capacity: number } {
  return payload.audience !== 'public' && payload.capacity !== null && !payload.cancelled
}

/** The event, or 404 when unknown, cancelled, unlisted or not open to squadrons. */
export async function loadPlacesEvent(db: Database, eventId: string): Promise<PlacesEvent> {
  const [row] = await db
    .select({
      id: syncRecords.id,
      baseId: syncRecords.baseId,
      payload: syncRecords.payload,
      deleted: syncRecords.deleted,
    })
    .from(syncRecords)
    .innerJoin(bases, eq(bases.id, syncRecords.baseId))
    .where(and(eq(syncRecords.id, eventId), eq(syncRecords.kind, 'event'), eq(bases.listed, true)))
  const parsed = row && !row.deleted ? eventPayload.safeParse(row.payload) : undefined
  if (!row || !parsed?.success) throw new HttpError(404, '没有这个活动 / no such event')
  if (!isSquadronEvent(parsed.data))
    throw new HttpError(409, '此活动不接受中队报名 / this event does not take squadron registrations')
  const settings = await settingsFor(db, row.baseId)
  const start = new Date(parsed.data.start)
  return {
    id: row.id,
    baseId: row.baseId,
    payload: parsed.data,
    capacity: parsed.data.capacity,
    start,
    cutoffAt: cutoffOf(start, settings),
    settings,
  }
}

/**
 * Runs `fn` in a transaction holding the event's place lock. The lock is an upsert of the event's
 * row (ON CONFLICT DO UPDATE locks the row like SELECT … FOR UPDATE, and also covers the event's
 * first registration, when the row does not exist yet), in one round trip.
 */
export async function withEventLock<T>(
  db: Database,
  eventId: string,
  fn: (tx: Database, event: PlacesEvent) => Promise<T>,
): Promise<T> {
  const event = await loadPlacesEvent(db, eventId)
  const waiting = registrationLockWait.startTimer()
  return db.transaction(async (tx) => {
    await tx
      .insert(eventPlaces)
      .values({ eventId })
      .onConflictDoUpdate({ target: eventPlaces.eventId, set: { eventId } })
    waiting()
    return fn(tx, event)
  })
}

export interface PlacesState {
  held: number
  free: number
  waitlistLength: number
}

/** Places held at this instant (offers past their time already expired by `reconcile`). */
const heldSql =
  sql<number>`coalesce(sum(case when ${registrations.status} in ('pending', 'confirmed') then ${registrations.headcount}
  when ${registrations.status} = 'offered' then ${registrations.offerHeadcount} else 0 end), 0)`.mapWith(Number)

/**
 * Brings an event up to date at `now` (call it holding the lock): offers past their time expire,
 * then free places go to the waitlist in order, as offers (partial when fewer places are free
 * than asked; shared/domain/squadron-registration.ts). Offers stop at the cut-off, when teachers
 * can no longer answer them.
 */
export async function reconcile(tx: Database, event: PlacesEvent, now: Date): Promise<PlacesState> {
  await tx
    .update(registrations)
    .set({ status: 'expired', updatedAt: now })
    .where(
      and(
        eq(registrations.eventId, event.id),
        eq(registrations.status, 'offered'),
        lte(registrations.offerExpiresAt, now),
      ),
    )
  const [totals] = await tx
    .select({
      held: heldSql,
      waiting: sql<number>`count(*) filter (where ${registrations.status} = 'waitlisted')`.mapWith(Number),
    })
    .from(registrations)
    .where(eq(registrations.eventId, event.id))
  const held = totals?.held ?? 0
  const waitingCount = totals?.waiting ?? 0
  const canOffer = now < event.cutoffAt
  // The waitlist itself is read only when someone on it can be offered something.
  if (waitingCount === 0 || !canOffer || held >= event.capacity)
    return { held, free: Math.max(0, event.capacity - held), waitlistLength: waitingCount }
  const waiting = await tx
    .select({ id: registrations.id, headcount: registrations.headcount })
    .from(registrations)
    .where(and(eq(registrations.eventId, event.id), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.seq))
  const plan = offerPlan(event.capacity, held, waiting, canOffer)
  const expiresAt = offerExpiry(event, now)
  for (const offer of plan.offers) {
    await tx
      .update(registrations)
      .set({ status: 'offered', offerHeadcount: offer.headcount, offerExpiresAt: expiresAt, updatedAt: now })
      .where(eq(registrations.id, offer.id))
  }
  return { held: plan.held, free: plan.free, waitlistLength: plan.waitlistLength }
}

/** An offer lasts the base's offer time, and never past the cut-off. */
export function offerExpiry(event: PlacesEvent, now: Date): Date {
  return new Date(Math.min(now.getTime() + event.settings.offerHours * 3_600_000, event.cutoffAt.getTime()))
}

/** A ticket for a registration being confirmed: a code unique in the event, and the token's hash. */
export async function drawTicket(
  tx: Database,
  secret: string,
  registrationId: string,
  eventId: string,
): Promise<{ ticketCode: string; ticketHash: string }> {
  // Codes are drawn under the event lock, so checking for a clash first is enough.
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = randomTicketCode()
    const [clash] = await tx
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.ticketCode, code)))
    if (!clash) return { ticketCode: code, ticketHash: sha256Hex(signTicket(secret, registrationId, eventId)) }
  }
  throw new Error('could not draw a unique ticket code')
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
