import { eq } from 'drizzle-orm'
import type { PushAck } from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import { CHECKIN_OPENS_BEFORE_MS, checkinTiming } from '../../shared/domain/ticket-code.ts'
import { registrations, syncRecords } from '../db/schema.ts'
import { appendNew, rejected, replayAck, type PushBatch, type RecordOf, type SyncRow } from './sync-push-batch.ts'

/*
 * Check-ins of squadron registrations. Staff phones scan tickets offline and push each as a sync
 * record of kind `checkin` (sync-service.ts dispatches it here); the registration is marked in
 * the same transaction, so a class is counted once whichever phone pushes first.
 */

/** Checks in the class of a confirmed registration, within the event's check-in window. */
export async function pushCheckin(
  batch: PushBatch,
  record: RecordOf<'checkin'>,
  old: SyncRow | undefined,
): Promise<PushAck> {
  if (old) return replayAck(record, old)
  const { tx } = batch
  const { registrationId, eventId } = record.payload
  const [found] = await tx
    .select({ r: registrations, baseId: syncRecords.baseId, event: syncRecords.payload })
    .from(registrations)
    .innerJoin(syncRecords, eq(syncRecords.id, registrations.eventId))
    .where(eq(registrations.id, registrationId))
  if (!found) return rejected(record, 'payload.registrationId: no such registration (ticket not valid)')
  if (found.r.eventId !== eventId) return rejected(record, 'payload.eventId: the ticket is for another event')
  if (found.baseId !== record.baseId) return rejected(record, 'baseId: the ticket is for another base')
  if (found.r.checkinRecordId || batch.checkedIn.has(registrationId)) {
    // Another phone (or another scan) got there first: acknowledged, never counted again.
    const when = found.r.checkedInAt?.toISOString() ?? 'this push'
    return { id: record.id, status: 'duplicate', version: 1, reason: `already checked in (${when})` }
  }
  if (found.r.status !== 'confirmed')
    return rejected(record, `payload.registrationId: the registration is ${found.r.status}, not confirmed`)
  // Judged by the check-in's own time (the phone may sync days later), by the gate's rule.
  const event = found.event as { start: string; end: string }
  if (checkinTiming(event, new Date(record.payload.at)) !== 'open') {
    return rejected(
      record,
      `payload.at: 不在活动签到时段（开始前 ${CHECKIN_OPENS_BEFORE_MS / 3_600_000} 小时至结束）/ outside the event's check-in window (${event.start} – ${event.end})`,
    )
  }
  batch.checkedIn.add(registrationId)
  await tx
    .update(registrations)
    .set({
      checkinRecordId: record.id,
      checkedInAt: new Date(record.payload.at),
      checkedInHeadcount: record.payload.headcount,
      updatedAt: new Date(),
    })
    .where(eq(registrations.id, registrationId))
  // The visit is on the event's date (its day in China), whatever the scan's date.
  return appendNew(batch, record, { day: todayInChina(new Date(event.start)) })
}
