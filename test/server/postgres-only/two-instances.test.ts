import type { FastifyInstance } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/server/app.ts'
import { FALLBACK_MS } from '../../../src/server/cache/data-versions.ts'
import { openDatabase, type OpenDatabase } from '../../../src/server/db/connect.ts'
import { syncRecords } from '../../../src/server/db/schema.ts'
import { RATING_LIMIT } from '../../../src/server/routes/stats.ts'
import { MAX_FAILURES } from '../../../src/server/services/login-throttle.ts'
import type { PushAck } from '../../../src/shared/index.ts'
import {
  ratingDeviceToken,
  seededDatabase,
  seedAccount,
  TestClient,
  TEST_DB,
  type TestApp,
} from '../helpers/test-app.ts'

/*
 * Two API instances on one PostgreSQL, as behind a load balancer (docs/deploy.md): each has its
 * own Fastify and its own connection pool. A user moves between them freely, and what one
 * instance counts (sign-in failures, ratings) the other sees. PostgreSQL only (vitest.config.ts):
 * PGlite is embedded in one process.
 */

const A = 'geological-museum-of-china'
/**
 * The writer answers once it has heard its own NOTIFY; the other instance reads its copy on its own
 * connection, which a loaded host may do a few ms later. Half the fallback interval: only the
 * notification, never the FALLBACK_MS re-read, can pass within it.
 */
const HEARD = { timeout: FALLBACK_MS / 2, interval: 10 }
let shared: Awaited<ReturnType<typeof seededDatabase>>
let second: OpenDatabase
let one: FastifyInstance
let two: FastifyInstance

beforeAll(async () => {
  expect(TEST_DB).toBe('postgres')
  shared = await seededDatabase()
  // The second instance opens its own connection pool on the same database.
  second = await openDatabase(shared.target)
  one = await buildApp(shared.config, { db: shared.database.db, content: shared.content })
  two = await buildApp(shared.config, { db: second.db, content: shared.content })
  await Promise.all([one.ready(), two.ready()])
})
afterAll(async () => {
  await one.close()
  await two.close()
  await second.close()
  await shared.database.close()
  await shared.drop()
})

const asTest = (app: FastifyInstance, database: OpenDatabase): TestApp => ({
  app,
  database,
  config: shared.config,
  close: async () => {},
})
const tally = () => ({
  id: uuidv7(),
  kind: 'tally',
  baseId: A,
  payload: { audience: 'student', count: 3, at: '2026-05-12T10:00:00+08:00' },
})

