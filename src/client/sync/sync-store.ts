import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Account, CheckinPayload, VisitorAudience } from '../../shared/index.ts'
import { todayInChina } from '../../shared/domain/calendar-date.ts'
import type {
  LocalActivity,
  LocalCheckin,
  LocalEvent,
  LocalSyncRecord,
  LocalTally,
  LocalVersioned,
} from '../local-db/local-db.ts'
import { useSessionStore, type SessionState } from '../app/session-store.ts'
import {
  SyncEngine,
  type ActivityInput,
  type EventInput,
  type SyncFailure,
  type SyncRunResult,
  type SyncStatus,
} from './sync-engine.ts'
import { checkinStudyTours, isVersioned, tallyTotals, undoableTally, type TallyTotals } from './sync-records.ts'
import { httpTransport } from './sync-transport.ts'
import { byCodeUnit } from '../../shared/domain/compare.ts'

type StaffAccount = Pick<Account, 'id' | 'role' | 'baseId'>
const isStaff = (a: StaffAccount | null | undefined): a is StaffAccount =>
  a?.role === 'base_staff' || a?.role === 'admin'

const emptyTotals = (): TallyTotals => ({ public: 0, student: 0, group: 0, other: 0, total: 0 })

/**
 * Staff statistics for the screens: today's gate counts, the base's activities, the conflict
 * inbox and the sync status. It runs a SyncEngine for the signed-in base_staff/admin account
 * (README.md in this folder), and hands every read and write to it.
 */
