import Dexie from 'dexie'
import { localDb, type LocalDb, type LocalSyncRecord, type SyncState } from './local-db.ts'

type OfKind<K extends LocalSyncRecord['kind']> = Extract<LocalSyncRecord, { kind: K }>

/**
 * The staff records with their outbox state (`syncRecords`) and the sync bookkeeping (`syncMeta`)
 * of one IndexedDB: the app's, or a test's phone. The sync engine (src/client/sync/) reads and
 * writes them only through this class; what makes a record change stays there.
 */
export class SyncTables {
  constructor(private readonly db: LocalDb = localDb) {}

  /** Runs `work` in one read-write transaction over the records: its reads and writes happen together or not at all. */
  recordsTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction('rw', this.db.syncRecords, work)
  }

  /** As `recordsTransaction`, over the records and the bookkeeping (a pulled page with its cursor). */
  recordsAndMetaTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction('rw', this.db.syncRecords, this.db.syncMeta, work)
  }

  // Records ------------------------------------------------------------------------------------

  /** Stores a new record; fails if its id is taken. */
  async add(record: LocalSyncRecord): Promise<void> {
    await this.db.syncRecords.add(record)
  }

  get(id: string): Promise<LocalSyncRecord | undefined> {
    return this.db.syncRecords.get(id)
  }

  /** The records of `ids`, in their order (undefined where there is none). */
  getMany(ids: string[]): Promise<(LocalSyncRecord | undefined)[]> {
    return this.db.syncRecords.bulkGet(ids)
  }

  async put(record: LocalSyncRecord): Promise<void> {
    await this.db.syncRecords.put(record)
  }

  async putMany(records: readonly LocalSyncRecord[]): Promise<void> {
    await this.db.syncRecords.bulkPut(records)
  }

  /** A base's records of one kind (all accounts, all states). */
  ofKind<K extends LocalSyncRecord['kind']>(baseId: string, kind: K): Promise<OfKind<K>[]> {
    return this.ofKinds(baseId, [kind])
  }

  /** A base's records of some kinds. */
  async ofKinds<K extends LocalSyncRecord['kind']>(baseId: string, kinds: readonly K[]): Promise<OfKind<K>[]> {
    const rows = await this.db.syncRecords
      .where('[baseId+kind]')
      .anyOf(kinds.map((kind) => [baseId, kind]))
      .toArray()
    // The index returned only these kinds; the filter tells TypeScript so.
    return rows.filter((r): r is OfKind<K> => (kinds as readonly string[]).includes(r.kind))
  }

  /** Every record of a base (all kinds, accounts and states). */
  ofBase(baseId: string): Promise<LocalSyncRecord[]> {
    return this.db.syncRecords.where('[baseId+kind]').between([baseId, Dexie.minKey], [baseId, Dexie.maxKey]).toArray()
  }

  /** An account's records in some states, oldest first (ids are UUIDv7). */
  ofAccount(accountId: string, states: readonly SyncState[]): Promise<LocalSyncRecord[]> {
    return this.inStates(accountId, states).sortBy('id')
  }

  countOfAccount(accountId: string, states: readonly SyncState[]): Promise<number> {
    return this.inStates(accountId, states).count()
  }

  /** Puts the account's records in state `from` into state `to`. */
  async moveState(accountId: string, from: SyncState, to: SyncState): Promise<void> {
    await this.db.syncRecords.where('[accountId+state]').equals([accountId, from]).modify({ state: to })
  }

  private inStates(accountId: string, states: readonly SyncState[]) {
    return this.db.syncRecords.where('[accountId+state]').anyOf(states.map((s) => [accountId, s]))
  }

  // Bookkeeping: `deviceId`, `cursor:<baseId>`, `lastSyncedAt:<accountId>` ------------------------

  async meta(key: string): Promise<string | number | undefined> {
    return (await this.db.syncMeta.get(key))?.value
  }

  async setMeta(key: string, value: string | number): Promise<void> {
    await this.db.syncMeta.put({ key, value })
  }
}
