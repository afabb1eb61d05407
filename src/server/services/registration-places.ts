import { and, asc, eq, lte, sql } from 'drizzle-orm'
import {
  eventPayload,
  SQUADRON_SETTINGS_DEFAULT,
  type BuiltBase,
  type EventPayload,
  type RegistrationStatus,
  type SquadronSettings,
} from '../../shared/index.ts'
import { offerPlan } from '../../shared/domain/squadron-registration.ts'
import type { Database } from '../db/connect.ts'
import { bases, eventPlaces, registrations, squadronSettings, squadrons, syncRecords } from '../db/schema.ts'
import { uniqueViolation } from '../db/errors.ts'
import { preparedPerHandle } from '../db/prepared.ts'
import { HttpError } from '../http-error.ts'
import { registrationLockWait } from '../metrics/app-metrics.ts'
import { randomTicketCode, sha256Hex, signTicket } from './ticket-service.ts'

/*
 * The one place where places change hands. Each event has a row in `event_places` that every
 * change locks first, so two requests for the last places queue on the lock instead of both seeing
 * them free. The row also keeps what the event's registrations add up to (places held, the
 * waitlist's length, the earliest offer expiry), changed under that lock by whatever changes them:
 *  - a new registration is placed by one statement (`placeNew`) that locks the row, decides from
 *    its counters, inserts the registration and counts it: the lock is held only while the
 *    database runs that statement;
 *  - every other change runs in a transaction that takes the lock first (`withEventLock`) and ends
 *    with `reconcile`, which recounts from the registrations themselves and rewrites the counters.
 *    It also runs before a registration is placed when an offer has expired or free places wait
 *    for the waitlist (`reconcileDue`).
 * On PGlite (one connection) statements run one at a time anyway; on a PostgreSQL pool the lock
 * does the work.
 */

export type RegistrationRow = typeof registrations.$inferSelect

/** An event open to squadrons, as the registration rules need it. */
export interface PlacesEvent {
  id: string
  baseId: string
  base: BuiltBase
  payload: EventPayload
  capacity: number
  start: Date
  cutoffAt: Date
  settings: SquadronSettings
}

/** A base's settings from its row, or the defaults when it has none. */
export function settingsOf(row: typeof squadronSettings.$inferSelect | null | undefined): SquadronSettings {
  return row
    ? { approvalRequired: row.approvalRequired, cutoffHours: row.cutoffHours, offerHours: row.offerHours }
    : SQUADRON_SETTINGS_DEFAULT
}

export async function settingsFor(db: Database, baseId: string): Promise<SquadronSettings> {
  const [row] = await db.select().from(squadronSettings).where(eq(squadronSettings.baseId, baseId))
  return settingsOf(row)
}

export function cutoffOf(start: Date, settings: SquadronSettings): Date {
  return new Date(start.getTime() - settings.cutoffHours * 3_600_000)
}

/** Audience school or squadron with a capacity: the events squadrons register for. */
export function isSquadronEvent(payload: EventPayload): payload is EventPayload & { capacity: number } {
  return payload.audience !== 'public' && payload.capacity !== null && !payload.cancelled
}

/** What a PlacesEvent is read from: the event's record, its base when listed, the base's settings. */
const eventFields = {
  event: { id: syncRecords.id, baseId: syncRecords.baseId, payload: syncRecords.payload, deleted: syncRecords.deleted },
  base: bases.data,
  settings: squadronSettings,
}
type EventFieldsRow = {
  event: { id: string; baseId: string; payload: Record<string, unknown>; deleted: boolean } | null
  base: BuiltBase | null
  settings: typeof squadronSettings.$inferSelect | null
}

/** The event, or 404 when unknown, cancelled, unlisted or not open to squadrons. */
function placesEventOf(row: EventFieldsRow | undefined): PlacesEvent {
  const parsed = row?.event && row.base && !row.event.deleted ? eventPayload.safeParse(row.event.payload) : undefined
  if (!row?.event || !row.base || !parsed?.success) throw new HttpError(404, '没有这个活动 / no such event')
  if (!isSquadronEvent(parsed.data))
    throw new HttpError(409, '此活动不接受中队报名 / this event does not take squadron registrations')
  const settings = settingsOf(row.settings)
  const start = new Date(parsed.data.start)
  return {
    id: row.event.id,
    baseId: row.event.baseId,
    base: row.base,
    payload: parsed.data,
    capacity: parsed.data.capacity,
    start,
    cutoffAt: cutoffOf(start, settings),
    settings,
  }
}

