import { createHash, randomBytes } from 'node:crypto'
import { and, asc, eq, gt, gte, inArray, isNull, or, sql } from 'drizzle-orm'
import { syncRecord, type Account, type PushAck, type PullResponse, type SyncRecord } from '../../shared/index.ts'
import type { Database } from '../db/connect.ts'
import { bases, syncRecords } from '../db/schema.ts'
import { serverSecrets } from '../db/schema-squadrons.ts'
import { pushCheckin } from './checkin-service.ts'
import { addPlacesRows } from './registration-places.ts'
import { insertRows, rejected, toStored, type NewSyncRow, type PushBatch, type SyncRow } from './sync-push-batch.ts'
import { pushVersionedEdit } from './sync-push-edit.ts'
import { pushTally } from './sync-push-tally.ts'

/*
 * The server side of src/client/sync/README.md: each record of a push is checked on its own and
 * answered with its own ack; records are stored under the device's id, so a replay is a
 * `duplicate`, never a second row; an activity edit made on an old version is a `conflict`.
 * This file checks what every record must pass (shape, role, base, id) and hands the record to
 * the handler of its kind: sync-push-tally.ts, sync-push-edit.ts, checkin-service.ts.
 */

/*
 * Push locks. A pull reads one base's records after a change number (`pullRecords` below), so a
 * record must never become visible after a record of the same base with a higher change number:
 * a device whose cursor had passed it would skip it for good. Every write of a record takes its
 * change number while holding the transaction-scoped lock of the record's base (a record never
 * changes base: `storeRecords` below), and the lock is released only at commit. So of two records of
 * one base, the one with the lower number was written by a transaction that had committed before
 * the other's number was drawn, or by the same transaction: whoever sees the higher one sees the
 * lower one too. Records of different bases are never in one pull, so their pushes need not wait
 * for each other. The public event reads' data version is the newest change number of any event
 * (event-service.ts `eventsVersion`), across bases: pushes carrying events also take one lock for
 * all events, so event changes become visible in their order too.
 * Locks are taken in one order (events, then bases by key), so two pushes never wait on each other
 * in a cycle. Tests: test/server/sync.test.ts (pulls while pushes run) and, on PostgreSQL, where
 * pushes really run side by side, test/server/postgres-only/sync-push-locks.test.ts.
 */
const PUSH_LOCK_BASE = 727_001
const PUSH_LOCK_EVENTS = 727_002

/** The base's lock key: 32 bits of its id's SHA-256 (two bases sharing one only wait for each other). */
function baseLockKey(baseId: string): number {
  return createHash('sha256').update(baseId).digest().readInt32BE(0)
}

async function takePushLocks(tx: Database, records: readonly SyncRecord[]): Promise<void> {
  if (records.some((r) => r.kind === 'event'))
    await tx.execute(sql`select pg_advisory_xact_lock(${PUSH_LOCK_EVENTS}, 0)`)
  const keys = [...new Set(records.map((r) => baseLockKey(r.baseId)))].sort((a, b) => a - b)
  for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(${PUSH_LOCK_BASE}, ${key})`)
}

/**
 * Another push stored one of this push's new ids in the meantime: possible only from another base
 * (same-base pushes wait for each other), so a misused id. The push is run again, and then finds it.
 */
class LostInsertRace extends Error {}

function zodReason(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`)
    .join('; ')
}

/** Who may write to which base: checked before any lock, since no other push changes it. */
function refusal(account: Account, known: ReadonlySet<string>, record: SyncRecord): string | undefined {
  if (account.role === 'base_staff' && record.baseId !== account.baseId)
    return 'forbidden: staff may only write to their own base'
  if (account.role !== 'admin' && account.role !== 'base_staff') return 'forbidden'
  if (!known.has(record.baseId)) return `baseId: no base "${record.baseId}"`
  return undefined
}

/** The bases among `baseIds` that exist (bases are never deleted: db/seed.ts unlists them). */
async function knownBases(db: Database, account: Account, baseIds: readonly string[]): Promise<Set<string>> {
  // A staff member's own base exists (accounts.base_id references it); other bases are refused anyway.
  if (account.role === 'base_staff')
    return new Set(account.baseId && baseIds.includes(account.baseId) ? [account.baseId] : [])
  if (baseIds.length === 0) return new Set()
  return new Set(
    (
      await db
        .select({ id: bases.id })
        .from(bases)
        .where(inArray(bases.id, [...baseIds]))
    ).map((b) => b.id),
  )
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

export interface PushResult {
  acks: PushAck[]
  /** Whether an event was stored or changed: the only kind the public reads show (event-service.ts). */
  eventsChanged: boolean
}

export async function pushRecords(
  db: Database,
  account: Account,
  deviceId: string,
  raw: readonly unknown[],
): Promise<PushResult> {
  // Shape, role and base first, outside the transaction: the locks are held only for what depends on other pushes.
  const acks: (PushAck | undefined)[] = []
  const checked: { index: number; record: SyncRecord }[] = []
  const parsed = raw.map((r) => syncRecord.safeParse(r))
  const known = await knownBases(db, account, [...new Set(parsed.flatMap((p) => (p.success ? [p.data.baseId] : [])))])
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
    const reason = refusal(account, known, result.data)
    acks.push(reason === undefined ? undefined : rejected(result.data, reason))
    if (reason === undefined) checked.push({ index, record: result.data })
  }
  if (checked.length > 0) {
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await storeRecords(
          db,
          account,
          deviceId,
          checked.map((c) => c.record),
        )
        for (const [n, { index }] of checked.entries()) acks[index] = stored[n]
        break
      } catch (error) {
        if (!(error instanceof LostInsertRace) || attempt >= 3) throw error
      }
    }
  }
  const eventsChanged = checked.some(
    ({ index, record }) => record.kind === 'event' && acks[index]!.status === 'accepted',
  )
  return { acks: acks as PushAck[], eventsChanged }
}

