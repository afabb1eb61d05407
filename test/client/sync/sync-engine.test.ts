import { afterEach, describe, expect, it } from 'vitest'
import {
  syncRecord,
  type PullResponse,
  type PushAck,
  type PushResponse,
  type StoredRecord,
  type SyncRecord,
} from '../../../src/shared/index.ts'
import { ApiRequestError } from '../../../src/client/api/http.ts'
import { LocalDb } from '../../../src/client/local-db/local-db.ts'
import {
  SyncEngine,
  type EventInput,
  type SyncEngineOptions,
  type SyncTimers,
} from '../../../src/client/sync/sync-engine.ts'
import { BACKOFF_MAX_MS } from '../../../src/client/sync/sync-records.ts'
import { canonicalJson } from '../../../src/shared/domain/compare.ts'
import type { SyncTransport } from '../../../src/client/sync/sync-transport.ts'

const BASE = 'test-base'
const NOW = Date.parse('2025-05-10T02:00:00Z') // 10:00 in Beijing

/** The server contract in memory (src/server/services/sync-service.ts is the real one). */
class FakeServer implements SyncTransport {
  rows = new Map<string, StoredRecord>()
  change = 0
  pushes: number[] = []
  offline = false
  /** Apply the next push, then lose its answer. */
  dropNextResponse = false
  refuse: (record: SyncRecord) => string | null = () => null
  /** Answers that leave some records out (applying nothing for them). */
  ignore: (record: SyncRecord) => boolean = () => false

  async push(body: { deviceId: string; records: SyncRecord[] }): Promise<PushResponse> {
    await Promise.resolve()
    if (this.offline) throw new ApiRequestError({ kind: 'offline' })
    this.pushes.push(body.records.length)
    const acks = body.records.flatMap((raw, i) => (this.ignore(raw) ? [] : [this.pushOne(raw, i)]))
    if (this.dropNextResponse) {
      this.dropNextResponse = false
      throw new ApiRequestError({ kind: 'offline' })
    }
    return { acks }
  }

  private pushOne(raw: unknown, index: number): PushAck {
    const parsed = syncRecord.safeParse(raw)
    if (!parsed.success) return { id: `#${String(index)}`, status: 'rejected', reason: parsed.error.message }
    const record = parsed.data
    const refused = this.refuse(record)
    if (refused) return { id: record.id, status: 'rejected', reason: refused }
    const old = this.rows.get(record.id)
    const store = (version: number): PushAck => {
      this.rows.set(record.id, {
        id: record.id,
        kind: record.kind,
        baseId: record.baseId,
        version,
        payload: record.payload,
        change: ++this.change,
      })
      return { id: record.id, status: 'accepted', version }
    }
    if (old && canonicalJson(old.payload) === canonicalJson(record.payload))
      return { id: record.id, status: 'duplicate', version: old.version }
    if (record.kind !== 'activity' && record.kind !== 'event')
      return old ? { id: record.id, status: 'rejected', reason: 'id reused' } : store(1)
    if (!old) return record.baseVersion === 0 ? store(1) : { id: record.id, status: 'rejected', reason: 'baseVersion' }
    return record.baseVersion === old.version
      ? store(old.version + 1)
      : { id: record.id, status: 'conflict', version: old.version, current: old }
  }

  async pull(query: { baseId: string; cursor?: number; limit?: number }): Promise<PullResponse> {
    await Promise.resolve()
    if (this.offline) throw new ApiRequestError({ kind: 'offline' })
    const limit = query.limit ?? 500
    const rows = [...this.rows.values()]
      .filter((r) => r.baseId === query.baseId && r.change > (query.cursor ?? 0))
      .sort((a, b) => a.change - b.change)
    const page = rows.slice(0, limit)
    return { records: page, cursor: page.at(-1)?.change ?? query.cursor ?? 0, more: rows.length > limit }
  }
}

/** Timers the test fires by hand; records every delay asked for. */
class ManualTimers implements SyncTimers {
  delays: number[] = []
  private pending = new Map<number, () => void>()
  private next = 0
  setTimeout(run: () => void, ms: number): unknown {
    this.delays.push(ms)
    this.pending.set(++this.next, run)
    return this.next
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number)
  }
  get size(): number {
    return this.pending.size
  }
  fire(): void {
    const runs = [...this.pending.values()]
    this.pending.clear()
    for (const run of runs) run()
  }
}