/** The event, or 404 when unknown, cancelled, unlisted or not open to squadrons. */
export async function loadPlacesEvent(db: Database, eventId: string): Promise<PlacesEvent> {
  const [row] = await db
    .select(eventFields)
    .from(syncRecords)
    .innerJoin(bases, and(eq(bases.id, syncRecords.baseId), eq(bases.listed, true)))
    .leftJoin(squadronSettings, eq(squadronSettings.baseId, syncRecords.baseId))
    .where(and(eq(syncRecords.id, eventId), eq(syncRecords.kind, 'event')))
  return placesEventOf(row)
}

/** The read below, prepared (named: PostgreSQL plans it once per connection). */
const squadronAndEventRead = preparedPerHandle((db) =>
  db
    .select({ squadron: squadrons, ...eventFields })
    .from(sql`(select 1) as one`)
    .leftJoin(
      squadrons,
      and(
        eq(squadrons.id, sql.placeholder('squadronId')),
        eq(squadrons.schoolAccountId, sql.placeholder('schoolAccountId')),
      ),
    )
    .leftJoin(syncRecords, and(eq(syncRecords.id, sql.placeholder('eventId')), eq(syncRecords.kind, 'event')))
    .leftJoin(bases, and(eq(bases.id, syncRecords.baseId), eq(bases.listed, true)))
    .leftJoin(squadronSettings, eq(squadronSettings.baseId, syncRecords.baseId))
    .prepare('squadron_and_event'),
)

/**
 * A school's squadron (undefined when it has none by this id) and the event to register it for,
 * read in one round trip. The event is built when asked for, so the squadron's refusals can come first.
 */
export async function loadSquadronAndEvent(db: Database, squadronId: string, schoolAccountId: string, eventId: string) {
  const [row] = await squadronAndEventRead(db).execute({ squadronId, schoolAccountId, eventId })
  return { squadron: row?.squadron ?? undefined, event: () => placesEventOf(row) }
}

/** What an event's registrations add up to, as its `event_places` row keeps it. */
export interface PlacesCounters {
  held: number
  waitlisted: number
  nextOfferExpiresAt: Date | null
}

const countersColumns = {
  held: eventPlaces.held,
  waitlisted: eventPlaces.waitlisted,
  nextOfferExpiresAt: eventPlaces.nextOfferExpiresAt,
}

/**
 * Runs `fn` in a transaction holding the event's place lock. The lock is an upsert of the event's
 * row (ON CONFLICT DO UPDATE locks the row like SELECT … FOR UPDATE, and also covers the event's
 * first registration, when the row does not exist yet) that returns its counters, in one round trip.
 */
export async function withEventLock<T>(
  db: Database,
  eventId: string,
  fn: (tx: Database, event: PlacesEvent, counters: PlacesCounters) => Promise<T>,
): Promise<T> {
  const event = await loadPlacesEvent(db, eventId)
  const waiting = registrationLockWait.startTimer()
  return db.transaction(async (tx) => {
    const [counters] = await tx
      .insert(eventPlaces)
      .values({ eventId })
      .onConflictDoUpdate({ target: eventPlaces.eventId, set: { eventId } })
      .returning(countersColumns)
    waiting()
    return fn(tx, event, counters!)
  })
}

export interface PlacesState {
  held: number
  free: number
  waitlistLength: number
}

/** Places held, as the registrations' rows say (offers past their time count until `reconcile` expires them). */
const heldSql =
  sql<number>`coalesce(sum(case when ${registrations.status} in ('pending', 'confirmed') then ${registrations.headcount}
  when ${registrations.status} = 'offered' then ${registrations.offerHeadcount} else 0 end), 0)::integer`.mapWith(
    Number,
  )

/**
 * True when the counters alone cannot place a registration: an offer is past its time, or
 * places are free while squadrons wait (a capacity raised since, or places freed before the
 * cut-off passed). Anything else that frees places reconciles in its own transaction.
 */
export function reconcileDue(event: PlacesEvent, counters: PlacesCounters, now: Date): boolean {
  const offerExpired = counters.nextOfferExpiresAt !== null && counters.nextOfferExpiresAt <= now
  return offerExpired || (counters.waitlisted > 0 && counters.held < event.capacity && now < event.cutoffAt)
}

