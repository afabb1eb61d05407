import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/server/app.ts'
import { syncRecords } from '../../../src/server/db/schema.ts'
import type { PullResponse, PushAck } from '../../../src/shared/index.ts'
import { seededDatabase, seedAccount, TestClient, TEST_DB, type TestApp } from '../helpers/test-app.ts'

/*
 * The push locks (services/sync-service.ts) on a real PostgreSQL, where pushes run side by side.
 * A test connection holds a staff member's account row, so that member's push stops halfway,
 * inside its insert, after drawing its change numbers and before committing: the moment where a
 * push that did not wait could commit later numbers first and let a pull's cursor pass the
 * earlier ones for good. PostgreSQL only (vitest.config.ts): PGlite runs one transaction at a time.
 */

const A = 'geological-museum-of-china'
const B = 'hunan-geo-museum'
let shared: Awaited<ReturnType<typeof seededDatabase>>
let app: FastifyInstance
let t: TestApp
let watcher: pg.Client

beforeAll(async () => {
  expect(TEST_DB).toBe('postgres')
  shared = await seededDatabase()
  app = await buildApp(shared.config, { db: shared.database.db, content: shared.content })
  await app.ready()
  t = { app, database: shared.database, config: shared.config, close: async () => {} }
  watcher = new pg.Client({ connectionString: (shared.target as { url: string }).url })
  await watcher.connect()
})
afterAll(async () => {
  await watcher.end()
  await app.close()
  await shared.database.close()
  await shared.drop()
})

const tally = (baseId: string, id = uuidv7()) => ({
  id,
  kind: 'tally',
  baseId,
  payload: { audience: 'public', count: 2, at: '2026-04-22T10:00:00+08:00' },
})
const event = (baseId: string) => ({
  id: uuidv7(),
  kind: 'event',
  baseId,
  baseVersion: 0,
  payload: {
    title: '地球日讲座',
    description: '',
    start: '2026-04-22T09:00:00+08:00',
    end: '2026-04-22T10:00:00+08:00',
    place: '报告厅',
    themeDayId: null,
    audience: 'public',
    capacity: null,
    registrationRequired: false,
    cancelled: false,
  },
})

async function staff(username: string, baseId: string): Promise<{ client: TestClient; accountId: string }> {
  const { account, password } = await seedAccount(t, username, 'base_staff', { baseId })
  const client = new TestClient(app)
  expect((await client.login(username, password)).statusCode).toBe(200)
  return { client, accountId: account.id }
}

/** A push that is watched: `settled` tells whether it has answered yet. */
function startPush(client: TestClient, records: unknown[]) {
  const state = { settled: false, acks: Promise.resolve([] as PushAck[]) }
  state.acks = client
    .request({ method: 'POST', url: '/api/sync/push', payload: { deviceId: 'device-locks-1', records } })
    .then((r) => {
      state.settled = true
      expect(r.statusCode, r.body).toBe(200)
      return r.json<{ acks: PushAck[] }>().acks
    })
  return state
}

/**
 * Waits until `n` sessions of the test database wait for a lock of the given kind: `advisory` (a
 * push lock), `transactionid` (another transaction's row: the held account, or an uncommitted id).
 */
async function waitersOn(kind: string, n: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const { rows } = await watcher.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and wait_event = $1`,
      [kind],
    )
    if (Number(rows[0]!.n) >= n) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`no ${String(n)} session(s) waiting on a ${kind} lock`)
}

/** Holds `accountId`'s row until `release` (or the end of the test): that account's pushes stop in their insert. */
const holders: pg.Client[] = []
async function holdAccount(accountId: string): Promise<{ release: () => Promise<void> }> {
  const holder = new pg.Client({ connectionString: (shared.target as { url: string }).url })
  await holder.connect()
  holders.push(holder)
  await holder.query('begin')
  await holder.query('select 1 from accounts where id = $1 for update', [accountId])
  return { release: () => holder.query('rollback').then(() => {}) }
}
afterEach(async () => {
  for (const holder of holders.splice(0)) await holder.end()
})

async function pull(client: TestClient, baseId: string, cursor: number): Promise<PullResponse> {
  const response = await client.request({ url: `/api/sync/pull?baseId=${baseId}&cursor=${String(cursor)}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<PullResponse>()
}

describe('push locks on PostgreSQL', () => {
  it('a push to the same base waits for the one in flight, so a pull never passes its records; another base does not wait', async () => {
    const [slow, second, other] = [await staff('locks-a1', A), await staff('locks-a2', A), await staff('locks-b1', B)]
    const cursor = (await pull(second.client, A, 0)).cursor
    const held = await holdAccount(slow.accountId)
    const first = startPush(slow.client, [tally(A), tally(A)])
    await waitersOn('transactionid', 1) // the first push is inside its insert, numbers drawn, not committed
    const queued = startPush(second.client, [tally(A)])
    await waitersOn('advisory', 1) // the same base's push waits for the first
    // Another base's push goes through meanwhile.
    expect((await startPush(other.client, [tally(B)]).acks).map((a) => a.status)).toEqual(['accepted'])
    const during = await pull(second.client, A, cursor)
    expect(during.records).toEqual([])
    expect([first.settled, queued.settled]).toEqual([false, false])

    await held.release()
    const acks = [...(await first.acks), ...(await queued.acks)]
    expect(acks.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted'])
    // Pulled from where the cursor was during the wait: all three, in the order they were pushed.
    expect((await pull(second.client, A, during.cursor)).records.map((r) => r.id)).toEqual(acks.map((a) => a.id))
  })

  it('event pushes wait for each other across bases, so the public events version moves in order', async () => {
    const [slow, other] = [await staff('events-a1', A), await staff('events-b1', B)]
    const held = await holdAccount(slow.accountId)
    const first = startPush(slow.client, [event(A)])
    await waitersOn('transactionid', 1)
    const second = startPush(other.client, [event(B)])
    await waitersOn('advisory', 1)
    // A tally of base B does not wait for events.
    expect((await startPush(other.client, [tally(B)]).acks)[0]!.status).toBe('accepted')
    expect(second.settled).toBe(false)
    await held.release()
    expect([...(await first.acks), ...(await second.acks)].map((a) => a.status)).toEqual(['accepted', 'accepted'])
  })

  it('an id stored meanwhile by another base is refused, not a server error', async () => {
    const [slow, other] = [await staff('reuse-a1', A), await staff('reuse-b1', B)]
    const id = uuidv7()
    const held = await holdAccount(slow.accountId)
    const first = startPush(slow.client, [tally(A, id)])
    await waitersOn('transactionid', 1)
    // Base B's push does not wait for A's lock, but its insert waits for A's uncommitted row with the same id.
    const second = startPush(other.client, [tally(B, id), tally(B)])
    await waitersOn('transactionid', 2)
    await held.release()
    expect((await first.acks)[0]!.status).toBe('accepted')
    const [reused, fresh] = await second.acks
    expect(reused).toMatchObject({
      id,
      status: 'rejected',
      reason: expect.stringMatching(/already used by a different record/),
    })
    expect(fresh!.status).toBe('accepted')
    expect(
      await shared.database.db.select({ baseId: syncRecords.baseId }).from(syncRecords).where(eq(syncRecords.id, id)),
    ).toEqual([{ baseId: A }])
  })
})
