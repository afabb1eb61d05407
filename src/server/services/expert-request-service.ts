import { and, count, desc, eq, gte, sql, type SQL } from 'drizzle-orm'
import { addDays, CHINA_UTC_OFFSET, todayInChina } from '../../shared/domain/calendar-date.ts'
import { engagement, eventDays, scheduleConflicts } from '../../shared/domain/expert-schedule.ts'
import {
  eventPayload,
  type Account,
  type ExpertRequest,
  type ExpertRequestInput,
  type ExpertScheduleResponse,
} from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { accounts, bases, expertRequests, experts, syncRecords } from '../db/schema.ts'
import { HttpError } from '../http-error.ts'
import { getEvent } from './event-service.ts'
import type { ExpertRow } from './expert-service.ts'

/*
 * Bases ask experts to their events. A request names one of the base's events and one of its
 * days; the expert accepts or declines; the base may withdraw it, and the expert an acceptance,
 * each with a reason. Accepted experts are named on the event page and in the calendar feeds
 * (event-experts.ts); every status change takes a new change number, which the feeds' cache key
 * reads (event-service `eventsVersion`).
 */

/** Requests one base may send per Asia/Shanghai day: a busy base's month of events, not a mailing. */
export const EXPERT_REQUESTS_PER_BASE_PER_DAY = 20
/** How far back an expert's schedule reaches (events that ended earlier drop off it). */
export const SCHEDULE_PAST_DAYS = 30
/** Most requests one list answer carries (newest first). */
export const EXPERT_REQUESTS_LIST_MAX = 500

const nextChange = sql`nextval('expert_change_seq')`
const STATUS_ZH = { requested: '待回复', accepted: '已接受', declined: '已婉拒', withdrawn: '已撤回' } as const

type RequestRow = typeof expertRequests.$inferSelect

async function views(db: Database, where: SQL | undefined): Promise<ExpertRequest[]> {
  const rows = await db
    .select({
      request: expertRequests,
      expertName: experts.name,
      expertTitle: experts.title,
      visibility: experts.visibility,
      payload: syncRecords.payload,
      deleted: syncRecords.deleted,
      base: bases.data,
    })
    .from(expertRequests)
    .innerJoin(experts, eq(experts.id, expertRequests.expertId))
    .innerJoin(syncRecords, eq(syncRecords.id, expertRequests.eventId))
    .innerJoin(bases, eq(bases.id, expertRequests.baseId))
    .where(where)
    .orderBy(desc(expertRequests.createdAt), desc(expertRequests.id))
    .limit(EXPERT_REQUESTS_LIST_MAX)
  return rows.flatMap(({ request: r, ...row }) => {
    const event = eventPayload.safeParse(row.payload)
    if (!event.success) return []
    return [
      {
        id: r.id,
        status: r.status,
        expert: { id: r.expertId, name: row.expertName, title: row.visibility.title ? row.expertTitle : null },
        event: {
          id: r.eventId,
          title: event.data.title,
          start: event.data.start,
          end: event.data.end,
          place: event.data.place,
          cancelled: row.deleted || event.data.cancelled,
        },
        base: { id: row.base.id, name: { zh: row.base.name.zh, en: row.base.name.en } },
        date: r.date,
        format: r.format,
        message: r.message,
        declineReason: r.declineReason,
        withdrawnBy: r.withdrawnBy,
        withdrawReason: r.withdrawReason,
        createdAt: r.createdAt.toISOString(),
        respondedAt: r.respondedAt?.toISOString() ?? null,
        withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
      },
    ]
  })
}

async function view(db: Database, id: string): Promise<ExpertRequest> {
  const [request] = await views(db, eq(expertRequests.id, id))
  if (!request) throw new HttpError(404, '没有这个邀请 / no such request')
  return request
}