/** The event's places at `now` (call it holding the lock): from the counters, reconciling first when due. */
export async function settle(
  tx: Database,
  event: PlacesEvent,
  counters: PlacesCounters,
  now: Date,
): Promise<PlacesState> {
  if (reconcileDue(event, counters, now)) return reconcile(tx, event, now)
  return { held: counters.held, free: Math.max(0, event.capacity - counters.held), waitlistLength: counters.waitlisted }
}

/**
 * Brings an event up to date at `now` (call it holding the lock): offers past their time expire,
 * then free places go to the waitlist in order, as offers (partial when fewer places are free
 * than asked; shared/domain/squadron-registration.ts). Offers stop at the cut-off, when teachers
 * can no longer answer them. The counters are rewritten from the registrations on the way.
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
  const [counters] = await recount(tx, event.id)
  const { held, waitlisted } = counters!
  const canOffer = now < event.cutoffAt
  // The waitlist itself is read only when someone on it can be offered something.
  if (waitlisted === 0 || !canOffer || held >= event.capacity)
    return { held, free: Math.max(0, event.capacity - held), waitlistLength: waitlisted }
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
  if (plan.offers.length > 0) {
    const next = counters!.nextOfferExpiresAt
    await tx
      .update(eventPlaces)
      .set({
        held: plan.held,
        waitlisted: plan.waitlistLength,
        nextOfferExpiresAt: next && next < expiresAt ? next : expiresAt,
      })
      .where(eq(eventPlaces.eventId, event.id))
  }
  return { held: plan.held, free: plan.free, waitlistLength: plan.waitlistLength }
}

/** Sets the event's counters to what its registrations add up to, and returns them. */
export function recount(tx: Database, eventId: string) {
  // Named apart from event_places' columns, which Drizzle's SET would otherwise leave ambiguous.
  const totals = tx
    .select({
      held: heldSql.as('counted_held'),
      waitlisted: sql<number>`(count(*) filter (where ${registrations.status} = 'waitlisted'))::integer`.as(
        'counted_waitlisted',
      ),
      nextOfferExpiresAt:
        sql<Date | null>`min(${registrations.offerExpiresAt}) filter (where ${registrations.status} = 'offered')`.as(
          'counted_next_offer_expires_at',
        ),
    })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .as('totals')
  return tx
    .update(eventPlaces)
    .set({
      held: sql`${totals.held}`,
      waitlisted: sql`${totals.waitlisted}`,
      nextOfferExpiresAt: sql`${totals.nextOfferExpiresAt}`,
    })
    .from(totals)
    .where(eq(eventPlaces.eventId, eventId))
    .returning(countersColumns)
}

/** A new registration, as the teacher asked for it. */
export interface NewRegistration {
  id: string
  squadronId: string
  schoolAccountId: string
  requestId: string
  headcount: number
  adults: number
  /** Its ticket, kept when it is confirmed. */
  ticket: { ticketCode: string; ticketHash: string }
}

/**
 * `placed`: the registration as inserted, and its place in the waitlist when waitlisted;
 * `missing`: the event has no `event_places` row yet (its first registration);
 * `due`: the counters cannot place it until `reconcile` runs.
 */
export type Placement =
  { outcome: 'placed'; row: Omit<RegistrationRow, 'seq'>; position: number | null } | { outcome: 'missing' | 'due' }

type PlacedRow = {
  status: RegistrationStatus | 'due'
  offer_headcount: number | null
  ticket_code: string | null
  position: number | string | null
}

/**
 * Places new registrations, in the order given, in one statement, so the event's lock is held
 * only while the database runs it: the statement locks the event's row (FOR UPDATE), decides from
 * its counters where each registration goes, inserts them, and adds what they hold to the
 * counters. Its CASE is `reconcileDue`, then `placementOf` (shared/domain/squadron-registration.ts)
 * folded over the list, in SQL: the registrations that fit one after another are held, the first
 * that does not is offered what is left (if anything is), and the rest wait in line. A test holds
 * the two to the same answers. A duplicate (REGISTRATION_KEYS) fails the whole statement.
 * An answer per registration, in the same order; all `due` or all `missing` when nothing was placed.
 */
