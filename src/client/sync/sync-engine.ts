import { v7 as uuidv7 } from 'uuid'
import type { VisitorAudience } from '../../shared/index.ts'
import { ApiRequestError } from '../api/http.ts'
import type { CheckinPayload } from '../../shared/index.ts'
import type {
  LocalActivity,
  LocalCheckin,
  LocalDb,
  LocalEvent,
  LocalSyncRecord,
  LocalTally,
} from '../local-db/local-db.ts'
import { SyncTables } from '../local-db/sync-tables.ts'
import { Outbox, type ActivityInput, type EventInput } from './outbox.ts'
import { pullBase } from './pull.ts'
import { pushOutbox } from './push.ts'
import type { SyncTransport } from './sync-transport.ts'
import { SyncTriggers, type SyncEventSources, type SyncTimers } from './sync-triggers.ts'

/*
 * The device side of README.md in this folder, without Vue, so it runs in tests and in Node: local
 * writes go to the outbox (outbox.ts); a run pushes it (push.ts) and pulls the base (pull.ts);
 * sync-triggers.ts decides when runs happen. One engine per signed-in account.
 */

export type { ActivityInput, EventInput, SyncEventSources, SyncTimers }
export type SyncStatus = 'idle' | 'syncing' | 'offline' | 'error'
/** Why the last run failed: no network, a signed-out session, the server, an answer we could not read, or a bug here. */
export type SyncFailure = 'offline' | 'unauthorized' | 'server' | 'invalid-response' | 'unknown'

export interface SyncEngineOptions {
  /** The IndexedDB the records live in (a test gives each phone its own). @default the app's */
  db?: LocalDb
  transport: SyncTransport
  /** The signed-in account: it owns what it writes, and only its own outbox is pushed. */
  accountId: string
  /** The base written to and pulled; null writes and pulls nothing (an admin who has not picked a base). */
  baseId: string | null
  /** @default Date.now */
  now?: () => number
  /** @default Math.random */
  random?: () => number
  /** @default the global setTimeout/clearTimeout */
  timers?: SyncTimers
  /** Where `online`, `offline` and `visibilitychange` come from; false for none. @default window and document, when present */
  events?: SyncEventSources | false
}

export interface SyncRunResult {
  ok: boolean
  failure: SyncFailure | null
  pushed: number
  pulled: number
}

export class SyncEngine {
  readonly accountId: string
  readonly baseId: string | null
  private readonly tables: SyncTables
  private readonly outbox: Outbox
  private readonly triggers: SyncTriggers
  private readonly now: () => number
  private statusValue: SyncStatus = 'idle'
  private failureValue: SyncFailure | null = null
  private lastSyncedAtValue: string | null = null
  private deviceIdValue = ''
  /** Set by a 429/503 Retry-After: the next timer waits at least this long. */
  private retryAfterMs = 0
  private running: Promise<SyncRunResult> | null = null
  private again = false
  private stopped = true
  private readonly listeners = new Set<() => void>()

  constructor(private readonly options: SyncEngineOptions) {
    this.tables = new SyncTables(options.db)
    this.accountId = options.accountId
    this.baseId = options.baseId
    this.now = options.now ?? Date.now
    this.outbox = new Outbox(this.tables, options.accountId, options.baseId, this.now)
    this.triggers = new SyncTriggers(() => void this.syncNow(), options.random ?? Math.random, options.timers)
  }

  get status(): SyncStatus {
    return this.statusValue
  }
  get failure(): SyncFailure | null {
    return this.failureValue
  }
  get lastSyncedAt(): string | null {
    return this.lastSyncedAtValue
  }
  get deviceId(): string {
    return this.deviceIdValue
  }
  /** The backoff step the retry timer is on (0 after a clean run). */
  get retryAttempt(): number {
    return this.triggers.retryAttempt
  }

  /** Called after every change of status or of the local records. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async start(): Promise<void> {
    const tables = this.tables
    await tables.recordsAndMetaTransaction(async () => {
      const device = await tables.meta('deviceId')
      this.deviceIdValue = typeof device === 'string' ? device : uuidv7()
      if (device === undefined) await tables.setMeta('deviceId', this.deviceIdValue)
      const last = await tables.meta(`lastSyncedAt:${this.accountId}`)
      this.lastSyncedAtValue = typeof last === 'string' ? last : null
      await this.outbox.requeueSending()
    })
    this.stopped = false
    this.triggers.listen(this.options.events, () => {
      if (this.statusValue !== 'syncing') this.setStatus('offline')
    })
    this.kick()
  }

  /** Stops triggers and timers and waits for a run in progress; the outbox stays as it is. */
  async stop(): Promise<void> {
    this.stopped = true
    this.triggers.stop()
    await this.running?.catch(() => undefined)
  }

  // Local writes: each is one transaction, then a sync soon. -----------------------------------

  addTally(audience: VisitorAudience, count = 1): Promise<LocalTally> {
    return this.write(this.outbox.addTally(audience, count))
  }
  /** Appends a `tally-void` for this account's last tally of today; null when none is left. */
  /** Undo of the entry just made, once (`expected`: only if that is still it); see `undoableTally`. */
  undoLastTally(expected?: string): Promise<LocalTally | null> {
    return this.write(this.outbox.undoLastTally(expected))
  }
  saveActivity(id: string | null, input: ActivityInput): Promise<LocalActivity> {
    return this.write(this.outbox.saveActivity(id, input))
  }
  /** Creates (id null) or edits a base event; cancel with `cancelled: true`. */
  saveEvent(id: string | null, input: EventInput): Promise<LocalEvent> {
    return this.write(this.outbox.saveEvent(id, input))
  }
  /** Checks a class in at the gate; null when this phone has checked that registration in already. */
  addCheckin(
    baseId: string,
    input: Omit<CheckinPayload, 'method'> & Partial<Pick<CheckinPayload, 'method'>>,
  ): Promise<LocalCheckin | null> {
    return this.write(this.outbox.addCheckin(baseId, input))
  }
  /** Conflict inbox: push my copy again, now based on the server's version. */
  keepMine(id: string): Promise<void> {
    return this.write(this.outbox.resolve(id, 'mine'))
  }
  /** Conflict inbox: drop my edit and take the server's copy. */
  keepTheirs(id: string): Promise<void> {
    return this.write(this.outbox.resolve(id, 'theirs'))
  }
  retryRejected(id: string): Promise<void> {
    return this.write(this.outbox.retryRejected(id))
  }

