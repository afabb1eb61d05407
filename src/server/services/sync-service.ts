import { and, asc, count, eq, gt, gte, inArray, lt, ne, sql } from 'drizzle-orm'
import {
  syncRecord, type Account, type PushAck, type PullResponse, type StoredRecord, type SyncRecord,
} from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import type { Database } from '../db/connect.ts'
import { bases, registrations, syncRecords } from '../db/schema.ts'
import { canonicalJson } from '../../shared/domain/compare.ts'
import { CHECKIN_OPENS_BEFORE_MS, checkinTiming } from '../../shared/domain/ticket-code.ts'
import { EVENTS_PER_BASE_PER_MONTH } from './event-service.ts'

/** `2026-12` → `2027-01-01`. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/*
 * The server side of src/client/sync/README.md: each record of a push is checked on its own and
 * answered with its own ack; records are stored under the device's id, so a replay is a
 * `duplicate`, never a second row; an activity edit made on an old version is a `conflict`.
 */

type Row = typeof syncRecords.$inferSelect

/** Serializes pushes, so change numbers become visible in the order they were assigned. */
const PUSH_LOCK = 727_001

function zodReason(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`).join('; ')
}

/** Columns the statistics read, derived from the validated record. */
function derived(record: SyncRecord): Pick<Row, 'day' | 'category' | 'amount' | 'target' | 'deleted' | 'startsAt' | 'endsAt'> {
  return { startsAt: null, endsAt: null, ...derivedCounts(record) }
}

function derivedCounts(record: SyncRecord): Pick<Row, 'day' | 'category' | 'amount' | 'target' | 'deleted'> & Partial<Pick<Row, 'startsAt' | 'endsAt'>> {
  switch (record.kind) {
    case 'tally':
      return { day: todayInChina(new Date(record.payload.at)), category: record.payload.audience, amount: record.payload.count, target: null, deleted: false }
    case 'tally-void':
      return { day: null, category: null, amount: null, target: record.payload.target, deleted: false }
    case 'activity':
      return { day: record.payload.date, category: record.payload.type, amount: record.payload.participants, target: null, deleted: record.payload.deleted }
    case 'event':
      // Real instants (shared `instant` checked them): the public reads compare these, never the payload's text.
      return {
        day: todayInChina(new Date(record.payload.start)), category: record.payload.audience, amount: record.payload.capacity, target: null, deleted: record.payload.cancelled,
        startsAt: new Date(record.payload.start), endsAt: new Date(record.payload.end),
      }
    case 'checkin':
      // Counted as participants of a study tour (研学) and as visits (stats-service.ts) on the
      // event's day (pushRecords sets it from the event); `target` is the registration, unique
      // among check-ins, so a class is never counted twice.
      return { day: todayInChina(new Date(record.payload.at)), category: 'study_tour', amount: record.payload.headcount, target: record.payload.registrationId, deleted: false }
  }
}

export function toStored(row: Row): StoredRecord {
  return { id: row.id, kind: row.kind, baseId: row.baseId, version: row.version, payload: row.payload, change: row.change }
}

export async function pushRecords(db: Database, account: Account, deviceId: string, raw: readonly unknown[]): Promise<PushAck[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PUSH_LOCK})`)
    const parsed = raw.map((r) => syncRecord.safeParse(r))
    const ids = parsed.flatMap((p) => (p.success ? [p.data.id] : []))
    const baseIds = [...new Set(parsed.flatMap((p) => (p.success ? [p.data.baseId] : [])))]
    const existing = new Map<string, Row>()
    if (ids.length > 0) for (const row of await tx.select().from(syncRecords).where(inArray(syncRecords.id, ids))) existing.set(row.id, row)
    const known = new Set(baseIds.length === 0 ? [] : (await tx.select({ id: bases.id }).from(bases).where(inArray(bases.id, baseIds))).map((b) => b.id))

    const checkedIn = new Set<string>()
    const acks: PushAck[] = []
    const appended: (typeof syncRecords.$inferInsert)[] = []
    const flush = async () => {
      if (appended.length > 0) await tx.insert(syncRecords).values(appended.splice(0))
    }
    for (const [index, result] of parsed.entries()) {
      if (!result.success) {
        const id = (raw[index] as { id?: unknown } | null)?.id
        acks.push({ id: typeof id === 'string' && id.length <= 64 ? id : `#${String(index)}`, status: 'rejected', reason: zodReason(result.error) })
        continue
      }
      const record = result.data
      const reject = (reason: string) => acks.push({ id: record.id, status: 'rejected', reason })
      if (account.role === 'base_staff' && record.baseId !== account.baseId) { reject('forbidden: staff may only write to their own base'); continue }
      if (account.role !== 'admin' && account.role !== 'base_staff') { reject('forbidden'); continue }
      if (!known.has(record.baseId)) { reject(`baseId: no base "${record.baseId}"`); continue }

      const old = existing.get(record.id)
      if (old && (old.kind !== record.kind || old.baseId !== record.baseId)) { reject('id: already used by a different record'); continue }

      if (record.kind === 'checkin') {
        if (old) {
          if (canonicalJson(old.payload) === canonicalJson(record.payload)) acks.push({ id: record.id, status: 'duplicate', version: old.version })
          else reject('id: already used by a record with different content')
          continue
        }
        const { registrationId, eventId } = record.payload
        const [found] = await tx.select({ r: registrations, baseId: syncRecords.baseId, event: syncRecords.payload }).from(registrations)
          .innerJoin(syncRecords, eq(syncRecords.id, registrations.eventId)).where(eq(registrations.id, registrationId))
        if (!found) { reject('payload.registrationId: no such registration (ticket not valid)'); continue }
        if (found.r.eventId !== eventId) { reject('payload.eventId: the ticket is for another event'); continue }
        if (found.baseId !== record.baseId) { reject('baseId: the ticket is for another base'); continue }
        if (found.r.checkinRecordId || checkedIn.has(registrationId)) {
          // Another phone (or another scan) got there first: acknowledged, never counted again.
          const when = found.r.checkedInAt?.toISOString() ?? 'this push'
          acks.push({ id: record.id, status: 'duplicate', version: 1, reason: `already checked in (${when})` })
          continue
        }
        if (found.r.status !== 'confirmed') { reject(`payload.registrationId: the registration is ${found.r.status}, not confirmed`); continue }
        // Judged by the check-in's own time (the phone may sync days later), by the gate's rule.
        const event = found.event as { start: string; end: string }
        if (checkinTiming(event, new Date(record.payload.at)) !== 'open') {
          reject(`payload.at: 不在活动签到时段（开始前 ${CHECKIN_OPENS_BEFORE_MS / 3_600_000} 小时至结束）/ outside the event's check-in window (${event.start} – ${event.end})`)
          continue
        }
        checkedIn.add(registrationId)
        await tx.update(registrations).set({ checkinRecordId: record.id, checkedInAt: new Date(record.payload.at), checkedInHeadcount: record.payload.headcount, updatedAt: new Date() })
          .where(eq(registrations.id, registrationId))
        // The visit is on the event's date (its day in China), whatever the scan's date.
        const row = { id: record.id, kind: record.kind, baseId: record.baseId, version: 1, payload: record.payload, authorId: account.id, deviceId, ...derived(record), day: todayInChina(new Date(event.start)) }
        appended.push(row)
        existing.set(record.id, { ...row, change: 0, createdAt: new Date(), updatedAt: new Date() })
        acks.push({ id: record.id, status: 'accepted', version: 1 })
        continue
      }

      if (record.kind === 'tally' || record.kind === 'tally-void') {
        // Append-only kinds: stored once, never changed.
        if (old) {
          if (canonicalJson(old.payload) === canonicalJson(record.payload)) acks.push({ id: record.id, status: 'duplicate', version: old.version })
          else reject('id: already used by a record with different content')
          continue
        }
        if (record.kind === 'tally-void') {
          const target = existing.get(record.payload.target)
            ?? (await tx.select().from(syncRecords).where(eq(syncRecords.id, record.payload.target)))[0]
          // A void may arrive before its tally (pushes can be reordered); if the tally is here, it must match.
          if (target && (target.kind !== 'tally' || target.baseId !== record.baseId)) { reject('payload.target: not a tally of this base'); continue }
        }
        // Written together at the end of the batch (one INSERT), visible to later records of this batch now.
        const row = { id: record.id, kind: record.kind, baseId: record.baseId, version: 1, payload: record.payload, authorId: account.id, deviceId, ...derived(record) }
        appended.push(row)
        existing.set(record.id, { ...row, change: 0, createdAt: new Date(), updatedAt: new Date() })
        acks.push({ id: record.id, status: 'accepted', version: 1 })
        continue
      }

      // Activities and events: versioned edits. A base's events per month are capped, so one
      // account cannot flood the public calendar and its feeds (event-service.ts).
      if (record.kind === 'event' && !record.payload.cancelled) {
        await flush()
        const month = todayInChina(new Date(record.payload.start)).slice(0, 7)
        const [row] = await tx.select({ n: count() }).from(syncRecords).where(and(
          eq(syncRecords.kind, 'event'), eq(syncRecords.baseId, record.baseId), eq(syncRecords.deleted, false), ne(syncRecords.id, record.id),
          gte(syncRecords.day, `${month}-01`), lt(syncRecords.day, nextMonth(month)),
        ))
        if ((row?.n ?? 0) >= EVENTS_PER_BASE_PER_MONTH) {
          reject(`payload.start: 每个基地每月最多发布 ${EVENTS_PER_BASE_PER_MONTH} 个活动 / a base may publish at most ${EVENTS_PER_BASE_PER_MONTH} events a month (${month})`)
          continue
        }
      }
      if (!old) {
        if (record.baseVersion !== 0) { reject(`baseVersion: this ${record.kind} is not on the server (create it with baseVersion 0)`); continue }
        const row = { id: record.id, kind: record.kind, baseId: record.baseId, version: 1, payload: record.payload, authorId: account.id, deviceId, ...derived(record) }
        appended.push(row)
        existing.set(record.id, { ...row, change: 0, createdAt: new Date(), updatedAt: new Date() })
        acks.push({ id: record.id, status: 'accepted', version: 1 })
      } else if (canonicalJson(old.payload) === canonicalJson(record.payload)) {
        // Already stored (a retried push whose answer was lost): nothing to do.
        acks.push({ id: record.id, status: 'duplicate', version: old.version })
      } else if (record.baseVersion === old.version) {
        // New rows of this batch first, so change numbers follow the order of the push.
        await flush()
        const [row] = await tx.update(syncRecords).set({
          version: old.version + 1, payload: record.payload, change: sql`nextval('sync_change_seq')`,
          authorId: account.id, deviceId, updatedAt: new Date(), ...derived(record),
        }).where(eq(syncRecords.id, record.id)).returning()
        existing.set(record.id, row!)
        acks.push({ id: record.id, status: 'accepted', version: row!.version })
      } else {
        acks.push({ id: record.id, status: 'conflict', version: old.version, current: toStored(old) })
      }
    }
    await flush()
    return acks
  })
}

/** Records of `baseId` changed after `cursor`, in change order. */
export async function pullRecords(db: Database, baseId: string, cursor: number | undefined, limit: number): Promise<PullResponse> {
  const rows = await db.select().from(syncRecords)
    .where(and(eq(syncRecords.baseId, baseId), gt(syncRecords.change, cursor ?? 0)))
    .orderBy(asc(syncRecords.change))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  return { records: page.map(toStored), cursor: page.at(-1)?.change ?? cursor ?? 0, more: rows.length > limit }
}
