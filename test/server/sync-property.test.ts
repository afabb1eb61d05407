// IndexedDB for the phones' Dexie databases: must load before Dexie does.
import 'fake-indexeddb/auto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { eq } from 'drizzle-orm'
import type { InjectOptions } from 'fastify'
import type { z } from 'zod'
import {
  pullResponse,
  pushResponse,
  VISITOR_AUDIENCES,
  type PullResponse,
  type PushResponse,
  type VisitorAudience,
} from '../../src/shared/index.ts'
import { syncRecords } from '../../src/server/db/schema.ts'
import { ApiRequestError } from '../../src/client/api/http.ts'
import { LocalDb } from '../../src/client/local-db/local-db.ts'
import { SyncEngine } from '../../src/client/sync/sync-engine.ts'
import { canonicalJson } from '../../src/shared/domain/compare.ts'
import type { SyncTransport } from '../../src/client/sync/sync-transport.ts'
import { buildRestartableApp, type RestartableApp } from './helpers/restartable-app.ts'
import { ORIGIN, seedAccount, TestClient, testContent } from './helpers/test-app.ts'

/*
 * The sync property (README.md in src/client/sync): two phones log and edit offline against the
 * real server (real Fastify, real database) through a network that drops requests, loses answers,
 * delivers twice, holds requests back and delivers them late, while the server restarts. Once
 * both phones sync in peace, the server holds every record exactly once, the gate totals are what
 * was logged minus what was undone, and both phones agree with the server.
 */

const NOW = Date.parse('2025-06-01T03:00:00Z')

/** What the network does to one request. `partial-answer`: applied, but the answer lists only every other ack. */
type Fault = 'ok' | 'drop-request' | 'drop-response' | 'duplicate' | 'hold' | 'server-error' | 'partial-answer'

/** Requests the network holds back, delivered later and out of order (shared by both phones). */
const held: InjectOptions[] = []
/** Every activity payload the server ever stored, per id: read after each delivered push. */
const history = new Map<string, Set<string>>()
/** How often the interesting things happened (printed with SYNC_PROPERTY_STATS=1; SYNC_PROPERTY_RUNS=200 soaks longer). */
const stats = { runs: 0, conflicts: 0, heldDelivered: 0, restarts: 0, records: 0 }

class FaultyNetwork implements SyncTransport {
  faults: Fault[] = []
  constructor(
    private readonly server: RestartableApp,
    private readonly cookie: string,
  ) {}

  push(body: unknown): Promise<PushResponse> {
    // `partial-answer` keeps every other ack: the records it leaves out were applied but not answered.
    return this.send({ method: 'POST', url: '/api/sync/push', payload: body as object }, pushResponse, (r) => ({
      acks: r.acks.filter((_, i) => i % 2 === 0),
    }))
  }

  pull(query: { baseId: string; cursor?: number; limit?: number }): Promise<PullResponse> {
    const q = new URLSearchParams({ baseId: query.baseId })
    if (query.cursor !== undefined) q.set('cursor', String(query.cursor))
    if (query.limit !== undefined) q.set('limit', String(query.limit))
    return this.send({ method: 'GET', url: `/api/sync/pull?${q.toString()}` }, pullResponse)
  }

  private async send<S extends z.ZodType>(
    request: InjectOptions,
    schema: S,
    partial: (answer: z.infer<S>) => z.infer<S> = (a) => a,
  ): Promise<z.infer<S>> {
    const options: InjectOptions = {
      ...request,
      headers: { cookie: this.cookie, ...(request.method === 'POST' ? { origin: ORIGIN } : {}) },
    }
    const fault = this.faults.shift() ?? 'ok'
    const offline = () => new ApiRequestError({ kind: 'offline' })
    switch (fault) {
      case 'drop-request':
        throw offline()
      case 'server-error':
        throw new ApiRequestError({
          kind: 'http',
          status: 503,
          body: { statusCode: 503, error: 'Service Unavailable', message: 'restarting' },
          retryAfterSeconds: null,
        })
      case 'hold':
        held.push(options)
        throw offline()
      case 'drop-response':
        await deliver(this.server, options)
        throw offline()
      case 'duplicate':
        await deliver(this.server, options)
        return answer(await deliver(this.server, options), schema)
      case 'partial-answer':
        return partial(answer(await deliver(this.server, options), schema))
      case 'ok':
        return answer(await deliver(this.server, options), schema)
    }
  }
}