let dbCount = 0
const opened: { db: LocalDb; engines: SyncEngine[] }[] = []

function device(server: SyncTransport, accountId = 'staff-a', extra: Partial<SyncEngineOptions> = {}) {
  const db = new LocalDb(`sync-engine-test-${String(++dbCount)}`)
  const entry = { db, engines: [] as SyncEngine[] }
  opened.push(entry)
  const engine = (account = accountId, more: Partial<SyncEngineOptions> = {}) => {
    const e = new SyncEngine({
      db,
      transport: server,
      accountId: account,
      baseId: BASE,
      now: () => NOW,
      timers: new ManualTimers(),
      events: false,
      ...extra,
      ...more,
    })
    entry.engines.push(e)
    return e
  }
  return { db, engine }
}

afterEach(async () => {
  for (const { db, engines } of opened.splice(0)) {
    for (const e of engines) await e.stop()
    db.close()
    await db.delete()
  }
})

const activity = (title: string, participants = 10) => ({
  type: 'lecture' as const,
  title,
  date: '2025-05-10',
  participants,
})

describe('sync engine: outbox and push', () => {
  it('keeps tallies logged offline and sends each exactly once when the network returns', async () => {
    const server = new FakeServer()
    server.offline = true
    const { db, engine } = device(server)
    const phone = engine()
    await phone.start()
    await phone.addTally('public')
    await phone.addTally('group', 25)
    const failed = await phone.syncNow()
    expect(failed).toMatchObject({ ok: false, failure: 'offline' })
    expect(phone.status).toBe('offline')
    expect((await db.syncRecords.toArray()).map((r) => r.state)).toEqual(['queued', 'queued'])

    server.offline = false
    expect(await phone.syncNow()).toMatchObject({ ok: true, pushed: 2 })
    await phone.syncNow()
    expect(server.rows.size).toBe(2)
    expect(await phone.unsyncedCount()).toBe(0)
    expect((await db.syncRecords.toArray()).every((r) => r.state === 'synced' && r.version === 1)).toBe(true)
    expect(phone.lastSyncedAt).toBe(new Date(NOW).toISOString())
  })

  it('pushes a long outbox in batches of at most 200, one ack per record', async () => {
    const server = new FakeServer()
    server.offline = true
    const { engine } = device(server)
    const phone = engine()
    await phone.start()
    for (let i = 0; i < 450; i++) await phone.addTally('student')
    server.offline = false
    await phone.syncNow()
    expect(server.pushes).toEqual([200, 200, 50])
    expect(server.rows.size).toBe(450)
    expect(await phone.unsyncedCount()).toBe(0)
  })

  it('shows a refused record with its reason and still sends the others in its batch', async () => {
    const server = new FakeServer()
    const { db, engine } = device(server)
    const phone = engine()
    await phone.start()
    server.offline = true
    await phone.addTally('public')
    const bad = await phone.addTally('other', 7)
    await phone.addTally('student')
    server.offline = false
    server.refuse = (r) => (r.id === bad.id ? 'forbidden: staff may only write to their own base' : null)
    await phone.syncNow()
    expect(server.rows.size).toBe(2)
    const refused = await db.syncRecords.get(bad.id)
    expect(refused).toMatchObject({ state: 'rejected', reason: 'forbidden: staff may only write to their own base' })
    expect(await phone.unsyncedCount()).toBe(1)
    // Fixed on the server: the user sends it again.
    server.refuse = () => null
    await phone.retryRejected(bad.id)
    await phone.syncNow()
    expect(server.rows.size).toBe(3)
  })

  it('counts a tally once when the answer to its push was lost (healed by `duplicate`)', async () => {
    const server = new FakeServer()
    const { db, engine } = device(server)
    const phone = engine()
    await phone.start()
    const tally = await phone.addTally('group', 30)
    server.dropNextResponse = true
    expect(await phone.syncNow()).toMatchObject({ ok: false })
    expect((await db.syncRecords.get(tally.id))?.state).toBe('queued')
    expect(server.rows.size).toBe(1)
    await phone.syncNow()
    expect(server.rows.size).toBe(1)
    expect((await db.syncRecords.get(tally.id))?.state).toBe('synced')
  })

  it('puts records cut off mid-push (page closed) back in the outbox on the next start', async () => {
    const server = new FakeServer()
    const { db, engine } = device(server)
    const first = engine()
    await first.start()
    const tally = await first.addTally('public')
    await first.stop()
    await db.syncRecords.update(tally.id, { state: 'sending' })
    const second = engine()
    await second.start()
    expect((await db.syncRecords.get(tally.id))?.state).toBe('queued')
    await second.syncNow()
    expect((await db.syncRecords.get(tally.id))?.state).toBe('synced')
  })

  it('keeps an edit made while its previous version was on the way', async () => {
    const server = new FakeServer()
    const { db, engine } = device(server)
    const phone = engine()
    await phone.start()
    const saved = await phone.saveActivity(null, activity('Rocks'))
    const push = server.push.bind(server)
    let edited = false
    server.push = async (body) => {
      if (!edited) {
        edited = true
        await phone.saveActivity(saved.id, activity('Rocks and soil'))
      }
      return push(body)
    }
    await phone.syncNow()
    expect(server.rows.get(saved.id)).toMatchObject({ version: 2, payload: { title: 'Rocks and soil' } })
    expect(await db.syncRecords.get(saved.id)).toMatchObject({ state: 'synced', version: 2 })
  })
})

