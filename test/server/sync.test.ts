import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { eq } from 'drizzle-orm'
import { syncRecords } from '../../src/server/db/schema.ts'
import type { PushAck, PullResponse } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

let t: TestApp
let staffA: TestClient
let staffB: TestClient
let admin: TestClient
const A = 'geological-museum-of-china'
const B = 'hunan-geo-museum'

beforeAll(async () => {
  t = await buildTestApp()
  const a = await seedAccount(t, 'staff-a', 'base_staff', { baseId: A })
  const b = await seedAccount(t, 'staff-b', 'base_staff', { baseId: B })
  const boss = await seedAccount(t, 'boss', 'admin')
  staffA = new TestClient(t.app)
  staffB = new TestClient(t.app)
  admin = new TestClient(t.app)
  expect((await staffA.login('staff-a', a.password)).statusCode).toBe(200)
  expect((await staffB.login('staff-b', b.password)).statusCode).toBe(200)
  expect((await admin.login('boss', boss.password)).statusCode).toBe(200)
})
afterAll(async () => {
  await t.close()
})

const tally = (baseId: string, count = 1, at = '2026-05-12T10:00:00+08:00') => ({
  id: uuidv7(),
  kind: 'tally',
  baseId,
  payload: { audience: 'student', count, at },
})
const activity = (baseId: string, baseVersion: number, title: string, id = uuidv7()) => ({
  id,
  kind: 'activity',
  baseId,
  baseVersion,
  payload: {
    type: 'lecture',
    title,
    date: '2026-05-12',
    participants: 80,
    themeDayId: null,
    notes: '',
    deleted: false,
  },
})
const event = (baseId: string, baseVersion: number, extra: Record<string, unknown>, id = uuidv7()) => ({
  id,
  kind: 'event',
  baseId,
  baseVersion,
  payload: {
    title: '世界地球日开放日',
    description: '',
    start: '2026-04-22T09:00:00+08:00',
    end: '2026-04-22T16:00:00+08:00',
    place: '一楼大厅',
    themeDayId: null,
    audience: 'public',
    capacity: 200,
    registrationRequired: false,
    cancelled: false,
    ...extra,
  },
})

async function signedInStaff(username: string, baseId: string): Promise<{ client: TestClient; baseId: string }> {
  const { password } = await seedAccount(t, username, 'base_staff', { baseId })
  const client = new TestClient(t.app)
  expect((await client.login(username, password)).statusCode).toBe(200)
  return { client, baseId }
}

