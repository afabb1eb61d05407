import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm'
import { syncRecord, type Account, type PushAck, type PullResponse, type SyncRecord } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { bases, syncRecords } from '../db/schema.ts'
import { pushCheckin } from './checkin-service.ts'
import { rejected, toStored, type NewSyncRow, type PushBatch, type SyncRow } from './sync-push-batch.ts'
import { pushVersionedEdit } from './sync-push-edit.ts'
import { pushTally } from './sync-push-tally.ts'

/*
 * The server side of src/client/sync/README.md: each record of a push is checked on its own and
 * answered with its own ack; records are stored under the device's id, so a replay is a
 * `duplicate`, never a second row; an activity edit made on an old version is a `conflict`.
 * This file checks what every record must pass (shape, role, base, id) and hands the record to
 * the handler of its kind: sync-push-tally.ts, sync-push-edit.ts, checkin-service.ts.
 */

/** Serializes pushes, so change numbers become visible in the order they were assigned. */
const PUSH_LOCK = 727_001

function zodReason(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`)
    .join('; ')
}

/** The checks every kind shares: who may write to which base, and that the id is this record's. */
function refusal(
  account: Account,
  known: ReadonlySet<string>,
  record: SyncRecord,
  old: SyncRow | undefined,
): string | undefined {
  if (account.role === 'base_staff' && record.baseId !== account.baseId)
    return 'forbidden: staff may only write to their own base'
  if (account.role !== 'admin' && account.role !== 'base_staff') return 'forbidden'
  if (!known.has(record.baseId)) return `baseId: no base "${record.baseId}"`
  if (old && (old.kind !== record.kind || old.baseId !== record.baseId)) return 'id: already used by a different record'
  return undefined
}

function pushOne(batch: PushBatch, record: SyncRecord, old: SyncRow | undefined): Promise<PushAck> {
  switch (record.kind) {
    case 'tally':
    case 'tally-void':
      return pushTally(batch, record, old)
    case 'activity':
    case 'event':
      return pushVersionedEdit(batch, record, old)
    case 'checkin':
      return pushCheckin(batch, record, old)
  }
}

export async function pushRecords(
  db: Database,
  account: Account,
  deviceId: string,
  raw: readonly unknown[],
): Promise<PushAck[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PUSH_LOCK})`)
    const parsed = raw.map((r) => syncRecord.safeParse(r))
    const ids = parsed.flatMap((p) => (p.success ? [p.data.id] : []))
    const baseIds = [...new Set(parsed.flatMap((p) => (p.success ? [p.data.baseId] : [])))]
    const existing = new Map<string, SyncRow>()
    if (ids.length > 0)
      for (const row of await tx.select().from(syncRecords).where(inArray(syncRecords.id, ids)))
        existing.set(row.id, row)
    const known = new Set(
      baseIds.length === 0
        ? []
        : (await tx.select({ id: bases.id }).from(bases).where(inArray(bases.id, baseIds))).map((b) => b.id),
    )

    const appended: NewSyncRow[] = []
    const batch: PushBatch = {
      tx,
      account,
      deviceId,
      existing,
      checkedIn: new Set(),
      append(row) {
        appended.push(row)
        existing.set(row.id, { ...row, change: 0, createdAt: new Date(), updatedAt: new Date() })
      },
      async flush() {
        if (appended.length > 0) await tx.insert(syncRecords).values(appended.splice(0))
      },
    }
    const acks: PushAck[] = []
    for (const [index, result] of parsed.entries()) {
      if (!result.success) {
        const id = (raw[index] as { id?: unknown } | null)?.id
        acks.push({
          id: typeof id === 'string' && id.length <= 64 ? id : `#${String(index)}`,
          status: 'rejected',
          reason: zodReason(result.error),
        })
        continue
      }
      const record = result.data
      const old = existing.get(record.id)
      const reason = refusal(account, known, record, old)
      acks.push(reason === undefined ? await pushOne(batch, record, old) : rejected(record, reason))
    }
    await batch.flush()
    return acks
  })
}

/** Records of `baseId` changed after `cursor`, in change order. */
export async function pullRecords(
  db: Database,
  baseId: string,
  cursor: number | undefined,
  limit: number,
): Promise<PullResponse> {
  const rows = await db
    .select()
    .from(syncRecords)
    .where(and(eq(syncRecords.baseId, baseId), gt(syncRecords.change, cursor ?? 0)))
    .orderBy(asc(syncRecords.change))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  return { records: page.map(toStored), cursor: page.at(-1)?.change ?? cursor ?? 0, more: rows.length > limit }
}