describe('sync engine: tallies and undo', () => {
  it('undoes the last tally with an appended void, and the totals drop by its count', async () => {
    const server = new FakeServer()
    const { engine } = device(server)
    const phone = engine()
    await phone.start()
    await phone.addTally('public', 3)
    const group = await phone.addTally('group', 40)
    expect(await phone.undoLastTally()).toMatchObject({ id: group.id })
    await phone.syncNow()
    const voids = [...server.rows.values()].filter((r) => r.kind === 'tally-void')
    expect(voids.map((v) => v.payload)).toEqual([{ target: group.id }])
    const { tallyTotals } = await import('../../../src/client/sync/sync-records.ts')
    expect(tallyTotals(await phone.baseRecords(BASE), BASE, '2025-05-10')).toEqual({
      public: 3,
      student: 0,
      group: 0,
      other: 0,
      total: 3,
    })
    // Undo is for the entry just made, once: a second tap does not reach the 3 before it.
    expect(await phone.undoLastTally()).toBeNull()
    const next = await phone.addTally('student', 1)
    // A confirmation names its entry: if another entry came in meanwhile, nothing is undone.
    expect(await phone.undoLastTally(group.id)).toBeNull()
    expect(await phone.undoLastTally(next.id)).toMatchObject({ id: next.id })
    expect(tallyTotals(await phone.baseRecords(BASE), BASE, '2025-05-10').total).toBe(3)
  })
})