/** The event a request may be about: the base's own, not cancelled, not over. */
async function requestableEvent(db: Database, eventId: string, baseId: string, now: Date) {
  const event = await getEvent(db, eventId)
  if (!event) throw new HttpError(404, '没有这个活动（或已取消）/ no such event (or it was cancelled)')
  if (event.base.id !== baseId)
    throw new HttpError(
      403,
      "该活动属于其他基地：只能为本基地的活动邀请专家 / this event belongs to another base: invite experts to your own base's events",
    )
  if (event.cancelled) throw new HttpError(409, '活动已取消 / the event is cancelled')
  if (Date.parse(event.end) <= now.getTime()) throw new HttpError(409, '活动已结束 / the event is over')
  return event
}

/** The expert a base may ask: on the platform, with an active account, not paused. */
async function requestableExpert(db: Database, expertId: string) {
  const [expert] = await db
    .select({ status: experts.status, paused: experts.paused, accountStatus: accounts.status })
    .from(experts)
    .leftJoin(accounts, eq(accounts.id, experts.accountId))
    .where(eq(experts.id, expertId))
    .limit(1)
  if (!expert || expert.status === 'invited') throw new HttpError(404, '没有这位专家 / no such expert')
  if (expert.status !== 'active') {
    throw new HttpError(
      409,
      '这位专家没有在本平台开通账号（如往届首席科学传播专家），无法接收邀请 / this expert has no account here (like a former chief expert) and cannot take requests',
    )
  }
  if (expert.accountStatus !== 'active')
    throw new HttpError(409, "这位专家的账号已停用 / this expert's account is disabled")
  if (expert.paused) throw new HttpError(409, '这位专家暂停接收邀请 / this expert is not taking requests at the moment')
}

/**
 * Staff (or an admin) ask an expert to one of the base's events. At most
 * EXPERT_REQUESTS_PER_BASE_PER_DAY a day per base, counted under a lock on the base so parallel
 * requests cannot all pass; one live request per expert, event and day (a unique index decides).
 */
