import {
  activityPayload,
  checkinPayload,
  eventPayload,
  tallyPayload,
  tallyVoidPayload,
  VISITOR_AUDIENCES,
  type PushAck,
  type StoredRecord,
  type SyncRecord,
  type VisitorAudience,
} from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import type { LocalSyncRecord, LocalVersioned } from '../local-db/local-db.ts'
import { canonicalJson } from '../../shared/domain/compare.ts'

/*
 * The pure rules of the protocol (README.md in this folder): how an ack or a pulled record
 * changes a local record. No Dexie, no network, so they are tested as plain functions.
 */

/** How many unanswered pushes of one record are remembered (enough for a long offline spell of edits). */
const UNACKED_MAX = 20

/** The record as the push body carries it: activities and events are versioned. */
export function toWire(record: LocalSyncRecord): SyncRecord {
  switch (record.kind) {
    case 'tally':
      return { id: record.id, baseId: record.baseId, kind: 'tally', payload: record.payload }
    case 'tally-void':
      return { id: record.id, baseId: record.baseId, kind: 'tally-void', payload: record.payload }
    case 'activity':
      return {
        id: record.id,
        baseId: record.baseId,
        kind: 'activity',
        baseVersion: record.version,
        payload: record.payload,
      }
    case 'event':
      return {
        id: record.id,
        baseId: record.baseId,
        kind: 'event',
        baseVersion: record.version,
        payload: record.payload,
      }
    case 'checkin':
      return { id: record.id, baseId: record.baseId, kind: 'checkin', payload: record.payload }
  }
}

/** A server payload checked against the schema of the record's kind (the device never trusts a shape unchecked). */
export function parsePayload<R extends LocalSyncRecord>(kind: R['kind'], payload: unknown): R['payload'] | null {
  const parsed = schemaOf(kind).safeParse(payload)
  return parsed.success ? parsed.data : null
}

function schemaOf(kind: LocalSyncRecord['kind']) {
  switch (kind) {
    case 'tally':
      return tallyPayload
    case 'tally-void':
      return tallyVoidPayload
    case 'activity':
      return activityPayload
    case 'event':
      return eventPayload
    case 'checkin':
      return checkinPayload
  }
}

/** The record about to be pushed: `sending`, and its payload remembered until an ack arrives. */
export function markSending<R extends LocalSyncRecord>(record: R): R {
  if (!isVersioned(record)) return { ...record, state: 'sending' }
  const key = canonicalJson(record.payload)
  const unacked = [...(record.unacked ?? []).filter((k) => k !== key), key].slice(-UNACKED_MAX)
  return { ...record, state: 'sending', unacked }
}

/** Kinds edited in place (activities, events): they carry versions and can conflict; the rest are append-only. */
export function isVersioned(record: LocalSyncRecord): record is LocalVersioned {
  return record.kind === 'activity' || record.kind === 'event'
}

/** No answer for this record (timeout, offline, 5xx, bad response): it waits in the outbox again. */
export function releaseUnanswered<R extends LocalSyncRecord>(record: R): R {
  return record.state === 'sending' ? { ...record, state: 'queued' } : record
}

/**
 * Applies the server's ack for the edit sent at `sentRev`. When the user edited the record while
 * the push was on its way, the ack settles the sent edit only: the newer edit stays queued, now
 * based on the version the ack names.
 */
export function settleAck<R extends LocalSyncRecord>(record: R, sentRev: number, ack: PushAck, at: string): R {
  const edited = record.rev !== sentRev
  switch (ack.status) {
    case 'accepted':
    case 'duplicate':
      // A second check-in of a class (another phone was first) is stored nowhere and counted
      // nowhere: the server says so with a reason, which the check-in screen shows.
      if (record.kind === 'checkin' && ack.status === 'duplicate') {
        return { ...record, state: 'synced', version: ack.version ?? 1, reason: ack.reason, updatedAt: at }
      }
      if (ack.version === undefined) return releaseUnanswered(record)
      return {
        ...record,
        version: ack.version,
        state: edited ? 'queued' : 'synced',
        unacked: [],
        reason: undefined,
        server: undefined,
        updatedAt: at,
      }
    case 'rejected':
      // A newer edit may be the fix: send that instead of showing a stale refusal.
      if (edited) return record
      return { ...record, state: 'rejected', reason: ack.reason ?? 'rejected', updatedAt: at }
    case 'conflict': {
      const payload = ack.current ? parsePayload<R>(record.kind, ack.current.payload) : null
      if (!ack.current || payload === null) return releaseUnanswered(record)
      return meetServerCopy(record, ack.current.version, payload, at) ?? releaseUnanswered(record)
    }
  }
}