async function push(client: TestClient, records: unknown[]): Promise<PushAck[]> {
  const response = await client.request({
    method: 'POST',
    url: '/api/sync/push',
    payload: { deviceId: 'device-test-1', records },
  })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ acks: PushAck[] }>().acks
}
async function pull(client: TestClient, baseId: string, cursor?: number, limit?: number): Promise<PullResponse> {
  const q = new URLSearchParams({
    baseId,
    ...(cursor === undefined ? {} : { cursor: String(cursor) }),
    ...(limit ? { limit: String(limit) } : {}),
  })
  const response = await client.request({ url: `/api/sync/pull?${q.toString()}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<PullResponse>()
}

describe('sync push', () => {
  it('rejects a bad record with its reason and still stores the good ones in the same batch', async () => {
    const good = [tally(A), tally(A, 30)]
    const bad = { ...tally(A), payload: { audience: 'aliens', count: 0, at: 'yesterday' } }
    const acks = await push(staffA, [good[0], bad, 'not even an object', good[1]])
    expect(acks.map((a) => a.status)).toEqual(['accepted', 'rejected', 'rejected', 'accepted'])
    expect(acks[1]!.reason).toMatch(/payload\.audience/)
    expect(acks[2]!.id).toBe('#2')
    const ids = (await pull(staffA, A)).records.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining([good[0]!.id, good[1]!.id]))
    expect(ids).not.toContain(bad.id)
  })

  it('a replayed batch (the answer was lost) is acknowledged as duplicate and stored once', async () => {
    const batch = [tally(A, 3), tally(A, 4), activity(A, 0, '地球日讲座')]
    const first = await push(staffA, batch)
    const again = await push(staffA, batch)
    expect(first.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted'])
    expect(again.map((a) => a.status)).toEqual(['duplicate', 'duplicate', 'duplicate'])
    const stored = (await pull(staffA, A)).records.filter((r) => batch.some((b) => b.id === r.id))
    expect(stored).toHaveLength(3)
    // Same id, different content: not silently accepted.
    const reused = await push(staffA, [{ ...batch[0]!, payload: { ...batch[0]!.payload, count: 99 } }])
    expect(reused[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/already used/) })
  })

  it('staff of base A can neither write to nor read base B; an admin can do both', async () => {
    const acks = await push(staffA, [tally(B), tally(A)])
    expect(acks.map((a) => a.status)).toEqual(['rejected', 'accepted'])
    expect(acks[0]!.reason).toMatch(/forbidden/)
    expect((await staffA.request({ url: `/api/sync/pull?baseId=${B}` })).statusCode).toBe(403)
    expect((await push(admin, [tally(B)]))[0]!.status).toBe('accepted')
    expect((await pull(admin, B)).records.length).toBeGreaterThan(0)
    expect(
      (
        await new TestClient(t.app).request({
          method: 'POST',
          url: '/api/sync/push',
          payload: { deviceId: 'anonymous-1', records: [tally(A)] },
        })
      ).statusCode,
    ).toBe(401)
  })

  it('an edit made on an old version is a conflict carrying the server copy, never an overwrite', async () => {
    const id = uuidv7()
    expect((await push(staffA, [activity(A, 0, '原标题', id)]))[0]).toMatchObject({ status: 'accepted', version: 1 })
    // Phone 1 edits version 1 → version 2.
    expect((await push(staffA, [activity(A, 1, '手机一改的标题', id)]))[0]).toMatchObject({
      status: 'accepted',
      version: 2,
    })
    // Phone 2 also edited version 1: conflict, with the server's current record.
    const conflict = (await push(staffA, [activity(A, 1, '手机二改的标题', id)]))[0]!
    expect(conflict).toMatchObject({
      status: 'conflict',
      version: 2,
      current: { id, version: 2, payload: { title: '手机一改的标题' } },
    })
    // "Keep mine": re-push on version 2.
    expect((await push(staffA, [activity(A, 2, '手机二改的标题', id)]))[0]).toMatchObject({
      status: 'accepted',
      version: 3,
    })
    const stored = (await pull(staffA, A)).records.find((r) => r.id === id)
    expect(stored).toMatchObject({ version: 3, payload: { title: '手机二改的标题' } })
  })

  it('versions a base event like an activity: a stale edit is a conflict, and cancelling withdraws it', async () => {
    const id = uuidv7()
    expect((await push(staffA, [event(A, 0, {}, id)]))[0]).toMatchObject({ status: 'accepted', version: 1 })
    expect((await push(staffA, [event(A, 1, { capacity: 150 }, id)]))[0]).toMatchObject({
      status: 'accepted',
      version: 2,
    })
    // Another phone still on version 1 moves the place: conflict, with the server's copy.
    const conflict = (await push(staffA, [event(A, 1, { place: '报告厅' }, id)]))[0]!
    expect(conflict).toMatchObject({
      status: 'conflict',
      version: 2,
      current: { id, kind: 'event', version: 2, payload: { capacity: 150, place: '一楼大厅' } },
    })
    expect((await push(staffA, [event(A, 2, { capacity: 150, cancelled: true }, id)]))[0]).toMatchObject({
      status: 'accepted',
      version: 3,
    })
    const [row] = await t.database.db.select().from(syncRecords).where(eq(syncRecords.id, id))
    expect(row).toMatchObject({ kind: 'event', version: 3, deleted: true, payload: { cancelled: true } })
    expect((await pull(staffA, A)).records.find((r) => r.id === id)).toMatchObject({
      version: 3,
      payload: { cancelled: true },
    })
  })

  it('a void may arrive before its tally; a void for another base’s tally is refused', async () => {
    const counted = tally(A, 5)
    const voidFirst = { id: uuidv7(), kind: 'tally-void', baseId: A, payload: { target: counted.id } }
    expect((await push(staffA, [voidFirst]))[0]!.status).toBe('accepted')
    expect((await push(staffA, [counted]))[0]!.status).toBe('accepted')
    const other = tally(B)
    await push(admin, [other])
    const crossVoid = { id: uuidv7(), kind: 'tally-void', baseId: A, payload: { target: other.id } }
    expect((await push(staffA, [crossVoid]))[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/not a tally of this base/),
    })
  })
})

describe('sync pull', () => {
  it('pages through changes with the server cursor; an edit moves a record to the end', async () => {
    const base = 'zhejiang-mapping-museum'
    const batch = Array.from({ length: 7 }, () => tally(base))
    const act = activity(base, 0, '开放日')
    await push(admin, [...batch, act])
    const seen: string[] = []
    let cursor: number | undefined
    for (;;) {
      const page = await pull(admin, base, cursor, 3)
      seen.push(...page.records.map((r) => r.id))
      cursor = page.cursor
      if (!page.more) break
    }
    expect(seen).toEqual([...batch.map((b) => b.id), act.id])
    expect((await pull(admin, base, cursor)).records).toEqual([])
    await push(admin, [activity(base, 1, '开放日（改期）', act.id)])
    const after = await pull(admin, base, cursor)
    expect(after.records.map((r) => [r.id, r.version])).toEqual([[act.id, 2]])
  })
})

describe('sync pull: a window of days, and cursors the server no longer knows', () => {
  const base = B
  const get = async (query: Record<string, string>) => {
    const response = await admin.request({ url: `/api/sync/pull?${new URLSearchParams({ baseId: base, ...query })}` })
    expect(response.statusCode, response.body).toBe(200)
    return response.json<PullResponse>()
  }

  it('leaves out records that count for days before `since`, and events that ended before it', async () => {
    const old = tally(base, 1, '2026-01-05T10:00:00+08:00')
    const recent = tally(base, 2, '2026-06-01T10:00:00+08:00')
    const oldEvent = event(base, 0, { start: '2026-02-01T09:00:00+08:00', end: '2026-02-01T12:00:00+08:00' })
    const longEvent = event(base, 0, { start: '2026-02-20T09:00:00+08:00', end: '2026-07-20T12:00:00+08:00' })
    await push(admin, [old, recent, oldEvent, longEvent])
    const ours = (page: PullResponse) => page.records.map((r) => r.id).filter((id) => mine.includes(id))
    const mine = [old.id, recent.id, oldEvent.id, longEvent.id]
    expect(ours(await get({ since: '2026-05-01' })).sort()).toEqual([recent.id, longEvent.id].sort())
    expect(ours(await get({}))).toHaveLength(4)
  })

  it('answers `reset` for a cursor from another epoch or beyond the newest change, with no records', async () => {
    const { epoch, cursor } = await get({})
    expect(epoch).toMatch(/^[\w-]{8,}$/)
    expect((await get({ cursor: String(cursor), epoch })).reset).toBe(false)
    expect(await get({ cursor: String(cursor), epoch: 'from-another-database' })).toEqual({
      records: [],
      cursor: 0,
      more: false,
      epoch,
      reset: true,
    })
    expect((await get({ cursor: String(cursor + 1_000_000) })).reset).toBe(true)
    const bad = await admin.request({ url: `/api/sync/pull?baseId=${base}&epoch=${encodeURIComponent('x y')}` })
    expect(bad.statusCode).toBe(400)
  })

  it('stores a restored record the server lost at its version, and never lets a restore overwrite a newer copy', async () => {
    // Lost by the server: without `restore` it is refused as before; with it, stored at version 3.
    const lost = activity(base, 3, '失而复得')
    expect((await push(admin, [lost]))[0]).toMatchObject({ status: 'rejected' })
    expect((await push(admin, [{ ...lost, restore: true }]))[0]).toMatchObject({ status: 'accepted', version: 3 })
    // The server holds version 1 of this one; the phone had synced version 4.
    const older = activity(base, 0, '旧版')
    await push(admin, [older])
    expect((await push(admin, [{ ...activity(base, 4, '新版', older.id), restore: true }]))[0]).toMatchObject({
      status: 'accepted',
      version: 4,
    })
    // A restore older than the server's copy is a conflict carrying the newer copy.
    const stale = await push(admin, [{ ...activity(base, 2, '更旧的版本', older.id), restore: true }])
    expect(stale[0]).toMatchObject({ status: 'conflict', version: 4, current: { payload: { title: '新版' } } })
  })
})

describe('sync pull while others push', () => {
  it('never skips a record, whatever pushes to the same base and to other bases run at once', async () => {
    const C = 'chengdu-natural-history-museum'
    const D = 'zhejiang-mapping-museum'
    const phones = [
      await signedInStaff('cursor-c1', C),
      await signedInStaff('cursor-c2', C),
      await signedInStaff('cursor-d1', D),
    ]
    const pulled = new Map<string, string[]>([
      [C, []],
      [D, []],
    ])
    const cursors = new Map<string, number | undefined>()
    const pullOnce = async (baseId: string) => {
      const page = await pull(admin, baseId, cursors.get(baseId), 7)
      pulled.get(baseId)!.push(...page.records.map((r) => r.id))
      cursors.set(baseId, page.cursor)
    }
    let pushing = true
    // Two phones of one base and one of another push batches at once, while an admin keeps pulling both bases.
    const pushes = Promise.all(
      phones.map(async ({ client, baseId }) => {
        for (let round = 0; round < 6; round++)
          await push(
            client,
            Array.from({ length: 1 + ((round * 5) % 9) }, () => tally(baseId)),
          )
      }),
    ).finally(() => {
      pushing = false
    })
    const pulls = (async () => {
      while (pushing) {
        await Promise.all([pullOnce(C), pullOnce(D)])
        // A pull can run on promises alone; let the pushes' request bodies (streams) through too.
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    await Promise.all([pushes, pulls])
    for (const baseId of [C, D]) {
      for (;;) {
        const before = pulled.get(baseId)!.length
        await pullOnce(baseId)
        if (pulled.get(baseId)!.length === before) break
      }
      const stored = await t.database.db
        .select({ id: syncRecords.id })
        .from(syncRecords)
        .where(eq(syncRecords.baseId, baseId))
      // Every stored record arrived once: none was passed by the cursor before it became visible.
      expect(pulled.get(baseId)!.slice().sort()).toEqual(stored.map((r) => r.id).sort())
    }
  })
})