  // Reads --------------------------------------------------------------------------------------

  baseRecords(baseId: string): Promise<LocalSyncRecord[]> {
    return this.outbox.baseRecords(baseId)
  }
  checkins(baseId: string): Promise<LocalCheckin[]> {
    return this.outbox.checkins(baseId)
  }
  unsynced(accountId = this.accountId): Promise<LocalSyncRecord[]> {
    return this.outbox.unsynced(accountId)
  }
  unsyncedCount(accountId = this.accountId): Promise<number> {
    return this.outbox.unsyncedCount(accountId)
  }
  /** True when the account has nothing unsynced, or all of it is exported (pitfalls 31, 33). */
  canSwitchUser(accountId = this.accountId): Promise<boolean> {
    return this.outbox.canSwitchUser(accountId)
  }

  /** The account's unsynced records as a JSON file; they stay queued and still sync later. */
  async exportUnsynced(accountId = this.accountId): Promise<Blob> {
    const blob = await this.outbox.exportUnsynced(accountId, this.deviceIdValue)
    this.notify()
    return blob
  }

  // Sync runs ----------------------------------------------------------------------------------

  /**
   * Runs a sync now, or joins the one in progress, which then runs once more: a caller always gets
   * the result of a pass that started after its call, even when it joins while a failed pass is
   * still winding up (reporting its status, arming the retry timer).
   */
  syncNow(): Promise<SyncRunResult> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.loop().finally(() => {
      this.running = null
    })
    return this.running
  }

  private async loop(): Promise<SyncRunResult> {
    for (;;) {
      this.again = false
      this.triggers.cancel()
      const result = await this.runOnce()
      if (this.again && !this.stopped) continue
      await this.afterRun(result, result.ok && !result.unanswered)
      if (this.again && !this.stopped) continue
      return { ok: result.ok, failure: result.failure, pushed: result.pushed, pulled: result.pulled }
    }
  }

  private async runOnce(): Promise<SyncRunResult & { unanswered: boolean }> {
    this.setStatus('syncing')
    const ctx = {
      tables: this.tables,
      transport: this.options.transport,
      accountId: this.accountId,
      deviceId: this.deviceIdValue,
      now: this.now,
      stopped: () => this.stopped,
      changed: () => this.notify(),
    }
    // Each edit is pushed at most once per run: a record that stays queued waits for the timer.
    const tried = new Set<string>()
    let pushed = 0
    let pulled = 0
    let unanswered = false
    try {
      const first = await pushOutbox(ctx, tried)
      pushed += first.pushed
      unanswered ||= first.unanswered
      if (this.baseId !== null) {
        pulled = await pullBase(ctx, this.baseId)
        // A pull can rebase an edit on our own earlier write: that edit goes out in this run too.
        const second = await pushOutbox(ctx, tried)
        pushed += second.pushed
        unanswered ||= second.unanswered
      }
      return { ok: true, failure: null, pushed, pulled, unanswered }
    } catch (error) {
      return { ok: false, failure: this.classify(error), pushed, pulled, unanswered }
    }
  }

  private async afterRun(result: SyncRunResult, clean: boolean): Promise<void> {
    if (clean) {
      this.failureValue = null
      this.lastSyncedAtValue = new Date(this.now()).toISOString()
      await this.tables.setMeta(`lastSyncedAt:${this.accountId}`, this.lastSyncedAtValue)
      this.setStatus('idle')
    } else {
      // An answer that left records without an ack is the server's fault, not the network's.
      this.failureValue = result.failure ?? 'invalid-response'
      this.setStatus(this.failureValue === 'offline' ? 'offline' : 'error')
    }
    const queued = await this.tables.countOfAccount(this.accountId, ['queued'])
    if (!this.stopped) this.triggers.afterRun(clean, queued > 0, this.retryAfterMs)
    this.retryAfterMs = 0
  }

  private classify(error: unknown): SyncFailure {
    // apiRequest rethrows aborts (our own timeout): the request went unanswered.
    if (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError'))
      return 'offline'
    if (!(error instanceof ApiRequestError)) {
      console.error('sync run failed', error)
      return 'unknown'
    }
    switch (error.failure.kind) {
      case 'offline':
        return 'offline'
      case 'invalid-response':
        return 'invalid-response'
      case 'http':
        if (error.failure.retryAfterSeconds !== null) this.retryAfterMs = error.failure.retryAfterSeconds * 1000
        return error.failure.status === 401 || error.failure.status === 403 ? 'unauthorized' : 'server'
    }
  }

  // Helpers ------------------------------------------------------------------------------------

  /** A sync soon (start, a local write): a burst of taps becomes one run. */
  private kick(): void {
    if (!this.stopped) this.triggers.soon()
  }

  private async write<T>(change: Promise<T>): Promise<T> {
    const result = await change
    this.notify()
    this.kick()
    return result
  }

  private setStatus(status: SyncStatus): void {
    this.statusValue = status
    this.notify()
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }
}