/**
 * A local edit meets a newer server copy (from a conflict ack or a pull). Same content: synced.
 * The server holds one of our own unanswered pushes: rebase on it and push again (our later edit
 * wins over our earlier one). Anything else is a real conflict: keep both for the user.
 */
function meetServerCopy<R extends LocalSyncRecord>(
  record: R,
  version: number,
  payload: R['payload'],
  at: string,
): R | null {
  const key = canonicalJson(payload)
  if (key === canonicalJson(record.payload)) {
    return { ...record, version, state: 'synced', unacked: [], reason: undefined, server: undefined, updatedAt: at }
  }
  if (record.unacked?.includes(key)) {
    return { ...record, version, state: 'queued', unacked: [], reason: undefined, updatedAt: at }
  }
  return { ...record, state: 'conflict', server: { version, payload }, unacked: [], updatedAt: at }
}

/**
 * A pulled server record against the local copy; null when nothing changes. A local unsynced
 * edit is never overwritten: it is synced (same content), rebased (our own write) or in conflict.
 */
export function applyPulled(
  local: LocalSyncRecord | undefined,
  stored: StoredRecord,
  at: string,
): LocalSyncRecord | null {
  if (!local) {
    const base = {
      id: stored.id,
      baseId: stored.baseId,
      accountId: null,
      state: 'synced' as const,
      version: stored.version,
      rev: 0,
      createdAt: at,
      updatedAt: at,
    }
    switch (stored.kind) {
      case 'tally': {
        const payload = parsePayload<Extract<LocalSyncRecord, { kind: 'tally' }>>('tally', stored.payload)
        return payload && { ...base, kind: 'tally', payload }
      }
      case 'tally-void': {
        const payload = parsePayload<Extract<LocalSyncRecord, { kind: 'tally-void' }>>('tally-void', stored.payload)
        return payload && { ...base, kind: 'tally-void', payload }
      }
      case 'activity': {
        const payload = parsePayload<Extract<LocalSyncRecord, { kind: 'activity' }>>('activity', stored.payload)
        return payload && { ...base, kind: 'activity', payload }
      }
      case 'event': {
        const payload = parsePayload<Extract<LocalSyncRecord, { kind: 'event' }>>('event', stored.payload)
        return payload && { ...base, kind: 'event', payload }
      }
      case 'checkin': {
        const payload = parsePayload<Extract<LocalSyncRecord, { kind: 'checkin' }>>('checkin', stored.payload)
        return payload && { ...base, kind: 'checkin', payload }
      }
    }
  }
  // The server never changes a record's kind or base; a mismatch is not ours to merge.
  if (local.kind !== stored.kind || local.baseId !== stored.baseId) return null
  const payload = parsePayload(local.kind, stored.payload)
  if (payload === null) return null
  if (local.state === 'synced') {
    return stored.version > local.version
      ? ({ ...local, payload, version: stored.version, updatedAt: at } as LocalSyncRecord)
      : null
  }
  if (local.state === 'conflict') {
    // Still in conflict, now with a newer server copy (or none, if the server came round to ours).
    if (stored.version <= (local.server?.version ?? local.version)) return null
    return meetServerCopy(local, stored.version, payload, at)
  }
  if (stored.version <= local.version) return null
  return meetServerCopy(local, stored.version, payload, at)
}

/** Conflict inbox, "keep mine": the local edit goes out again, based on the server's version. */
export function keepMine<R extends LocalSyncRecord>(record: R, accountId: string, at: string): R {
  if (!record.server) return record
  return {
    ...record,
    state: 'queued',
    version: record.server.version,
    server: undefined,
    unacked: [],
    accountId,
    updatedAt: at,
  }
}

/** Conflict inbox, "keep theirs": the local edit is dropped for the server's copy. */
export function keepTheirs<R extends LocalSyncRecord>(record: R, at: string): R {
  if (!record.server) return record
  const payload = record.server.payload as R['payload']
  return {
    ...record,
    state: 'synced',
    version: record.server.version,
    payload,
    server: undefined,
    unacked: [],
    rev: record.rev + 1,
    updatedAt: at,
  }
}

/** Retry delay: 2 s doubling to 5 min, with full jitter, so phones that lost the network together do not return together. */
export const BACKOFF_BASE_MS = 2_000
export const BACKOFF_MAX_MS = 300_000
export function backoffDelay(attempt: number, random: () => number): number {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1))
  return Math.floor(random() * cap)
}