export async function placeNewBatch(
  db: Database,
  event: PlacesEvent,
  now: Date,
  list: readonly NewRegistration[],
): Promise<Placement[]> {
  const at = now.toISOString()
  const heldStatus: RegistrationStatus = event.settings.approvalRequired ? 'pending' : 'confirmed'
  const expiry = offerExpiry(event, now).toISOString()
  const column = <T>(pick: (r: NewRegistration) => T) => sql.param(list.map(pick))
  const waited = registrationLockWait.startTimer()
  const result = (await db.execute<PlacedRow>(sql`
    with places as (
      select held, waitlisted, next_offer_expires_at, greatest(0, ${event.capacity} - held) as free
      from event_places where event_id = ${event.id} for update
    ), asked as (
      select asked.*, sum(headcount) over (order by ord) as running
      from unnest(${column((r) => r.id)}::uuid[], ${column((r) => r.squadronId)}::uuid[],
        ${column((r) => r.schoolAccountId)}::uuid[], ${column((r) => r.requestId)}::uuid[],
        ${column((r) => r.headcount)}::int[], ${column((r) => r.adults)}::int[],
        ${column((r) => r.ticket.ticketCode)}::text[], ${column((r) => r.ticket.ticketHash)}::text[])
        with ordinality as asked(id, squadron_id, school_account_id, request_id, headcount, adults, ticket_code, ticket_hash, ord)
    ), placed as (
      select asked.*, free - (running - headcount) as left_before, waitlisted as waiting, case
        when next_offer_expires_at <= ${at}::timestamptz
          or (waitlisted > 0 and held < ${event.capacity} and ${at}::timestamptz < ${event.cutoffAt.toISOString()}::timestamptz) then 'due'
        when waitlisted = 0 and running <= free then ${heldStatus}
        when waitlisted = 0 and running - headcount < free then 'offered'
        else 'waitlisted' end as status
      from asked cross join places
    ), inserted as (
      insert into registrations (id, event_id, squadron_id, school_account_id, request_id, status, headcount, adults,
        offer_headcount, offer_expires_at, ticket_code, ticket_hash, created_at, updated_at)
      select id, ${event.id}, squadron_id, school_account_id, request_id, status, headcount, adults,
        case when status = 'offered' then left_before end, case when status = 'offered' then ${expiry}::timestamptz end,
        case when status = 'confirmed' then ticket_code end, case when status = 'confirmed' then ticket_hash end,
        ${at}::timestamptz, ${at}::timestamptz
      from placed where status <> 'due'
      -- In line order: the waitlist is ordered by the identity column this insert draws.
      order by ord
      returning id, status, offer_headcount, ticket_code, headcount
    ), gained as (
      select coalesce(sum(case status when 'offered' then offer_headcount when 'waitlisted' then 0 else headcount end), 0) as held,
        count(*) filter (where status = 'waitlisted') as waitlisted, bool_or(status = 'offered') as offered
      from inserted
    ), counted as (
      update event_places set
        held = event_places.held + gained.held,
        waitlisted = event_places.waitlisted + gained.waitlisted,
        -- least() skips a null: the event's first offer sets the earliest expiry.
        next_offer_expires_at = case when gained.offered then least(event_places.next_offer_expires_at, ${expiry}::timestamptz)
          else event_places.next_offer_expires_at end
      from gained where event_places.event_id = ${event.id} and exists (select 1 from inserted)
    )
    select placed.status, inserted.offer_headcount, inserted.ticket_code,
      case when placed.status = 'waitlisted'
        then placed.waiting + count(*) filter (where placed.status = 'waitlisted') over (order by placed.ord) end as position
    from placed left join inserted on inserted.id = placed.id
    order by placed.ord`)) as { rows: PlacedRow[] }
  waited()
  if (result.rows.length === 0) return list.map(() => ({ outcome: 'missing' }))
  return result.rows.map((placed, i): Placement => {
    const r = list[i]!
    const { status, offer_headcount: offerHeadcount, ticket_code: ticketCode, position } = placed
    if (status === 'due') return { outcome: 'due' }
    const row = {
      id: r.id,
      eventId: event.id,
      squadronId: r.squadronId,
      schoolAccountId: r.schoolAccountId,
      requestId: r.requestId,
      status,
      headcount: r.headcount,
      adults: r.adults,
      offerHeadcount,
      offerExpiresAt: offerHeadcount === null ? null : new Date(expiry),
      declineReason: null,
      ticketCode,
      ticketHash: ticketCode === null ? null : r.ticket.ticketHash,
      checkinRecordId: null,
      checkedInAt: null,
      checkedInHeadcount: null,
      createdAt: now,
      updatedAt: now,
    }
    return { outcome: 'placed', row, position: position === null ? null : Number(position) }
  })
}

