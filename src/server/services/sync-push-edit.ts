import { and, count, eq, gte, lt, ne, sql } from 'drizzle-orm'
import type { PushAck } from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { canonicalJson } from '../../shared/domain/compare.ts'
import { syncRecords } from '../db/schema.ts'
import { EVENTS_PER_BASE_PER_MONTH } from './event-service.ts'
import {
  appendNew,
  derived,
  rejected,
  toStored,
  type PushBatch,
  type RecordOf,
  type SyncRow,
} from './sync-push-batch.ts'

/** `2026-12` → `2027-01-01`. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/**
 * Activities and events: versioned edits. A record made on the stored version replaces it (the
 * version goes up by one); one made on an older version is a `conflict` carrying the server copy.
 */
export async function pushVersionedEdit(
  batch: PushBatch,
  record: RecordOf<'activity' | 'event'>,
  old: SyncRow | undefined,
): Promise<PushAck> {
  const { tx, account, deviceId } = batch
  // A base's events per month are capped, so one account cannot flood the public calendar and
  // its feeds (event-service.ts).
  if (record.kind === 'event' && !record.payload.cancelled) {
    await batch.flush()
    const month = todayInChina(new Date(record.payload.start)).slice(0, 7)
    const [row] = await tx
      .select({ n: count() })
      .from(syncRecords)
      .where(
        and(
          eq(syncRecords.kind, 'event'),
          eq(syncRecords.baseId, record.baseId),
          eq(syncRecords.deleted, false),
          ne(syncRecords.id, record.id),
          gte(syncRecords.day, `${month}-01`),
          lt(syncRecords.day, nextMonth(month)),
        ),
      )
    if ((row?.n ?? 0) >= EVENTS_PER_BASE_PER_MONTH) {
      return rejected(
        record,
        `payload.start: 每个基地每月最多发布 ${EVENTS_PER_BASE_PER_MONTH} 个活动 / a base may publish at most ${EVENTS_PER_BASE_PER_MONTH} events a month (${month})`,
      )
    }
  }
  if (!old) {
    if (record.baseVersion !== 0)
      return rejected(record, `baseVersion: this ${record.kind} is not on the server (create it with baseVersion 0)`)
    return appendNew(batch, record)
  }
  // Already stored (a retried push whose answer was lost): nothing to do.
  if (canonicalJson(old.payload) === canonicalJson(record.payload))
    return { id: record.id, status: 'duplicate', version: old.version }
  if (record.baseVersion !== old.version)
    return { id: record.id, status: 'conflict', version: old.version, current: toStored(old) }
  // New rows of this batch first, so change numbers follow the order of the push.
  await batch.flush()
  const [row] = await tx
    .update(syncRecords)
    .set({
      version: old.version + 1,
      payload: record.payload,
      change: sql`nextval('sync_change_seq')`,
      authorId: account.id,
      deviceId,
      updatedAt: new Date(),
      ...derived(record),
    })
    .where(eq(syncRecords.id, record.id))
    .returning()
  batch.existing.set(record.id, row!)
  return { id: record.id, status: 'accepted', version: row!.version }
}
