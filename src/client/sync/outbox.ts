import { v7 as uuidv7 } from 'uuid'
import type { z } from 'zod'
import { activityPayload, checkinPayload, eventPayload, type VisitorAudience } from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import type {
  LocalActivity,
  LocalCheckin,
  LocalEvent,
  LocalSyncRecord,
  LocalTally,
  LocalTallyVoid,
  LocalVersioned,
  SyncState,
} from '../local-db/local-db.ts'
import type { SyncTables } from '../local-db/sync-tables.ts'
import { keepMine, keepTheirs, toWire, undoableTally } from './sync-records.ts'

/*
 * The device's side of the records (README.md, "Outbox"): a record and its outbox state are one
 * row, so every local write stores both in one transaction. Nothing here talks to the network.
 */

export type ActivityInput = z.input<typeof activityPayload>
export type EventInput = z.input<typeof eventPayload>

const UNSYNCED: readonly SyncState[] = ['queued', 'sending', 'rejected', 'conflict']

export class Outbox {
  constructor(
    private readonly tables: SyncTables,
    /** Who writes: every record keeps the account that wrote it (pitfalls 31, 33). */
    private readonly accountId: string,
    private readonly baseId: string | null,
    private readonly now: () => number,
  ) {}

  /** Logs visitors at the gate: one append-only tally. */
  async addTally(audience: VisitorAudience, count: number): Promise<LocalTally> {
    const at = this.isoNow()
    const record: LocalTally = { ...this.fresh(at), kind: 'tally', payload: { audience, count, at } }
    await this.tables.add(record)
    return record
  }

  /**
   * Checks a 李四光中队 class in (append-only, like a tally). The record goes to the event's own
   * base, which may differ from the phone's selected one for an admin. Refuses a second check-in
   * of the same registration on this phone in the same transaction, so two quick taps store one.
   */
  addCheckin(baseId: string, input: z.input<typeof checkinPayload>): Promise<LocalCheckin | null> {
    const payload = checkinPayload.parse(input)
    return this.tables.recordsTransaction(async () => {
      const earlier = (await this.tables.ofKind(baseId, 'checkin')).find(
        (r) => r.payload.registrationId === payload.registrationId && r.state !== 'rejected',
      )
      if (earlier) return null
      const at = this.isoNow()
      const record: LocalCheckin = { ...this.fresh(at, baseId), kind: 'checkin', payload }
      await this.tables.add(record)
      return record
    })
  }

  /** Check-ins this phone knows of for a base (its own and pulled ones), for the gate and tally screens. */
  checkins(baseId: string): Promise<LocalCheckin[]> {
    return this.tables.ofKind(baseId, 'checkin')
  }

  /**
   * Undoes this account's last tally of today on this device by appending a `tally-void` (a
   * tally is never edited, so two phones can never conflict over counts). Null when none is left.
   */
  /**
   * Voids the tally `undoableTally` allows (sync-records.ts): the newest of today, once. With
   * `expected`, only when that is still the one (the entry a confirmation named), so a tap that
   * raced another entry never takes back something the user did not see.
   */
  undoLastTally(expected?: string): Promise<LocalTally | null> {
    const baseId = this.requireBase()
    const today = todayInChina(new Date(this.now()))
    return this.tables.recordsTransaction(async () => {
      const rows = await this.tables.ofKinds(baseId, ['tally', 'tally-void'])
      const undone = undoableTally(rows, baseId, this.accountId, today)
      if (!undone || (expected !== undefined && undone.id !== expected)) return null
      const record: LocalTallyVoid = {
        ...this.fresh(this.isoNow()),
        kind: 'tally-void',
        payload: { target: undone.id },
      }
      await this.tables.add(record)
      return undone
    })
  }

  /** Creates (id null) or edits an activity. The payload is validated here; a rejected ZodError names the bad field. */
  async saveActivity(id: string | null, input: ActivityInput): Promise<LocalActivity> {
    return this.saveVersioned('activity', id, activityPayload.parse(input))
  }

  /** Creates (id null) or edits a base event; cancelling is an edit (`cancelled: true`). A rejected ZodError names the bad field. */
  async saveEvent(id: string | null, input: EventInput): Promise<LocalEvent> {
    return this.saveVersioned('event', id, eventPayload.parse(input))
  }