describe('sync engine: pull and conflicts', () => {
  async function twoPhones() {
    const server = new FakeServer()
    const a = device(server, 'staff-a')
    const b = device(server, 'staff-b')
    const phoneA = a.engine()
    const phoneB = b.engine()
    await phoneA.start()
    await phoneB.start()
    const created = await phoneA.saveActivity(null, activity('Wetland walk'))
    await phoneA.syncNow()
    await phoneB.syncNow()
    expect(await b.db.syncRecords.get(created.id)).toMatchObject({ state: 'synced', version: 1, accountId: null })
    // Both edit version 1 offline; A gets there first.
    await phoneA.saveActivity(created.id, activity('Wetland walk', 35))
    await phoneB.saveActivity(created.id, activity('Wetland walk (rain)', 12))
    await phoneA.syncNow()
    await phoneB.syncNow()
    return { server, a, b, phoneA, phoneB, id: created.id }
  }

  it('shows a conflict instead of overwriting, and "keep mine" wins on the next push', async () => {
    const { server, a, b, phoneA, phoneB, id } = await twoPhones()
    const conflict = await b.db.syncRecords.get(id)
    expect(conflict).toMatchObject({
      state: 'conflict',
      payload: { participants: 12 },
      server: { version: 2, payload: { participants: 35 } },
    })
    expect(server.rows.get(id)).toMatchObject({ version: 2, payload: { participants: 35 } })
    await phoneB.keepMine(id)
    await phoneB.syncNow()
    expect(server.rows.get(id)).toMatchObject({
      version: 3,
      payload: { participants: 12, title: 'Wetland walk (rain)' },
    })
    await phoneA.syncNow()
    expect(await a.db.syncRecords.get(id)).toMatchObject({ state: 'synced', version: 3, payload: { participants: 12 } })
  })

  it('"keep theirs" drops the local edit for the server copy', async () => {
    const { server, b, phoneB, id } = await twoPhones()
    await phoneB.keepTheirs(id)
    expect(await b.db.syncRecords.get(id)).toMatchObject({ state: 'synced', version: 2, payload: { participants: 35 } })
    await phoneB.syncNow()
    expect(server.rows.get(id)).toMatchObject({ version: 2, payload: { participants: 35 } })
    expect(await phoneB.unsyncedCount()).toBe(0)
  })

  it('does not call its own earlier edit a conflict when that answer was lost', async () => {
    const server = new FakeServer()
    const { db, engine } = device(server)
    const phone = engine()
    await phone.start()
    const created = await phone.saveActivity(null, activity('Fossils'))
    await phone.syncNow()
    await phone.saveActivity(created.id, activity('Fossils', 20))
    server.dropNextResponse = true
    await phone.syncNow()
    // The server has version 2; the phone does not know and edits again on version 1.
    await phone.saveActivity(created.id, activity('Fossils', 25))
    await phone.syncNow()
    expect(await db.syncRecords.get(created.id)).toMatchObject({
      state: 'synced',
      version: 3,
      payload: { participants: 25 },
    })
    expect(server.rows.get(created.id)).toMatchObject({ version: 3, payload: { participants: 25 } })
  })

  it('marks a pulled change against a local unsynced edit as a conflict (never overwrites it)', async () => {
    const server = new FakeServer()
    const a = device(server, 'staff-a')
    const b = device(server, 'staff-b')
    const phoneA = a.engine()
    const phoneB = b.engine()
    await phoneA.start()
    await phoneB.start()
    const created = await phoneA.saveActivity(null, activity('Caves'))
    await phoneA.syncNow()
    await phoneB.syncNow()
    await phoneA.saveActivity(created.id, activity('Caves', 50))
    await phoneA.syncNow()
    server.offline = true
    await phoneB.saveActivity(created.id, activity('Caves', 60))
    await phoneB.syncNow()
    server.offline = false
    // The push is answered without an ack for B's edit: it stays queued, and the pull meets it.
    server.ignore = () => true
    expect(await phoneB.syncNow()).toMatchObject({ ok: true, pulled: 1 })
    expect(phoneB.status).toBe('error')
    expect(await b.db.syncRecords.get(created.id)).toMatchObject({
      state: 'conflict',
      version: 1,
      payload: { participants: 60 },
      server: { version: 2, payload: { participants: 50 } },
    })
    expect(server.rows.get(created.id)).toMatchObject({ version: 2, payload: { participants: 50 } })
  })
})

const event = (title: string, extra: Partial<EventInput> = {}): EventInput => ({
  title,
  start: '2025-05-18T09:00:00+08:00',
  end: '2025-05-18T11:30:00+08:00',
  place: 'Hall 2',
  audience: 'school',
  capacity: 40,
  ...extra,
})

