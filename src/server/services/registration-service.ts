import { randomUUID } from 'node:crypto'
import { and, eq, inArray, or } from 'drizzle-orm'
import { ACTIVE_STATUSES, type Account, type RegistrationRequest, type RegistrationStatus } from '../../shared/index.ts'
import { placementOf } from '../../shared/domain/squadron-registration.ts'
import type { Database } from '../db/connect.ts'
import { registrations, squadrons, syncRecords } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import {
  drawTicket,
  offerExpiry,
  reconcile,
  withEventLock,
  type PlacesEvent,
  type RegistrationRow,
} from './registration-places.ts'

/** Gives a registration being confirmed its ticket. */
async function issueTicket(tx: Database, secret: string, row: Pick<RegistrationRow, 'id' | 'eventId'>): Promise<void> {
  await tx
    .update(registrations)
    .set(await drawTicket(tx, secret, row.id, row.eventId))
    .where(eq(registrations.id, row.id))
}

/*
 * What teachers and staff do to registrations. Each action locks its event
 * (registration-places.ts), brings offers up to date at `now`, changes one registration, then
 * hands any freed places to the waitlist, all in one transaction.
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

/** A teacher registers a squadron. `created` is false when a retried request found its registration. */
export async function register(
  ctx: RegistrationContext,
  account: Account,
  eventId: string,
  body: RegistrationRequest,
): Promise<{ id: string; created: boolean }> {
  const sameRequest = (row: RegistrationRow | undefined) => {
    if (row && (row.eventId !== eventId || row.squadronId !== body.squadronId)) {
      throw new HttpError(409, 'requestId 已用于另一次报名 / requestId already used for another registration')
    }
    return row
  }
  const [earlier] = await ctx.db
    .select()
    .from(registrations)
    .where(and(eq(registrations.schoolAccountId, account.id), eq(registrations.requestId, body.requestId)))
  if (sameRequest(earlier)) return { id: earlier!.id, created: false }

  const [squadron] = await ctx.db
    .select()
    .from(squadrons)
    .where(and(eq(squadrons.id, body.squadronId), eq(squadrons.schoolAccountId, account.id)))
  if (!squadron) throw new HttpError(404, '没有这个中队 / no such squadron')
  if (squadron.archived) throw new HttpError(409, '该中队已归档 / this squadron is archived')
  assertPupilsFit(body.headcount, body.adults, squadron.headcount)
  const secret = await ctx.secret()
  const now = ctx.now()

  // Kept short: everything above ran before the lock; inside, a handful of statements.
  return withEventLock(ctx.db, eventId, async (tx, event) => {
    assertBeforeCutoff(event, now)
    // A retry that raced the first request waited on the lock and finds the first one's row now.
    const found = await tx
      .select()
      .from(registrations)
      .where(
        or(
          and(eq(registrations.schoolAccountId, account.id), eq(registrations.requestId, body.requestId)),
          and(
            eq(registrations.eventId, eventId),
            eq(registrations.squadronId, body.squadronId),
            inArray(registrations.status, [...ACTIVE_STATUSES]),
          ),
        ),
      )
    const raced = sameRequest(found.find((r) => r.requestId === body.requestId && r.schoolAccountId === account.id))
    if (raced) return { id: raced.id, created: false }
    if (found.length > 0)
      throw new HttpError(409, '该中队已报名此活动 / this squadron is already registered for this event')

    const { free, waitlistLength } = await reconcile(tx, event, now)
    const status = placementOf(body.headcount, free, waitlistLength, event.settings.approvalRequired)
    const id = randomUUID()
    await tx.insert(registrations).values({
      id,
      eventId,
      squadronId: body.squadronId,
      schoolAccountId: account.id,
      requestId: body.requestId,
      status,
      headcount: body.headcount,
      adults: body.adults,
      createdAt: now,
      updatedAt: now,
      // First in line with fewer places free than asked: offered what is left, at once.
      ...(status === 'offered' ? { offerHeadcount: free, offerExpiresAt: offerExpiry(event, now) } : {}),
      ...(status === 'confirmed' ? await drawTicket(tx, secret, id, eventId) : {}),
    })
    return { id, created: true }
  })
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
 * transaction holding the event's lock, re-reads it, applies `change` and re-offers freed places.
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
  await withEventLock(ctx.db, first.eventId, async (tx, event) => {
    await reconcile(tx, event, now)
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
    await withEventLock(ctx.db, eventId, (tx, event) => reconcile(tx, event, now)).catch((error: unknown) => {
      // An event cancelled or changed to the public since: nothing to hand out.
      if (!(error instanceof HttpError)) throw error
    })
  }
}