/** Stores records that passed the checks above, in order, under the push locks; one ack each. */
function storeRecords(
  db: Database,
  account: Account,
  deviceId: string,
  records: readonly SyncRecord[],
): Promise<PushAck[]> {
  return db.transaction(async (tx) => {
    await takePushLocks(tx, records)
    const existing = new Map<string, SyncRow>()
    // One array parameter rather than a list of 200: cheaper to build, send and plan.
    const ids = sql.param(records.map((r) => r.id))
    for (const row of await tx
      .select()
      .from(syncRecords)
      .where(sql`${syncRecords.id} = any(${ids}::uuid[])`))
      existing.set(row.id, row)

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
        if (appended.length === 0) return
        const rows = appended.splice(0)
        if ((await insertRows(tx, rows)) < rows.length) throw new LostInsertRace()
      },
    }
    const acks: PushAck[] = []
    for (const record of records) {
      const old = existing.get(record.id)
      // A record never changes kind or base: its base's lock guards its change numbers.
      acks.push(
        old && (old.kind !== record.kind || old.baseId !== record.baseId)
          ? rejected(record, 'id: already used by a different record')
          : await pushOne(batch, record, old),
      )
    }
    await batch.flush()
    // Each event's place counters exist from the start: the first registrations for it lock that
    // row at once instead of each finding it missing (registration-places.ts `placeNewBatch`).
    await addPlacesRows(
      tx,
      records.filter((r, i) => r.kind === 'event' && acks[i]!.status === 'accepted').map((r) => r.id),
    )
    return acks
  })
}

/** The `server_secrets` row naming this life of the change numbers (see `syncEpochOf`). */
export const SYNC_EPOCH_NAME = 'sync-epoch'

/**
 * The current epoch of the sync change numbers: made on first use and deleted by a restore
 * (db/backup.ts), so a cursor a phone got before the restore is recognised as unknown. Read on
 * every pull, never remembered: a PostgreSQL restore happens under running servers.
 */
export async function syncEpochOf(db: Database): Promise<string> {
  await db
    .insert(serverSecrets)
    .values({ name: SYNC_EPOCH_NAME, value: randomBytes(12).toString('base64url') })
    .onConflictDoNothing()
  const [row] = await db
    .select({ value: serverSecrets.value })
    .from(serverSecrets)
    .where(eq(serverSecrets.name, SYNC_EPOCH_NAME))
  return row!.value
}

/** The newest change number handed out: a cursor beyond it was issued by a database since lost. */
async function lastChange(db: Database): Promise<number> {
  // Both drivers answer `{ rows }`; their union type does not say so.
  const { rows } = (await (db.execute(sql`select last_value, is_called from sync_change_seq`) as Promise<unknown>)) as {
    rows: { last_value: string | number; is_called: boolean }[]
  }
  const row = rows[0]
  return row && row.is_called ? Number(row.last_value) : 0
}

export interface PullOptions {
  cursor?: number
  epoch?: string
  since?: string
  limit: number
}

/**
 * Records of `baseId` changed after `cursor`, in change order; with `since`, only those counting
 * for that day or later (events: ending then or later). A cursor from another epoch, or beyond the
 * newest change, is unknown: the answer says `reset` (src/client/sync/README.md, "Pull").
 */
export async function pullRecords(db: Database, baseId: string, options: PullOptions): Promise<PullResponse> {
  const { cursor, since, limit } = options
  const epoch = await syncEpochOf(db)
  if ((options.epoch !== undefined && options.epoch !== epoch) || (cursor ?? 0) > (await lastChange(db)))
    return { records: [], cursor: 0, more: false, epoch, reset: true }
  const rows = await db
    .select()
    .from(syncRecords)
    .where(
      and(
        eq(syncRecords.baseId, baseId),
        gt(syncRecords.change, cursor ?? 0),
        since === undefined
          ? undefined
          : // Events by their end (a long exhibition still running counts); the rest by their day.
            or(
              gte(syncRecords.endsAt, new Date(`${since}T00:00:00+08:00`)),
              and(isNull(syncRecords.endsAt), or(isNull(syncRecords.day), gte(syncRecords.day, since))),
            ),
      ),
    )
    .orderBy(asc(syncRecords.change))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  return {
    records: page.map(toStored),
    cursor: page.at(-1)?.change ?? cursor ?? 0,
    more: rows.length > limit,
    epoch,
    reset: false,
  }
}