describe('sync engine: base events', () => {
  it('sends an event created offline once, with defaults filled in, and an edit as the next version', async () => {
    const server = new FakeServer()
    server.offline = true
    const { db, engine } = device(server)
    const phone = engine()
    await phone.start()
    const created = await phone.saveEvent(null, event('Museum open day'))
    expect(created).toMatchObject({
      kind: 'event',
      state: 'queued',
      version: 0,
      payload: { cancelled: false, registrationRequired: false, themeDayId: null },
    })
    server.offline = false
    await phone.syncNow()
    expect(server.rows.get(created.id)).toMatchObject({
      kind: 'event',
      version: 1,
      payload: { title: 'Museum open day', capacity: 40 },
    })
    await phone.saveEvent(created.id, event('Museum open day', { capacity: null, registrationRequired: true }))
    await phone.syncNow()
    expect(server.rows.get(created.id)).toMatchObject({
      version: 2,
      payload: { capacity: null, registrationRequired: true },
    })
    expect(await db.syncRecords.get(created.id)).toMatchObject({ state: 'synced', version: 2 })
    expect(await phone.unsyncedCount()).toBe(0)
  })

  it('refuses an event that ends before it starts, before anything is stored', async () => {
    const { db, engine } = device(new FakeServer())
    const phone = engine()
    await phone.start()
    await expect(phone.saveEvent(null, event('Backwards', { end: '2025-05-18T08:00:00+08:00' }))).rejects.toThrow(
      /end must be after start/,
    )
    await expect(phone.saveEvent(null, { ...event('Bad'), start: '2025-05-18 09:00' })).rejects.toThrow()
    expect(await db.syncRecords.count()).toBe(0)
  })

  it('an event edited on two phones is a conflict with the server copy; "keep mine" wins', async () => {
    const server = new FakeServer()
    const a = device(server, 'staff-a')
    const b = device(server, 'staff-b')
    const phoneA = a.engine()
    const phoneB = b.engine()
    await phoneA.start()
    await phoneB.start()
    const created = await phoneA.saveEvent(null, event('Fossil lecture'))
    await phoneA.syncNow()
    await phoneB.syncNow()
    expect(await b.db.syncRecords.get(created.id)).toMatchObject({
      kind: 'event',
      state: 'synced',
      version: 1,
      accountId: null,
    })
    await phoneA.saveEvent(created.id, event('Fossil lecture', { place: 'Hall 3' }))
    await phoneB.saveEvent(created.id, event('Fossil lecture', { capacity: 60 }))
    await phoneA.syncNow()
    await phoneB.syncNow()
    expect(await b.db.syncRecords.get(created.id)).toMatchObject({
      state: 'conflict',
      payload: { capacity: 60, place: 'Hall 2' },
      server: { version: 2, payload: { capacity: 40, place: 'Hall 3' } },
    })
    expect((await phoneB.unsynced()).filter((r) => r.state === 'conflict').map((r) => r.kind)).toEqual(['event'])
    await phoneB.keepMine(created.id)
    await phoneB.syncNow()
    expect(server.rows.get(created.id)).toMatchObject({ version: 3, payload: { capacity: 60, place: 'Hall 2' } })
    await phoneA.syncNow()
    expect(await a.db.syncRecords.get(created.id)).toMatchObject({
      state: 'synced',
      version: 3,
      payload: { capacity: 60 },
    })
    expect(await phoneA.unsyncedCount()).toBe(0)
    expect(await phoneB.unsyncedCount()).toBe(0)
  })

  it('cancelling an event is an edit that reaches the other phone as cancelled', async () => {
    const server = new FakeServer()
    const a = device(server, 'staff-a')
    const b = device(server, 'staff-b')
    const phoneA = a.engine()
    const phoneB = b.engine()
    await phoneA.start()
    await phoneB.start()
    const created = await phoneA.saveEvent(null, event('Star party'))
    await phoneA.syncNow()
    await phoneB.syncNow()
    await phoneA.saveEvent(created.id, event('Star party', { cancelled: true }))
    await phoneA.syncNow()
    expect(server.rows.get(created.id)).toMatchObject({ version: 2, payload: { cancelled: true } })
    await phoneB.syncNow()
    expect(await b.db.syncRecords.get(created.id)).toMatchObject({
      state: 'synced',
      version: 2,
      payload: { title: 'Star party', cancelled: true },
    })
    expect(await phoneA.unsyncedCount()).toBe(0)
  })
})

