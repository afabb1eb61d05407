import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import {
  ACTIVE_STATUSES,
  type Account,
  type Registration,
  type RegistrationRequest,
  type RegistrationStatus,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { uniqueViolation } from '../db/errors.ts'
import { REGISTRATION_KEYS, registrations, squadrons, syncRecords } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import {
  addPlacesRows,
  drawTicket,
  loadSquadronAndEvent,
  newTicket,
  placeQueued,
  reconcile,
  settle,
  withEventLock,
  type PlacesEvent,
  type RegistrationRow,
} from './registration-places.ts'
import { registrationView, toRegistration, viewedBase } from './registration-views.ts'

/** Gives a registration being confirmed its ticket. */
async function issueTicket(tx: Database, secret: string, row: Pick<RegistrationRow, 'id' | 'eventId'>): Promise<void> {
  await tx
    .update(registrations)
    .set(await drawTicket(tx, secret, row.id, row.eventId))
    .where(eq(registrations.id, row.id))
}

/*
 * What teachers and staff do to registrations. A new registration is placed by one statement
 * (registration-places.ts `placeNew`); every other action locks its event, brings offers up to
 * date at `now`, changes one registration, then hands any freed places to the waitlist, all in
 * one transaction.
 */

export interface RegistrationContext {
  db: Database
  now: () => Date
  /** The ticket signing key (ticket-service.ts `ticketSecret`). */
  secret: () => Promise<string>
}

const fmt = (d: Date) => d.toISOString()

/**
 * The pupils (everyone minus the adults) are the squadron's: never more than it has. Adults
 * come on top, so a class of 32 with 2 teachers registers 34 people (schemas/squadron.ts).
 */
function assertPupilsFit(headcount: number, adults: number, squadronSize: number): void {
  if (headcount - adults > squadronSize) {
    throw new HttpError(
      409,
      `学生 ${headcount - adults} 人，超过中队人数 ${squadronSize} 人 / ${headcount - adults} pupils, more than the squadron's ${squadronSize}`,
    )
  }
}

function assertBeforeCutoff(event: PlacesEvent, now: Date): void {
  if (now >= event.cutoffAt)
    throw new HttpError(409, `已过截止时间（${fmt(event.cutoffAt)}）/ past the cut-off (${fmt(event.cutoffAt)})`)
}

/** The registration an earlier request with this id made, if any (409 when it was for another event or squadron). */
async function earlierRequest(
  db: Database,
  account: Account,
  eventId: string,
  body: RegistrationRequest,
): Promise<RegistrationRow | undefined> {
  const [row] = await db
    .select()
    .from(registrations)
    .where(and(eq(registrations.schoolAccountId, account.id), eq(registrations.requestId, body.requestId)))
  if (row && (row.eventId !== eventId || row.squadronId !== body.squadronId)) {
    throw new HttpError(409, 'requestId 已用于另一次报名 / requestId already used for another registration')
  }
  return row
}

/**
 * A teacher registers a squadron: its registration as the school sees it, and whether this
 * request made it (false: a retry, answered with the first request's registration).
 * The database refuses a second registration for a request id, or for a squadron already in play
 * (REGISTRATION_KEYS); so the earlier request is looked up only when this one is refused, and a
 * retry gets the first one's registration whatever changed since (the cut-off passed, the
 * squadron archived …).
 */
export async function register(
  ctx: RegistrationContext,
  account: Account,
  eventId: string,
  body: RegistrationRequest,
): Promise<{ created: boolean; registration: Registration }> {
  try {
    return { created: true, registration: await placeRegistration(ctx, account, eventId, body) }
  } catch (error) {
    const refusedBy = uniqueViolation(error)
    if (!(error instanceof HttpError) && refusedBy === undefined) throw error
    const earlier = await earlierRequest(ctx.db, account, eventId, body)
    if (earlier) return { created: false, registration: await registrationView(ctx.db, earlier.id, await ctx.secret()) }
    if (refusedBy === REGISTRATION_KEYS.activeSquadron)
      throw new HttpError(409, '该中队已报名此活动 / this squadron is already registered for this event')
    throw error
  }
}

async function placeRegistration(
  ctx: RegistrationContext,
  account: Account,
  eventId: string,
  body: RegistrationRequest,
): Promise<Registration> {
  const read = await loadSquadronAndEvent(ctx.db, body.squadronId, account.id, eventId)
  const squadron = read.squadron
  if (!squadron) throw new HttpError(404, '没有这个中队 / no such squadron')
  if (squadron.archived) throw new HttpError(409, '该中队已归档 / this squadron is archived')
  assertPupilsFit(body.headcount, body.adults, squadron.headcount)
  let event = read.event()
  const now = ctx.now()
  assertBeforeCutoff(event, now)
  const secret = await ctx.secret()
  const id = randomUUID()

  // Each turn ends in a placement, or in what stood in its way: the event's first registration
  // (no row to lock yet), offers to settle first, or (rarely) a ticket code the event already has.
  for (let turn = 1; ; turn++) {
    const registration = {
      id,
      squadronId: body.squadronId,
      schoolAccountId: account.id,
      requestId: body.requestId,
      headcount: body.headcount,
      adults: body.adults,
      ticket: newTicket(secret, id, eventId),
    }
    const placement = await placeQueued(ctx.db, event, now, registration).catch((error: unknown) => {
      if (uniqueViolation(error) === REGISTRATION_KEYS.ticketCode && turn < 8) return { outcome: 'clash' as const }
      throw error
    })
    if (placement.outcome === 'placed') {
      // Everything the answer shows is in hand: no need to read the registration back.
      const around = {
        squadronName: squadron.name,
        event: event.payload,
        base: viewedBase(event.base),
        cutoffAt: event.cutoffAt,
        position: placement.position,
      }
      return toRegistration(placement.row, around, secret)
    }
    if (turn === 8) throw new Error(`registration ${id}: not placed after ${turn} turns (${placement.outcome})`)
    if (placement.outcome === 'missing') await addPlacesRows(ctx.db, [eventId])
    if (placement.outcome === 'due') {
      // The next turn places it with the event as this lock read it.
      event = await withEventLock(ctx.db, eventId, async (tx, locked, counters) => {
        await settle(tx, locked, counters, now)
        return locked
      })
      assertBeforeCutoff(event, now)
    }
  }
}

/** Loads a registration the caller may act on: the owning school, staff of its base, or an admin. */
async function ownedRegistration(
  db: Database,
  account: Account,
  id: string,
  side: 'school' | 'staff',
): Promise<RegistrationRow> {
  const [row] = await db
    .select({ registration: registrations, baseId: syncRecords.baseId })
    .from(registrations)
    .innerJoin(syncRecords, eq(syncRecords.id, registrations.eventId))
    .where(eq(registrations.id, id))
  const allowed =
    row &&
    (side === 'school'
      ? account.role === 'school' && row.registration.schoolAccountId === account.id
      : account.role === 'admin' || (account.role === 'base_staff' && account.baseId === row.baseId))
  if (!row || !allowed) throw new HttpError(404, '没有这个报名 / no such registration')
  return row.registration
}

type Change = (tx: Database, row: RegistrationRow, event: PlacesEvent, now: Date, secret: string) => Promise<void>

/**
 * Runs a status change: loads the registration and checks `side` may change it, then, in one
 * transaction holding the event's lock, re-reads it, applies `change` and re-offers freed places;
 * the closing `reconcile` also sets the event's counters from its registrations.
 */
async function changeRegistration(
  ctx: RegistrationContext,
  account: Account,
  id: string,
  side: 'school' | 'staff',
  change: Change,
): Promise<string> {
  const first = await ownedRegistration(ctx.db, account, id, side)
  const secret = await ctx.secret()
  const now = ctx.now()
  await withEventLock(ctx.db, first.eventId, async (tx, event, counters) => {
    await settle(tx, event, counters, now)
    const [row] = await tx.select().from(registrations).where(eq(registrations.id, id))
    await change(tx, row!, event, now, secret)
    await reconcile(tx, event, now)
  })
  return id
}

/** Refuses (409) a change the registration's current status does not allow. */
function requireStatus(row: RegistrationRow, allowed: readonly RegistrationStatus[], what: string): void {
  if (!allowed.includes(row.status))
    throw new HttpError(409, `${what}：当前状态为 ${row.status} / cannot ${what} a registration that is ${row.status}`)
}

async function setStatus(
  tx: Database,
  id: string,
  now: Date,
  values: Partial<typeof registrations.$inferInsert>,
): Promise<void> {
  await tx
    .update(registrations)
    .set({ ...values, updatedAt: now })
    .where(eq(registrations.id, id))
}

export function cancelRegistration(ctx: RegistrationContext, account: Account, id: string): Promise<string> {
  return changeRegistration(ctx, account, id, 'school', async (tx, row, event, now) => {
    requireStatus(row, ACTIVE_STATUSES, '取消 cancel')
    // Leaving the waitlist is always possible; giving back held places only before the cut-off.
    if (row.status !== 'waitlisted') assertBeforeCutoff(event, now)
    if (row.checkedInAt) throw new HttpError(409, '已签到，不能取消 / already checked in')
    await setStatus(tx, id, now, { status: 'cancelled' })
  })
}

export function changeHeadcount(
  ctx: RegistrationContext,
  account: Account,
  id: string,
  headcount: number,
  adultsAsked?: number,
): Promise<string> {
  return changeRegistration(ctx, account, id, 'school', async (tx, row, event, now, secret) => {
    requireStatus(row, ['pending', 'confirmed', 'waitlisted'], '修改人数 change the headcount of')
    assertBeforeCutoff(event, now)
    // Unsaid, the adults stay as they were, as long as one pupil is left.
    const adults = adultsAsked ?? Math.min(row.adults, headcount - 1)
    const [squadron] = await tx
      .select({ headcount: squadrons.headcount })
      .from(squadrons)
      .where(eq(squadrons.id, row.squadronId))
    assertPupilsFit(headcount, adults, squadron?.headcount ?? Infinity)
    if (row.status !== 'waitlisted' && headcount > row.headcount) {
      const { free } = await reconcile(tx, event, now)
      const more = headcount - row.headcount
      if (more > free) throw new HttpError(409, `名额不足：只剩 ${free} 个 / only ${free} places left`)
    }
    await setStatus(tx, id, now, { headcount, adults })
    if (row.status === 'confirmed' && !row.ticketCode) await issueTicket(tx, secret, row)
  })
}

export function acceptOffer(ctx: RegistrationContext, account: Account, id: string): Promise<string> {
  return changeRegistration(ctx, account, id, 'school', async (tx, row, event, now, secret) => {
    if (row.status === 'expired') throw new HttpError(409, '名额保留已过期 / the offer has expired')
    requireStatus(row, ['offered'], '接受名额 accept an offer for')
    const status = event.settings.approvalRequired ? 'pending' : 'confirmed'
    // A partial offer: the class comes with fewer people; its adults are kept as long as one pupil is left.
    await setStatus(tx, id, now, {
      status,
      headcount: row.offerHeadcount!,
      adults: Math.min(row.adults, row.offerHeadcount! - 1),
      offerExpiresAt: null,
    })
    if (status === 'confirmed') await issueTicket(tx, secret, row)
  })
}

export function declineOffer(ctx: RegistrationContext, account: Account, id: string): Promise<string> {
  return changeRegistration(ctx, account, id, 'school', async (tx, row, _event, now) => {
    requireStatus(row, ['offered'], '放弃名额 decline an offer for')
    await setStatus(tx, id, now, { status: 'cancelled', offerExpiresAt: null })
  })
}

export function approveRegistration(ctx: RegistrationContext, account: Account, id: string): Promise<string> {
  return changeRegistration(ctx, account, id, 'staff', async (tx, row, _event, now, secret) => {
    requireStatus(row, ['pending'], '批准 approve')
    await setStatus(tx, id, now, { status: 'confirmed' })
    await issueTicket(tx, secret, row)
  })
}

export function declineRegistration(
  ctx: RegistrationContext,
  account: Account,
  id: string,
  reason: string,
): Promise<string> {
  return changeRegistration(ctx, account, id, 'staff', async (tx, row, _event, now) => {
    requireStatus(row, ['pending', 'waitlisted', 'offered'], '拒绝 decline')
    await setStatus(tx, id, now, { status: 'declined', declineReason: reason, offerExpiresAt: null })
  })
}

/** Touches the events where this school waits or holds an offer, before the school reads them. */
export async function refreshSchoolEvents(ctx: RegistrationContext, schoolAccountId: string): Promise<void> {
  const open = await ctx.db
    .selectDistinct({ eventId: registrations.eventId })
    .from(registrations)
    .where(
      and(eq(registrations.schoolAccountId, schoolAccountId), inArray(registrations.status, ['offered', 'waitlisted'])),
    )
  await refreshEvents(
    ctx,
    open.map((r) => r.eventId),
  )
}

/** Expires and re-offers on every event the caller is about to read (reads touch the event too). */
export async function refreshEvents(ctx: RegistrationContext, eventIds: readonly string[]): Promise<void> {
  const now = ctx.now()
  for (const eventId of new Set(eventIds)) {
    await withEventLock(ctx.db, eventId, (tx, event, counters) => settle(tx, event, counters, now)).catch(
      (error: unknown) => {
        // An event cancelled or changed to the public since: nothing to hand out.
        if (!(error instanceof HttpError)) throw error
      },
    )
  }
}