async function deliver(server: RestartableApp, options: InjectOptions) {
  const response = await server.app.inject(options)
  if (response.statusCode >= 500) throw new Error(`server error ${String(response.statusCode)}: ${response.body}`)
  if (options.method === 'POST') {
    // One push changes each record at most once, so reading after each push sees every version.
    for (const row of await server.database.db.select().from(syncRecords).where(eq(syncRecords.kind, 'activity'))) {
      const seen = history.get(row.id) ?? new Set<string>()
      seen.add(canonicalJson(row.payload))
      history.set(row.id, seen)
    }
  }
  return response
}

function answer<S extends z.ZodType>(response: { statusCode: number; json(): unknown }, schema: S): z.infer<S> {
  // A 4xx here is a bug in the engine or the server: fail loudly instead of retrying forever.
  if (response.statusCode !== 200)
    throw new Error(`HTTP ${String(response.statusCode)}: ${JSON.stringify(response.json())}`)
  const parsed = schema.safeParse(response.json())
  if (!parsed.success) throw new ApiRequestError({ kind: 'invalid-response', detail: parsed.error.message })
  return parsed.data
}

// Operations ------------------------------------------------------------------------------------

type Op =
  | { op: 'tally'; d: number; audience: VisitorAudience; count: number }
  | { op: 'undo'; d: number }
  | { op: 'create'; d: number; title: string }
  | { op: 'edit'; d: number; pick: number; participants: number; deleted: boolean }
  | { op: 'sync'; d: number; faults: Fault[] }
  | { op: 'deliver-held'; pick: number }
  | { op: 'resolve'; d: number }
  | { op: 'restart-server' }
  | { op: 'restart-phone'; d: number }

