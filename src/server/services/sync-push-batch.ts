import type { Account, PushAck, StoredRecord, SyncKind, SyncRecord } from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { canonicalJson } from '../../shared/domain/compare.ts'
import { getTableColumns, sql } from 'drizzle-orm'
import type { Database } from '../db/connect.ts'
import { syncRecords } from '../db/schema.ts'

/*
 * What the handlers of one push share (sync-service.ts dispatches each record to the handler of
 * its kind). Every handler answers its record with one ack and writes through the batch, so the
 * rows of a push keep the order of the push.
 */

export type SyncRow = typeof syncRecords.$inferSelect
/** A row the push writes; the database sets its change number and times. */
export type NewSyncRow = Omit<SyncRow, 'change' | 'createdAt' | 'updatedAt'>
export type RecordOf<K extends SyncKind> = Extract<SyncRecord, { kind: K }>

export interface PushBatch {
  /** The push's transaction, holding the push lock. */
  readonly tx: Database
  readonly account: Account
  readonly deviceId: string
  /** Stored rows for this push's ids, and the rows the push has added so far. */
  readonly existing: Map<string, SyncRow>
  /** Registrations checked in by an earlier record of this push. */
  readonly checkedIn: Set<string>
  /**
   * Queues a new row for the batch's one INSERT (written by `flush`, at the latest at the end of
   * the push); later records of this push see it in `existing` at once.
   */
  append(row: NewSyncRow): void
  /** Writes the queued rows now: before an update or a count, so change numbers follow the push. */
  flush(): Promise<void>
}

/** The columns a push writes (NewSyncRow's keys), with their names and types in the database. */
const WRITTEN = Object.entries(getTableColumns(syncRecords))
  .filter(([key]) => key !== 'change' && key !== 'createdAt' && key !== 'updatedAt')
  .map(([key, column]) => ({ key: key as keyof NewSyncRow, name: column.name, type: column.getSQLType() }))
const WRITTEN_NAMES = sql.raw(WRITTEN.map((c) => `"${c.name}"`).join(', '))
const WRITTEN_TYPES = sql.raw(WRITTEN.map((c) => `"${c.name}" ${c.type}`).join(', '))

/**
 * Inserts `rows` in their order (so their change numbers follow it) as one JSON parameter, not
 * one parameter per column and row (a batch of 200 is 2,800 of them: building, sending and binding
 * those cost more than the insert itself); a row whose id is stored already is skipped. Answers
 * how many were inserted.
 */
export async function insertRows(tx: Database, rows: readonly NewSyncRow[]): Promise<number> {
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(WRITTEN.map((c) => [c.name, row[c.key]]))))
  // Both drivers answer `{ rows }` (the handle's type leaves it open).
  const inserted = await (tx.execute(sql`
    insert into ${syncRecords} (${WRITTEN_NAMES})
    select ${WRITTEN_NAMES} from rows from (jsonb_to_recordset(${json}::jsonb) as (${WRITTEN_TYPES})) with ordinality as r(${WRITTEN_NAMES}, n) order by n
    on conflict (id) do nothing returning id`) as Promise<unknown> as Promise<{ rows: unknown[] }>)
  return inserted.rows.length
}

export function rejected(record: SyncRecord, reason: string): PushAck {
  return { id: record.id, status: 'rejected', reason }
}

/**
 * The ack for an append-only record (tally, tally-void, check-in) whose id is stored already:
 * stored once, never changed, so the same content is a replay and other content a misuse of the id.
 */
export function replayAck(record: SyncRecord, old: SyncRow): PushAck {
  return canonicalJson(old.payload) === canonicalJson(record.payload)
    ? { id: record.id, status: 'duplicate', version: old.version }
    : rejected(record, 'id: already used by a record with different content')
}

/** Stores `record` as a new row (version 1) and accepts it; `columns` overrides derived columns. */
export function appendNew(
  batch: PushBatch,
  record: SyncRecord,
  columns: Partial<Pick<SyncRow, 'day' | 'version'>> = {},
): PushAck {
  batch.append({
    id: record.id,
    kind: record.kind,
    baseId: record.baseId,
    version: 1,
    payload: record.payload,
    authorId: batch.account.id,
    deviceId: batch.deviceId,
    ...derived(record),
    ...columns,
  })
  return { id: record.id, status: 'accepted', version: columns.version ?? 1 }
}

/** Columns the statistics read, derived from the validated record. */
export function derived(
  record: SyncRecord,
): Pick<SyncRow, 'day' | 'category' | 'amount' | 'target' | 'deleted' | 'startsAt' | 'endsAt'> {
  return { startsAt: null, endsAt: null, ...derivedCounts(record) }
}

function derivedCounts(
  record: SyncRecord,
): Pick<SyncRow, 'day' | 'category' | 'amount' | 'target' | 'deleted'> & Partial<Pick<SyncRow, 'startsAt' | 'endsAt'>> {
  switch (record.kind) {
    case 'tally':
      return {
        day: todayInChina(new Date(record.payload.at)),
        category: record.payload.audience,
        amount: record.payload.count,
        target: null,
        deleted: false,
      }
    case 'tally-void':
      return { day: null, category: null, amount: null, target: record.payload.target, deleted: false }
    case 'activity':
      return {
        day: record.payload.date,
        category: record.payload.type,
        amount: record.payload.participants,
        target: null,
        deleted: record.payload.deleted,
      }
    case 'event':
      // Real instants (shared `instant` checked them): the public reads compare these, never the payload's text.
      return {
        day: todayInChina(new Date(record.payload.start)),
        category: record.payload.audience,
        amount: record.payload.capacity,
        target: null,
        deleted: record.payload.cancelled,
        startsAt: new Date(record.payload.start),
        endsAt: new Date(record.payload.end),
      }
    case 'checkin':
      // Counted as participants of a study tour (研学) and as visits (stats-service.ts) on the
      // event's day (checkin-service.ts sets it from the event); `target` is the registration,
      // unique among check-ins, so a class is never counted twice.
      return {
        day: todayInChina(new Date(record.payload.at)),
        category: 'study_tour',
        amount: record.payload.headcount,
        target: record.payload.registrationId,
        deleted: false,
      }
  }
}

export function toStored(row: SyncRow): StoredRecord {
  return {
    id: row.id,
    kind: row.kind,
    baseId: row.baseId,
    version: row.version,
    payload: row.payload,
    change: row.change,
  }
}