describe('sync engine: retry timing', () => {
  it('retries with backoff from 2 s doubling to 5 min, full jitter, while anything is queued', async () => {
    const server = new FakeServer()
    server.offline = true
    const timers = new ManualTimers()
    const { engine } = device(server)
    const phone = engine('staff-a', { timers, random: () => 0.999999 })
    await phone.start()
    expect(timers.delays).toEqual([0]) // start triggers a run
    timers.fire()
    await phone.syncNow()
    expect(timers.size).toBe(0) // nothing queued: no timer

    await phone.addTally('public')
    expect(timers.delays.at(-1)).toBe(0) // a local write triggers a run
    const delays: number[] = []
    for (let i = 0; i < 12; i++) {
      timers.delays = []
      await phone.syncNow()
      delays.push(timers.delays.at(-1)!)
    }
    const caps = [2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300].map((s) => s * 1000)
    delays.forEach((d, i) => {
      expect(d).toBeLessThan(caps[i]!)
      expect(d).toBeGreaterThanOrEqual(caps[i]! - 1)
    })
    expect(Math.max(...delays)).toBeLessThan(BACKOFF_MAX_MS)

    server.offline = false
    timers.delays = []
    await phone.syncNow()
    expect(phone.retryAttempt).toBe(0)
    expect(timers.size).toBe(0)
  })

  it('a tap on "sync now" while a failed run is winding up gets a run of its own, not that failure', async () => {
    const server = new FakeServer()
    server.offline = true
    const timers = new ManualTimers()
    const { db, engine } = device(server)
    const phone = engine('staff-a', { timers })
    await phone.start()
    await phone.addTally('public')
    // The network comes back and the user taps just as the offline run reports its failure.
    const tap: { result?: ReturnType<SyncEngine['syncNow']> } = {}
    phone.onChange(() => {
      if (phone.status !== 'offline' || tap.result) return
      server.offline = false
      tap.result = phone.syncNow()
    })
    await phone.syncNow()
    expect(tap.result).toBeDefined()
    expect(await tap.result).toMatchObject({ ok: true, pushed: 1 })
    expect(server.rows.size).toBe(1)
    expect((await db.syncRecords.toArray()).map((r) => r.state)).toEqual(['synced'])
    expect(phone.status).toBe('idle')
    expect(timers.size).toBe(0) // nothing left queued, so no retry timer either
  })

  it('draws each delay anywhere between 0 and the cap (full jitter)', async () => {
    const server = new FakeServer()
    server.offline = true
    const timers = new ManualTimers()
    let r = 0
    const randoms = [0, 0.5, 0.25]
    const { engine } = device(server)
    const phone = engine('staff-a', { timers, random: () => randoms[r++ % randoms.length]! })
    await phone.start()
    await phone.addTally('public')
    timers.delays = []
    for (let i = 0; i < 3; i++) await phone.syncNow()
    expect(timers.delays).toEqual([0, 2000, 2000])
  })

  it('syncs on `online` and when the page becomes visible again', async () => {
    const server = new FakeServer()
    const timers = new ManualTimers()
    const win = new EventTarget()
    const doc: EventTarget & { visibilityState: DocumentVisibilityState } = Object.assign(new EventTarget(), {
      visibilityState: 'hidden' as const,
    })
    const { engine } = device(server)
    const phone = engine('staff-a', { timers, events: { window: win, document: doc } })
    await phone.start()
    timers.fire()
    await phone.syncNow()
    timers.delays = []
    win.dispatchEvent(new Event('online'))
    expect(timers.delays).toEqual([0])
    win.dispatchEvent(new Event('offline'))
    expect(phone.status).toBe('offline')
    doc.dispatchEvent(new Event('visibilitychange'))
    expect(timers.delays).toEqual([0]) // hidden: nothing
    doc.visibilityState = 'visible'
    doc.dispatchEvent(new Event('visibilitychange'))
    expect(timers.delays).toEqual([0, 0])
    await phone.stop()
    win.dispatchEvent(new Event('online'))
    expect(timers.delays).toEqual([0, 0])
  })
})

describe('sync engine: shared phones', () => {
  it("keeps one account's unsynced records through another account's session, exports them, and sends them later", async () => {
    const server = new FakeServer()
    server.offline = true
    const { db, engine } = device(server)
    const first = engine('staff-a')
    await first.start()
    await first.addTally('public', 2)
    await first.saveActivity(null, activity('Night sky'))
    expect(await first.canSwitchUser()).toBe(false)
    await first.stop() // "logout"

    server.offline = false
    const second = engine('staff-b')
    await second.start()
    await second.addTally('student')
    await second.syncNow()
    // B's session pushes only B's records; A's wait for A.
    expect([...server.rows.values()].map((r) => r.kind)).toEqual(['tally'])
    expect(await second.unsyncedCount('staff-a')).toBe(2)
    expect(await db.syncRecords.count()).toBe(3)

    const file = await second.exportUnsynced('staff-a')
    expect(file.type).toBe('application/json')
    const exported = JSON.parse(await file.text()) as {
      accountId: string
      records: { record: SyncRecord; state: string }[]
    }
    expect(exported.accountId).toBe('staff-a')
    expect(exported.records.map((r) => [r.record.kind, r.state])).toEqual([
      ['tally', 'queued'],
      ['activity', 'queued'],
    ])
    expect(exported.records.every((r) => syncRecord.safeParse(r.record).success)).toBe(true)
    expect(await second.canSwitchUser('staff-a')).toBe(true)
    await second.stop()

    const back = engine('staff-a')
    await back.start()
    await back.syncNow()
    expect(server.rows.size).toBe(3)
    expect(await back.unsyncedCount()).toBe(0)
  })
})