describe('two API instances on one PostgreSQL', () => {
  it('a session made on one instance works on the other, and logging out on either ends it on both', async () => {
    const { password } = await seedAccount(asTest(one, shared.database), 'traveller', 'base_staff', { baseId: A })
    const onOne = new TestClient(one)
    expect((await onOne.login('traveller', password)).statusCode).toBe(200)
    const onTwo = new TestClient(two)
    onTwo.cookie = onOne.cookie
    expect((await onTwo.request({ url: '/api/auth/session' })).json().account.username).toBe('traveller')
    expect((await onTwo.request({ url: `/api/sync/pull?baseId=${A}` })).statusCode).toBe(200)
    // Instance one has read the session too, and remembers it (cache/session-cache.ts).
    expect((await onOne.request({ url: '/api/auth/session' })).json().account.username).toBe('traveller')

    expect((await onTwo.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200)
    await expect
      .poll(
        async () =>
          (await one.inject({ url: '/api/auth/session', headers: { cookie: onOne.cookie! } })).json<{
            account: unknown
          }>().account,
        HEARD,
      )
      .toBeNull()
  })

  it('an account disabled through one instance is refused by the other as soon as it hears', async () => {
    const staff = await seedAccount(asTest(one, shared.database), 'leaver', 'base_staff', { baseId: A })
    const admin = await seedAccount(asTest(one, shared.database), 'two-admin', 'admin')
    const onTwo = new TestClient(two)
    expect((await onTwo.login('leaver', staff.password)).statusCode).toBe(200)
    expect((await onTwo.request({ url: `/api/sync/pull?baseId=${A}` })).statusCode).toBe(200)
    const adminOnOne = new TestClient(one)
    expect((await adminOnOne.login('two-admin', admin.password)).statusCode).toBe(200)
    const disabled = await adminOnOne.request({
      method: 'POST',
      url: `/api/admin/accounts/${staff.account.id}/disable`,
      payload: { reason: '调离' },
    })
    expect(disabled.statusCode, disabled.body).toBe(200)
    await expect
      .poll(async () => (await onTwo.request({ url: `/api/sync/pull?baseId=${A}` })).statusCode, HEARD)
      .toBe(401)
  })

  it('stores records pushed alternately and concurrently through both instances once each, in one change order', async () => {
    const { password } = await seedAccount(asTest(one, shared.database), 'two-phones', 'base_staff', { baseId: A })
    const clients = [new TestClient(one), new TestClient(two)]
    await clients[0]!.login('two-phones', password)
    clients[1]!.cookie = clients[0]!.cookie
    const batches = Array.from({ length: 12 }, () => Array.from({ length: 20 }, tally))
    const push = (client: TestClient, records: unknown[]) =>
      client.request({ method: 'POST', url: '/api/sync/push', payload: { deviceId: 'device-two-instances', records } })

    // Every batch goes to one instance, and again (a retry after a lost answer) to the other, all at once.
    const responses = await Promise.all(
      batches.flatMap((records, i) => [push(clients[i % 2]!, records), push(clients[(i + 1) % 2]!, records)]),
    )
    for (const response of responses) expect(response.statusCode, response.body).toBe(200)
    const acks = responses.flatMap((r) => r.json<{ acks: PushAck[] }>().acks)
    const ids = batches.flat().map((r) => r.id)
    // Each record: accepted by exactly one instance, a duplicate on the other.
    for (const id of ids)
      expect(
        acks
          .filter((a) => a.id === id)
          .map((a) => a.status)
          .sort(),
      ).toEqual(['accepted', 'duplicate'])

    const rows = await shared.database.db.select({ id: syncRecords.id, change: syncRecords.change }).from(syncRecords)
    const mine = rows.filter((r) => ids.includes(r.id))
    expect(mine).toHaveLength(ids.length)
    expect(new Set(mine.map((r) => r.change)).size).toBe(ids.length)

    // Pulling through either instance pages through the same records.
    const pulled = await clients[1]!.request({ url: `/api/sync/pull?baseId=${A}` })
    const fromOne = await clients[0]!.request({ url: `/api/sync/pull?baseId=${A}` })
    expect(pulled.json()).toEqual(fromOne.json())
  })

  it('counts failed sign-ins across instances: the limit holds wherever the attempts land', async () => {
    const { password } = await seedAccount(asTest(one, shared.database), 'guessed', 'school')
    const ip = '10.77.0.1'
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await new TestClient(i % 2 === 0 ? one : two, ip).login('guessed', 'wrong-password-x')).statusCode).toBe(
        401,
      )
    }
    expect((await new TestClient(one, ip).login('guessed', password)).statusCode).toBe(429)
    expect((await new TestClient(two, ip).login('guessed', password)).statusCode).toBe(429)
  })

  it('counts ratings per address across instances: the limit is shared, not doubled', async () => {
    const ip = '10.77.0.2'
    // Device tokens from either instance (they share the signing key in the database), asked from other addresses.
    const token = (n: number) =>
      ratingDeviceToken(n % 2 === 0 ? two : one, `10.78.${String(n >> 8)}.${String(n & 255)}`)
    const rate = async (app: FastifyInstance, n: number) =>
      new TestClient(app, ip).request({
        method: 'POST',
        url: '/api/ratings',
        payload: { baseId: A, deviceId: await token(n), score: 4 },
      })
    for (let n = 0; n < RATING_LIMIT.max; n++) expect((await rate(n % 2 === 0 ? one : two, n)).statusCode).toBe(201)
    expect((await rate(one, 1000)).statusCode).toBe(429)
    expect((await rate(two, 1001)).statusCode).toBe(429)
    // Another address is not affected.
    expect(
      (
        await new TestClient(two, '10.77.0.3').request({
          method: 'POST',
          url: '/api/ratings',
          payload: { baseId: A, deviceId: await token(2000), score: 4 },
        })
      ).statusCode,
    ).toBe(201)
  })
})