const phoneIndex = fc.integer({ min: 0, max: 1 })
const fault = fc.constantFrom<Fault>(
  'ok',
  'drop-request',
  'drop-response',
  'duplicate',
  'hold',
  'server-error',
  'partial-answer',
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('tally' as const),
      d: phoneIndex,
      audience: fc.constantFrom(...VISITOR_AUDIENCES),
      count: fc.integer({ min: 1, max: 40 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('undo' as const), d: phoneIndex }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      d: phoneIndex,
      title: fc.constantFrom('讲座', 'Open day', '研学'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('edit' as const),
      d: phoneIndex,
      pick: fc.nat(),
      participants: fc.integer({ min: 0, max: 500 }),
      deleted: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('sync' as const),
      d: phoneIndex,
      faults: fc.array(fault, { maxLength: 4 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('deliver-held' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('resolve' as const), d: phoneIndex }), weight: 1 },
  { arbitrary: fc.constant({ op: 'restart-server' as const }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('restart-phone' as const), d: phoneIndex }), weight: 1 },
)

// The test -------------------------------------------------------------------------------------

let server: RestartableApp
let baseId: string
let staff: { id: string; cookie: string }[]
let run = 0

beforeAll(async () => {
  server = await buildRestartableApp()
  baseId = (await testContent()).bases[0]!.id
  staff = []
  for (const name of ['phone-a-staff', 'phone-b-staff']) {
    const { account, password } = await seedAccount(server, name, 'base_staff', { baseId })
    const client = new TestClient(server.app)
    expect((await client.login(name, password)).statusCode).toBe(200)
    staff.push({ id: account.id, cookie: client.cookie! })
  }
})
afterAll(async () => {
  await server.close()
})

interface Phone {
  db: LocalDb
  network: FaultyNetwork
  engine: SyncEngine
  accountId: string
}

function startEngine(phone: Omit<Phone, 'engine'>): SyncEngine {
  // Timers never fire: the test decides when each phone syncs.
  return new SyncEngine({
    db: phone.db,
    transport: phone.network,
    accountId: phone.accountId,
    baseId,
    now: () => NOW,
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    events: false,
  })
}

/** Each phone's last saved copy of each activity, and whether the user gave it up since ("keep theirs"). */
type LastSaves = Map<string, { payload: string; givenUp: boolean }>

/** Deterministic conflict policy: phone 0 keeps its own copy, phone 1 takes the server's. */
async function resolveConflicts(phone: Phone, index: number, saves: LastSaves): Promise<void> {
  for (const r of await phone.engine.unsynced()) {
    if (r.state !== 'conflict') continue
    stats.conflicts += 1
    if (index === 0) await phone.engine.keepMine(r.id)
    else {
      await phone.engine.keepTheirs(r.id)
      const save = saves.get(r.id)
      if (save) save.givenUp = true
    }
  }
}

async function runScenario(ops: Op[]): Promise<void> {
  run += 1
  stats.runs += 1
  held.length = 0
  history.clear()
  await server.database.db.delete(syncRecords)
  const phones: Phone[] = []
  for (const [i, account] of staff.entries()) {
    const base = {
      db: new LocalDb(`sync-property-${String(run)}-${String(i)}`),
      network: new FaultyNetwork(server, account.cookie),
      accountId: account.id,
    }
    const phone = { ...base, engine: startEngine(base) }
    await phone.engine.start()
    phones.push(phone)
  }
  /** What the users did: every tally logged, and which ones an undo took back. */
  const logged = new Map<string, { audience: VisitorAudience; count: number }>()
  const undone = new Set<string>()
  const created = new Set<string>()
  const saves: LastSaves[] = phones.map(() => new Map())

  try {
    // Both phones start knowing two activities, so that edits on both sides can meet.
    for (const title of ['科普讲座', 'Open day']) {
      const a = await phones[0]!.engine.saveActivity(null, {
        type: 'lecture',
        title,
        date: '2025-06-01',
        participants: 10,
      })
      created.add(a.id)
      saves[0]!.set(a.id, { payload: canonicalJson(a.payload), givenUp: false })
    }
    for (const phone of phones) await phone.engine.syncNow()

    for (const op of ops) {
      const phone = 'd' in op ? phones[op.d]! : undefined
      switch (op.op) {
        case 'tally': {
          const t = await phone!.engine.addTally(op.audience, op.count)
          logged.set(t.id, { audience: op.audience, count: op.count })
          created.add(t.id)
          break
        }
        case 'undo': {
          const t = await phone!.engine.undoLastTally()
          if (t) undone.add(t.id)
          break
        }
        case 'create': {
          const a = await phone!.engine.saveActivity(null, {
            type: 'lecture',
            title: op.title,
            date: '2025-06-01',
            participants: 10,
          })
          created.add(a.id)
          saves[op.d]!.set(a.id, { payload: canonicalJson(a.payload), givenUp: false })
          break
        }
        case 'edit': {
          const known = (await phone!.engine.baseRecords(baseId))
            .filter((r) => r.kind === 'activity')
            .sort((a, b) => a.id.localeCompare(b.id))
          const target = known[op.pick % Math.max(1, known.length)]
          if (target?.kind !== 'activity') break
          const saved = await phone!.engine.saveActivity(target.id, {
            ...target.payload,
            participants: op.participants,
            deleted: op.deleted,
          })
          saves[op.d]!.set(saved.id, { payload: canonicalJson(saved.payload), givenUp: false })
          break
        }
        case 'sync':
          phone!.network.faults = [...op.faults]
          await phone!.engine.syncNow()
          phone!.network.faults = []
          break
        case 'deliver-held': {
          if (held.length === 0) break
          const [request] = held.splice(op.pick % held.length, 1)
          await deliver(server, request!)
          stats.heldDelivered += 1
          break
        }
        case 'resolve':
          await resolveConflicts(phone!, op.d, saves[op.d]!)
          break
        case 'restart-server':
          await server.restart()
          stats.restarts += 1
          break
        case 'restart-phone':
          await phone!.engine.stop()
          phone!.engine = startEngine(phone!)
          await phone!.engine.start()
          break
      }
    }

    // Peace: the late requests arrive, then both phones sync on a clean network until nothing is left.
    for (const request of held.splice(0)) await deliver(server, request)
    for (let round = 0; round < 10; round++) {
      for (const [i, phone] of phones.entries()) {
        await phone.engine.syncNow()
        await resolveConflicts(phone, i, saves[i]!)
      }
      if ((await Promise.all(phones.map((p) => p.engine.unsyncedCount()))).every((n) => n === 0)) break
    }
    for (const phone of phones) expect(await phone.engine.syncNow()).toMatchObject({ ok: true, pushed: 0 })

    // Every record once: everything the phones made is on the server, and nothing else.
    const rows = await server.database.db.select().from(syncRecords).where(eq(syncRecords.baseId, baseId))
    const serverIds = rows.map((r) => r.id)
    expect(new Set(serverIds).size).toBe(serverIds.length)
    const voids = rows.filter((r) => r.kind === 'tally-void')
    expect(new Set(rows.filter((r) => r.kind !== 'tally-void').map((r) => r.id))).toEqual(created)
    expect(new Set(voids.map((r) => r.target))).toEqual(undone)
    expect(voids.length).toBe(undone.size)

    // The totals: logged minus undone, on the server and on each phone.
    const expected = Object.fromEntries(VISITOR_AUDIENCES.map((a) => [a, 0])) as Record<VisitorAudience, number>
    for (const [id, t] of logged) if (!undone.has(id)) expected[t.audience] += t.count
    const onServer = Object.fromEntries(VISITOR_AUDIENCES.map((a) => [a, 0])) as Record<VisitorAudience, number>
    const voided = new Set(voids.map((v) => v.target))
    for (const r of rows)
      if (r.kind === 'tally' && !voided.has(r.id)) onServer[r.category as VisitorAudience] += r.amount!
    expect(onServer).toEqual(expected)

    // No edit vanished silently: each phone's last edit reached the server, unless its user chose "keep theirs".
    for (const phoneSaves of saves) {
      for (const [id, save] of phoneSaves)
        if (!save.givenUp) expect(history.get(id)?.has(save.payload), `last edit of ${id}`).toBe(true)
    }
    stats.records += rows.length

    // Both phones hold exactly the server's records, synced, same version, same content.
    const truth = new Map(rows.map((r) => [r.id, { version: r.version, payload: canonicalJson(r.payload) }]))
    for (const phone of phones) {
      expect(await phone.engine.unsyncedCount()).toBe(0)
      const local = await phone.engine.baseRecords(baseId)
      expect(local.filter((r) => r.state !== 'synced').map((r) => [r.id, r.state, r.reason])).toEqual([])
      expect(new Map(local.map((r) => [r.id, { version: r.version, payload: canonicalJson(r.payload) }]))).toEqual(
        truth,
      )
    }
  } finally {
    for (const phone of phones) {
      await phone.engine.stop()
      phone.db.close()
      await phone.db.delete()
    }
  }
}

describe('sync between two phones and the real server', () => {
  it('stores every record exactly once and ends with both phones agreeing with the server, whatever the network does', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 50, size: 'medium' }), runScenario), {
      numRuns: Number(process.env.SYNC_PROPERTY_RUNS ?? 25),
    })
    if (process.env.SYNC_PROPERTY_STATS) console.info(stats)
  }, 300_000)
})
