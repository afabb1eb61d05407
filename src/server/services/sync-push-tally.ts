import { eq } from 'drizzle-orm'
import type { PushAck } from '../../shared/index.ts'
import { syncRecords } from '../db/schema.ts'
import { appendNew, rejected, replayAck, type PushBatch, type RecordOf, type SyncRow } from './sync-push-batch.ts'

/** A visitor tally or the void of one: append-only kinds, stored once and never changed. */
export async function pushTally(
  batch: PushBatch,
  record: RecordOf<'tally' | 'tally-void'>,
  old: SyncRow | undefined,
): Promise<PushAck> {
  if (old) return replayAck(record, old)
  if (record.kind === 'tally-void') {
    const target =
      batch.existing.get(record.payload.target) ??
      (await batch.tx.select().from(syncRecords).where(eq(syncRecords.id, record.payload.target)))[0]
    // A void may arrive before its tally (pushes can be reordered); if the tally is here, it must match.
    if (target && (target.kind !== 'tally' || target.baseId !== record.baseId))
      return rejected(record, 'payload.target: not a tally of this base')
  }
  // Written together at the end of the batch (one INSERT), visible to later records of this batch now.
  return appendNew(batch, record)
}