export const useSyncStore = defineStore('sync', () => {
  const session = useSessionStore()
  const engine = shallowRef<SyncEngine | null>(null)

  const status = ref<SyncStatus>('idle')
  const failure = ref<SyncFailure | null>(null)
  const lastSyncedAt = ref<string | null>(null)
  /** The base the screens show: the staff member's own, or the one an admin picked. */
  const baseId = ref<string | null>(null)
  const records = shallowRef<LocalSyncRecord[]>([])
  const unsynced = shallowRef<LocalSyncRecord[]>([])

  /** Waiting to go out (queued or on its way). */
  const pendingCount = computed(
    () => unsynced.value.filter((r) => r.state === 'queued' || r.state === 'sending').length,
  )
  /** Not on the server yet, in any state: what a user switch would strand. */
  const unsyncedCount = computed(() => unsynced.value.length)
  /**
   * Edits the server answered with a newer copy: each has `payload` (mine) and `server` (theirs).
   * Only activities and events can conflict (narrow on `kind`): tallies and voids are append-only.
   */
  const conflicts = computed(() =>
    unsynced.value.filter((r): r is LocalVersioned => r.state === 'conflict' && isVersioned(r)),
  )
  /** Records the server refused, with its `reason`. */
  const rejected = computed(() => unsynced.value.filter((r) => r.state === 'rejected'))
  const today = ref(todayInChina())
  const todayTotals = computed(() =>
    baseId.value ? tallyTotals(records.value, baseId.value, today.value) : emptyTotals(),
  )
  /** What "undo" would take back: this account's newest tally of today on this phone, once (`undoableTally`). */
  const lastTally = computed<LocalTally | null>(() =>
    baseId.value ? undoableTally(records.value, baseId.value, engine.value?.accountId ?? null, today.value) : null,
  )
  /** The base's activities, newest date first; withdrawn ones are left out. */
  const activities = computed(() =>
    records.value
      .filter((r): r is LocalActivity => r.kind === 'activity' && !r.payload.deleted)
      .sort((a, b) => byCodeUnit(b.payload.date, a.payload.date) || a.payload.title.localeCompare(b.payload.title)),
  )
  /** 李四光中队 check-ins as the study tours the dashboard counts, one per event (sync-records.ts). */
  const studyTours = computed(() => (baseId.value ? checkinStudyTours(records.value, baseId.value) : []))
  /** The base's upcoming and past events by start time; cancelled ones are left out. */
  const events = computed(() =>
    records.value
      .filter((r): r is LocalEvent => r.kind === 'event' && !r.payload.cancelled)
      .sort(
        (a, b) =>
          Date.parse(a.payload.start) - Date.parse(b.payload.start) || a.payload.title.localeCompare(b.payload.title),
      ),
  )

  /**
   * 李四光中队 classes checked in today at the base (this phone's and pulled ones), first check-in
   * of each registration only: they are counted in the statistics already, so the tally screen
   * shows them instead of letting staff count them again.
   */
  const todayCheckins = computed(() => {
    const seen = new Set<string>()
    return records.value
      .filter(
        (r): r is LocalCheckin =>
          r.kind === 'checkin' && r.state !== 'rejected' && todayInChina(new Date(r.payload.at)) === today.value,
      )
      .sort((a, b) => byCodeUnit(a.payload.at, b.payload.at))
      .filter((r) => !seen.has(r.payload.registrationId) && seen.add(r.payload.registrationId))
  })

  // Reads are coalesced: a sync run reports many changes, the screens need one fresh read.
  // TODO: this reads every record of the base on each change; a Dexie version with a `day` index
  // (and pruning of old synced tallies) would let today's totals read only today's rows.
  let reading: Promise<void> | null = null
  let stale = false
  function refresh(): Promise<void> {
    stale = true
    reading ??= (async () => {
      while (stale) {
        stale = false
        const e = engine.value
        if (!e) {
          records.value = []
          unsynced.value = []
          continue
        }
        const [rows, mine] = await Promise.all([baseId.value ? e.baseRecords(baseId.value) : [], e.unsynced()])
        if (engine.value !== e) continue
        today.value = todayInChina()
        records.value = rows
        unsynced.value = mine
      }
    })().finally(() => {
      reading = null
    })
    return reading
  }

  // Engine life: one per signed-in staff account; replaced when the account or its base changes.
  let switching: Promise<void> = Promise.resolve()
  /** Runs the engine for this account and base (null: stops it); switches run one after another. */
  function switchEngineTo(account: StaffAccount | null, base: string | null): Promise<void> {
    switching = switching.then(async () => {
      const old = engine.value
      if (old && account && old.accountId === account.id && old.baseId === base) return
      engine.value = null
      await old?.stop()
      baseId.value = base
      if (account) {
        const next = new SyncEngine({ transport: httpTransport(), accountId: account.id, baseId: base })
        next.onChange(() => {
          if (engine.value !== next) return
          status.value = next.status
          failure.value = next.failure
          lastSyncedAt.value = next.lastSyncedAt
          void refresh()
        })
        engine.value = next
        await next.start()
        lastSyncedAt.value = next.lastSyncedAt
      } else {
        status.value = 'idle'
        failure.value = null
        lastSyncedAt.value = null
      }
      await refresh()
    })
    return switching
  }

  /**
   * Follows the session: the engine runs for a signed-in staff account. The session store
   * remembers the last account, so a phone that starts with no signal still logs for it.
   */
  async function followSession(account: Account | null, state: SessionState): Promise<void> {
    // Stopped before a sign-out: stay stopped for that account, start again for anyone else.
    if (stoppedFor !== null && (!account || account.id === stoppedFor)) return
    stoppedFor = null
    if (isStaff(account))
      await switchEngineTo(account, account.baseId ?? (engine.value?.accountId === account.id ? baseId.value : null))
    // While the session is still being asked ('unknown'), keep what runs.
    else if (state !== 'unknown') await switchEngineTo(null, null)
  }
  let stoppedFor: string | null = null
  watch(
    () => [session.account, session.state] as const,
    ([account, state]) => followSession(account, state),
    { immediate: true },
  )

  /** The staff screen's own start (asking the server who is signed in first), while it runs. */
  let starting: Promise<void> = Promise.resolve()
  /**
   * The running engine. A tap made while it is still starting (a staff screen just opened, the
   * session being checked) waits for it instead of being dropped.
   */
  async function runningEngine(): Promise<SyncEngine> {
    await starting
    await switching
    if (!engine.value) throw new Error('Statistics sync is not running: sign in as base staff')
    return engine.value
  }

  /** Waits for an engine call, then re-reads what the screens show. */
  async function withRefresh<T>(work: Promise<T>): Promise<T> {
    const result = await work
    await refresh()
    return result
  }

  return {
    status,
    failure,
    lastSyncedAt,
    baseId,
    pendingCount,
    unsyncedCount,
    conflicts,
    rejected,
    todayTotals,
    activities,
    events,
    lastTally,
    todayCheckins,
    studyTours,
    /** Runs sync for the session's staff account (idempotent; the store also follows sign-in and sign-out by itself). */
    start: (): Promise<void> => {
      stoppedFor = null
      starting = (async () => {
        // A staff screen opened straight from a link: ask the server who is signed in first.
        if (session.state === 'unknown')
          await session.refresh().catch(() => {
            /* offline: the remembered account is used */
          })
        await followSession(session.account, session.state)
        await switching
      })()
      return starting
    },
    /** Stops syncing (before signing out). Unsynced records stay on the phone for their account. */
    stop: async (): Promise<void> => {
      stoppedFor = engine.value?.accountId ?? session.account?.id ?? null
      await switchEngineTo(null, null)
    },
    addTally: (audience: VisitorAudience, count = 1): Promise<LocalTally> =>
      withRefresh(runningEngine().then((e) => e.addTally(audience, count))),
    undoLastTally: (expected?: string): Promise<LocalTally | null> =>
      withRefresh(runningEngine().then((e) => e.undoLastTally(expected))),
    /** Checks a class in (sync kind `checkin`); null when this phone has done so already. */
    addCheckin: (
      baseId: string,
      input: Omit<CheckinPayload, 'method'> & Partial<Pick<CheckinPayload, 'method'>>,
    ): Promise<LocalCheckin | null> => withRefresh(runningEngine().then((e) => e.addCheckin(baseId, input))),
    /** Every check-in this phone knows of at a base (for verifying a second scan offline). */
    checkins: (baseId: string): Promise<LocalCheckin[]> => runningEngine().then((e) => e.checkins(baseId)),
    saveActivity: (id: string | null, payload: ActivityInput): Promise<LocalActivity> =>
      withRefresh(runningEngine().then((e) => e.saveActivity(id, payload))),
    saveEvent: (id: string | null, payload: EventInput): Promise<LocalEvent> =>
      withRefresh(runningEngine().then((e) => e.saveEvent(id, payload))),
    resolveConflict: (id: string, choice: 'mine' | 'theirs'): Promise<void> =>
      withRefresh(runningEngine().then((e) => (choice === 'mine' ? e.keepMine(id) : e.keepTheirs(id)))),
    retryRejected: (id: string): Promise<void> => withRefresh(runningEngine().then((e) => e.retryRejected(id))),
    syncNow: (): Promise<SyncRunResult> => withRefresh(runningEngine().then((e) => e.syncNow())),
    /** False while this account has records that are neither synced nor exported: block logout/switch. */
    canSwitchUser: async (): Promise<boolean> => (engine.value ? engine.value.canSwitchUser() : true),
    /** The account's unsynced records as a JSON file to save or share; they stay queued on the phone. */
    exportUnsynced: async (): Promise<File> => {
      const blob = await withRefresh(runningEngine().then((e) => e.exportUnsynced()))
      return new File([blob], `ziran-kepu-unsynced-${todayInChina()}.json`, { type: 'application/json' })
    },
    /** For admins (no base of their own): which base to log for and pull. */
    selectBase: (id: string): Promise<void> => {
      const account = session.account
      return isStaff(account)
        ? switchEngineTo(account, account.role === 'admin' ? id : account.baseId)
        : Promise.resolve()
    },
  }
})