export type TallyTotals = Record<VisitorAudience, number> & { total: number }

/**
 * Visitors counted at `baseId` on `day` (Asia/Shanghai), from every phone this device has heard
 * of: tallies minus the ones voided by an undo. Refused records do not count.
 */
export function tallyTotals(records: readonly LocalSyncRecord[], baseId: string, day: string): TallyTotals {
  const voided = new Set(
    records.flatMap((r) =>
      r.kind === 'tally-void' && r.baseId === baseId && r.state !== 'rejected' ? [r.payload.target] : [],
    ),
  )
  const totals = Object.fromEntries([...VISITOR_AUDIENCES, 'total'].map((k) => [k, 0])) as TallyTotals
  for (const r of records) {
    if (r.kind !== 'tally' || r.baseId !== baseId || r.state === 'rejected' || voided.has(r.id)) continue
    if (todayInChina(new Date(r.payload.at)) !== day) continue
    totals[r.payload.audience] += r.payload.count
    totals.total += r.payload.count
  }
  return totals
}

/** An undo of at least this many people asks first, naming what it removes (a school group, not a stray tap). */
export const UNDO_CONFIRM_MIN = 10

/**
 * What "undo" may take back now: `accountId`'s newest tally of `day` at `baseId` on this phone,
 * once. Undo is for the entry just made: after it, the button stays away until the next entry,
 * so a second tap (or a double tap on a slow phone) can never void the entries before it. An
 * older mistake is no longer "the last entry" and is corrected with a new tally instead.
 */
export function undoableTally(
  records: readonly LocalSyncRecord[],
  baseId: string,
  accountId: string | null,
  day: string,
): Extract<LocalSyncRecord, { kind: 'tally' }> | null {
  type Tally = Extract<LocalSyncRecord, { kind: 'tally' }>
  const mine = (r: LocalSyncRecord): r is Tally =>
    r.kind === 'tally' &&
    r.baseId === baseId &&
    r.accountId === accountId &&
    r.state !== 'rejected' &&
    todayInChina(new Date(r.payload.at)) === day
  const voided = new Set(
    records.flatMap((r) =>
      r.kind === 'tally-void' && r.baseId === baseId && r.state !== 'rejected' ? [r.payload.target] : [],
    ),
  )
  let newest: Tally | null = null
  for (const r of records) if (mine(r) && (!newest || r.id > newest.id)) newest = r
  return newest && !voided.has(newest.id) ? newest : null
}

/** An event's classes checked in at the gate, as the one 研学活动 the statistics count (stats-service.ts). */
export interface CheckinStudyTour {
  eventId: string
  /** The event's title, or null when this phone has not pulled the event. */
  title: string | null
  /** The event's day in China (the day the statistics count), else the first check-in's. */
  date: string
  classes: number
  participants: number
  /** Some check-in has not reached the server yet. */
  pending: boolean
}

/**
 * The study tours the dashboard counts from check-ins, so the staff activities list can show
 * them beside the activities typed by hand: one per event, its first check-in of each class.
 */
export function checkinStudyTours(records: readonly LocalSyncRecord[], baseId: string): CheckinStudyTour[] {
  const events = new Map(
    records.flatMap((r) => (r.kind === 'event' && r.baseId === baseId ? [[r.id, r.payload] as const] : [])),
  )
  const seen = new Set<string>()
  const tours = new Map<string, CheckinStudyTour>()
  const checkins = records
    .filter(
      (r): r is Extract<LocalSyncRecord, { kind: 'checkin' }> =>
        r.kind === 'checkin' && r.baseId === baseId && r.state !== 'rejected',
    )
    .sort((a, b) => (a.payload.at < b.payload.at ? -1 : a.payload.at > b.payload.at ? 1 : 0))
  for (const c of checkins) {
    if (seen.has(c.payload.registrationId)) continue
    seen.add(c.payload.registrationId)
    const event = events.get(c.payload.eventId)
    const tour = tours.get(c.payload.eventId) ?? {
      eventId: c.payload.eventId,
      title: event?.title ?? null,
      date: todayInChina(new Date(event?.start ?? c.payload.at)),
      classes: 0,
      participants: 0,
      pending: false,
    }
    tour.classes += 1
    tour.participants += c.payload.headcount
    tour.pending ||= c.state !== 'synced'
    tours.set(c.payload.eventId, tour)
  }
  return [...tours.values()]
}