/** One registration: `placeNewBatch` of one. */
export async function placeNew(db: Database, event: PlacesEvent, now: Date, r: NewRegistration): Promise<Placement> {
  const [placement] = await placeNewBatch(db, event, now, [r])
  return placement!
}

/*
 * Placements queue per event in each process, and one statement places whatever queued while the
 * one before it ran: a burst of teachers for the same event waits on the event's lock a few times
 * instead of once each. A placement that finds no statement running for its event waits one turn
 * of the event loop (setImmediate), so that requests already read from their sockets can join it:
 * on PGlite, which runs one statement at a time, batches form no other way. Across instances the
 * lock still decides, batch by batch.
 */

/** The most registrations one statement places. */
const BATCH_MAX = 100

interface Queued {
  event: PlacesEvent
  now: Date
  registration: NewRegistration
  resolve: (placement: Placement) => void
  reject: (error: unknown) => void
}

/** By database handle, then event: the placements waiting for the statement running for that event. */
const queues = new WeakMap<Database, Map<string, Queued[]>>()

/** `placeNew`, in its event's queue: the same answer, or the same error, as placing it alone. */
export function placeQueued(db: Database, event: PlacesEvent, now: Date, r: NewRegistration): Promise<Placement> {
  return new Promise((resolve, reject) => {
    let byEvent = queues.get(db)
    if (!byEvent) queues.set(db, (byEvent = new Map<string, Queued[]>()))
    const queued = { event, now, registration: r, resolve, reject }
    const waiting = byEvent.get(event.id)
    if (waiting) waiting.push(queued)
    else {
      byEvent.set(event.id, [queued])
      setImmediate(() => {
        void drain(db, byEvent, event.id)
      })
    }
  })
}

async function drain(db: Database, byEvent: Map<string, Queued[]>, eventId: string): Promise<void> {
  const next = () => byEvent.get(eventId)!.splice(0, BATCH_MAX)
  for (let batch = next(); batch.length > 0; batch = next()) await placeTogether(db, batch)
  byEvent.delete(eventId)
}

/** Never throws: each waiting placement gets its answer or its error. */
async function placeTogether(db: Database, batch: readonly Queued[]): Promise<void> {
  // The event as the last of them read it, at the latest of their clocks.
  const { event } = batch.at(-1)!
  const now = new Date(Math.max(...batch.map((q) => q.now.getTime())))
  try {
    const placements = await placeNewBatch(
      db,
      event,
      now,
      batch.map((q) => q.registration),
    )
    batch.forEach((q, i) => q.resolve(placements[i]!))
  } catch (error) {
    if (batch.length === 1 || uniqueViolation(error) === undefined) {
      for (const q of batch) q.reject(error)
      return
    }
    // One of them repeats a request or a squadron already in, or drew a ticket code the event
    // has: one by one, each gets its own answer.
    for (const q of batch) await placeNew(db, q.event, q.now, q.registration).then(q.resolve, q.reject)
  }
}

/** Gives events their `event_places` rows, where they have none yet. */
export async function addPlacesRows(db: Database, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return
  await db
    .insert(eventPlaces)
    .values(eventIds.map((eventId) => ({ eventId })))
    .onConflictDoNothing()
}

/** An offer lasts the base's offer time, and never past the cut-off. */
export function offerExpiry(event: PlacesEvent, now: Date): Date {
  return new Date(Math.min(now.getTime() + event.settings.offerHours * 3_600_000, event.cutoffAt.getTime()))
}

/** A ticket for a registration being confirmed: a random code, and the token's hash. */
export function newTicket(
  secret: string,
  registrationId: string,
  eventId: string,
): { ticketCode: string; ticketHash: string } {
  return { ticketCode: randomTicketCode(), ticketHash: sha256Hex(signTicket(secret, registrationId, eventId)) }
}

/** A ticket whose code is free in the event, checked first (call it holding the event's lock). */
export async function drawTicket(
  tx: Database,
  secret: string,
  registrationId: string,
  eventId: string,
): Promise<{ ticketCode: string; ticketHash: string }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const ticket = newTicket(secret, registrationId, eventId)
    const [clash] = await tx
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.eventId, eventId), eq(registrations.ticketCode, ticket.ticketCode)))
    if (!clash) return ticket
  }
  throw new Error('could not draw a unique ticket code')
}