export async function createRequest(
  db: Database,
  account: Account,
  baseId: string,
  input: ExpertRequestInput,
  now: Date,
): Promise<ExpertRequest> {
  const event = await requestableEvent(db, input.eventId, baseId, now)
  const { first, last } = eventDays(event)
  const today = todayInChina(now)
  const badDate =
    input.date < first || input.date > last
      ? `日期须是活动的某一天（${first}–${last}）/ the date must be one of the event's days (${first} to ${last})`
      : input.date < today
        ? '这一天已过 / that day is past'
        : null
  if (badDate)
    throw new HttpError(400, `Invalid body: body.date ${badDate}`, {}, [{ path: 'body.date', message: badDate }])
  await requestableExpert(db, input.expertId)
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`expert-requests:${baseId}`}))`)
    const dayStart = new Date(`${today}T00:00:00${CHINA_UTC_OFFSET}`)
    const [sent] = await tx
      .select({ n: count() })
      .from(expertRequests)
      .where(and(eq(expertRequests.baseId, baseId), gte(expertRequests.createdAt, dayStart)))
    if ((sent?.n ?? 0) >= EXPERT_REQUESTS_PER_BASE_PER_DAY) {
      const retryAfter = Math.ceil(
        (Date.parse(`${addDays(today, 1)}T00:00:00${CHINA_UTC_OFFSET}`) - now.getTime()) / 1000,
      )
      throw new HttpError(
        429,
        `本基地今天已发出 ${EXPERT_REQUESTS_PER_BASE_PER_DAY} 个专家邀请，明天可以再发 / this base has sent ${EXPERT_REQUESTS_PER_BASE_PER_DAY} expert requests today: send more tomorrow`,
        { 'retry-after': String(retryAfter) },
      )
    }
    const [row] = await tx
      .insert(expertRequests)
      .values({
        expertId: input.expertId,
        baseId,
        eventId: input.eventId,
        requestedBy: account.id,
        date: input.date,
        format: input.format,
        message: input.message,
        status: 'requested',
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: expertRequests.id })
    if (!row)
      throw new HttpError(
        409,
        '已向这位专家发出这一天的邀请 / this expert already has a request for this event and day',
      )
    return row.id
  })
  return view(db, id)
}

/** Locks a request of `scope` for a change; 404 when it is not there (or not the caller's). */
async function lockRequest(tx: Database, id: string, scope: SQL): Promise<RequestRow> {
  const [row] = await tx
    .select()
    .from(expertRequests)
    .where(and(eq(expertRequests.id, id), scope))
    .for('update')
  if (!row) throw new HttpError(404, '没有这个邀请 / no such request')
  return row
}

const alreadyDecided = (row: RequestRow) =>
  new HttpError(409, `该邀请${STATUS_ZH[row.status]} / this request is already ${row.status}`)

/** The expert accepts (the event must still be on) or declines, with an optional reason. */
export async function respondToRequest(
  db: Database,
  expert: ExpertRow,
  id: string,
  answer: { accept: true } | { accept: false; reason: string | undefined },
  now: Date,
): Promise<ExpertRequest> {
  await db.transaction(async (tx) => {
    const row = await lockRequest(tx, id, eq(expertRequests.expertId, expert.id))
    if (row.status !== 'requested') throw alreadyDecided(row)
    if (answer.accept) {
      const event = await getEvent(tx, row.eventId)
      if (!event || event.cancelled) throw new HttpError(409, '活动已取消 / the event is cancelled')
      if (Date.parse(event.end) <= now.getTime()) throw new HttpError(409, '活动已结束 / the event is over')
    }
    await tx
      .update(expertRequests)
      .set(
        answer.accept
          ? { status: 'accepted', respondedAt: now, updatedAt: now, change: nextChange }
          : {
              status: 'declined',
              declineReason: answer.reason || null,
              respondedAt: now,
              updatedAt: now,
              change: nextChange,
            },
      )
      .where(eq(expertRequests.id, id))
  })
  return view(db, id)
}

/**
 * Either side calls it off, with a reason the other side reads: the base a request or an
 * acceptance, the expert an acceptance (an open request is declined instead).
 */
export async function withdrawRequest(
  db: Database,
  by: { base: string } | { expert: ExpertRow },
  id: string,
  reason: string,
  now: Date,
): Promise<ExpertRequest> {
  await db.transaction(async (tx) => {
    const scope = 'base' in by ? eq(expertRequests.baseId, by.base) : eq(expertRequests.expertId, by.expert.id)
    const row = await lockRequest(tx, id, scope)
    if (!('base' in by) && row.status === 'requested')
      throw new HttpError(409, '尚未接受的邀请请选择婉拒 / you have not accepted this request: decline it instead')
    if (row.status !== 'requested' && row.status !== 'accepted') throw alreadyDecided(row)
    await tx
      .update(expertRequests)
      .set({
        status: 'withdrawn',
        withdrawnBy: 'base' in by ? 'base' : 'expert',
        withdrawReason: reason,
        withdrawnAt: now,
        updatedAt: now,
        change: nextChange,
      })
      .where(eq(expertRequests.id, id))
  })
  return view(db, id)
}

/** A base's requests, newest first. */
export function baseRequests(db: Database, baseId: string): Promise<ExpertRequest[]> {
  return views(db, eq(expertRequests.baseId, baseId))
}

/**
 * The expert's schedule: their requests for events that ended at most SCHEDULE_PAST_DAYS ago, by
 * when they take place, each with the live requests it clashes with.
 */
export async function expertSchedule(db: Database, expert: ExpertRow, now: Date): Promise<ExpertScheduleResponse> {
  const since = new Date(now.getTime() - SCHEDULE_PAST_DAYS * 86_400_000)
  const requests = await views(db, and(eq(expertRequests.expertId, expert.id), gte(syncRecords.endsAt, since)))
  const spans = new Map(requests.map((r) => [r.id, engagement(r.event, r.date)]))
  const conflicts = scheduleConflicts(
    requests.map((r) => ({ id: r.id, status: r.status, span: spans.get(r.id)!, cancelled: r.event.cancelled })),
  )
  const items = requests
    .map((r) => ({ ...r, conflicts: conflicts.get(r.id) ?? [] }))
    .sort((a, b) => spans.get(a.id)!.start - spans.get(b.id)!.start || (a.id < b.id ? -1 : 1))
  return { items }
}