  /** One local edit of a versioned record: a new one starts at version 0, an edit bumps `rev`. */
  private saveVersioned<R extends LocalVersioned>(
    kind: R['kind'],
    id: string | null,
    payload: R['payload'],
  ): Promise<R> {
    const at = this.isoNow()
    return this.tables.recordsTransaction(async () => {
      const old = id === null ? undefined : await this.tables.get(id)
      if (id !== null && old?.kind !== kind) throw new Error(`No ${kind} ${id} on this device`)
      const saved = (
        old
          ? // An edit during a conflict stays in the conflict (the user still has to choose); otherwise it is queued.
            {
              ...old,
              payload,
              accountId: this.accountId,
              state: old.state === 'conflict' ? 'conflict' : 'queued',
              reason: undefined,
              rev: old.rev + 1,
              updatedAt: at,
            }
          : { ...this.fresh(at), kind, payload }
      ) as R // `kind` and `payload` belong to the same R; TS cannot pair them through the spread.
      await this.tables.put(saved)
      return saved
    })
  }

  /** Conflict inbox: "keep mine" (push it again on the server's version) or "keep theirs" (adopt the server's copy). */
  resolve(id: string, choice: 'mine' | 'theirs'): Promise<void> {
    return this.tables.recordsTransaction(async () => {
      const r = await this.tables.get(id)
      if (r?.state !== 'conflict' || !r.server) throw new Error(`Record ${id} is not in conflict`)
      await this.tables.put(
        choice === 'mine' ? keepMine(r, this.accountId, this.isoNow()) : keepTheirs(r, this.isoNow()),
      )
    })
  }

  /** A refused record the user wants to send again as it is (after the server side was fixed). */
  retryRejected(id: string): Promise<void> {
    return this.tables.recordsTransaction(async () => {
      const r = await this.tables.get(id)
      if (r?.state === 'rejected')
        await this.tables.put({ ...r, state: 'queued', reason: undefined, accountId: this.accountId })
    })
  }

  /** A push cut off by closing the page never got its acks: those records go back in the outbox. */
  async requeueSending(): Promise<void> {
    await this.tables.moveState(this.accountId, 'sending', 'queued')
  }

  /** Every local record of a base (all accounts, all states), for the screens. */
  baseRecords(baseId: string): Promise<LocalSyncRecord[]> {
    return this.tables.ofBase(baseId)
  }

  /** Records of an account that are not on the server yet (queued, sending, refused or in conflict). */
  unsynced(accountId: string): Promise<LocalSyncRecord[]> {
    return this.tables.ofAccount(accountId, UNSYNCED)
  }

  unsyncedCount(accountId: string): Promise<number> {
    return this.tables.countOfAccount(accountId, UNSYNCED)
  }

  /** True when the account has nothing unsynced, or all of it is in an export file already. */
  async canSwitchUser(accountId: string): Promise<boolean> {
    return (await this.unsynced(accountId)).every((r) => r.exportedRev === r.rev)
  }

  /**
   * Everything of the account not yet on the server, as a JSON file to hand over before another
   * person signs in on this phone. The records stay in the outbox and still sync when the account
   * signs in again; the wire form inside can be pushed as it is.
   */
  async exportUnsynced(accountId: string, deviceId: string): Promise<Blob> {
    const records = await this.tables.recordsTransaction(async () => {
      const rows = await this.unsynced(accountId)
      await this.tables.putMany(rows.map((r) => ({ ...r, exportedRev: r.rev })))
      return rows
    })
    const file = {
      format: 'ziran-kepu-unsynced/1',
      exportedAt: this.isoNow(),
      accountId,
      deviceId,
      records: records.map((r) => ({
        record: toWire(r),
        state: r.state,
        reason: r.reason,
        server: r.server,
        writtenAt: r.updatedAt,
      })),
    }
    return new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' })
  }

  private fresh(at: string, baseId = this.requireBase()) {
    return {
      id: uuidv7(),
      baseId,
      accountId: this.accountId,
      state: 'queued' as const,
      version: 0,
      rev: 1,
      createdAt: at,
      updatedAt: at,
    }
  }

  private requireBase(): string {
    if (this.baseId === null) throw new Error('No base selected: staff records belong to a base')
    return this.baseId
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString()
  }
}
