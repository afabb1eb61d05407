import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import type { Account, PushAck, StoredRecord, SyncRecord } from '../../../src/shared/index.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { useSessionStore } from '../../../src/client/app/session-store.ts'
import { useSyncStore } from '../../../src/client/sync/sync-store.ts'
import { json, stubFetch } from '../helpers/mount-app.ts'

const staff: Account = {
  id: '0193b2c4-0000-7000-8000-000000000001',
  username: 'staff-hunan',
  displayName: '湖南馆工作人员',
  role: 'base_staff',
  status: 'active',
  baseId: 'hunan-geo-museum',
  school: null,
  createdAt: '2026-11-25T00:00:00.000Z',
}

/** The two sync endpoints behind the real apiRequest; `online` false makes every request fail like a lost network. */
function stubSyncServer() {
  const server = { online: true, rows: new Map<string, StoredRecord>() }
  const offline = () => {
    throw new TypeError('Failed to fetch')
  }
  stubFetch({
    '/api/sync/push': (init) => {
      if (!server.online) offline()
      const body = JSON.parse(init?.body as string) as { records: SyncRecord[] }
      const acks: PushAck[] = body.records.map((r) => {
        if (!server.rows.has(r.id))
          server.rows.set(r.id, {
            id: r.id,
            kind: r.kind,
            baseId: r.baseId,
            version: 1,
            payload: r.payload,
            change: server.rows.size + 1,
          })
        return { id: r.id, status: 'accepted', version: 1 }
      })
      return json(200, { acks })
    },
    '/api/sync/pull': () => {
      if (!server.online) offline()
      return json(200, { records: [...server.rows.values()], cursor: server.rows.size, more: false })
    },
  })
  return server
}

async function signIn(account: Account = staff) {
  const session = useSessionStore()
  session.account = account
  session.state = 'signed-in'
  const sync = useSyncStore()
  await nextTick()
  await sync.start()
  return { session, sync }
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(async () => {
  await useSyncStore().stop()
  await localDb.syncRecords.clear()
  await localDb.syncMeta.clear()
})

describe('staff statistics store', () => {
  it('keeps taps made while a staff screen opened from a link is still asking who is signed in', async () => {
    const server = stubSyncServer()
    server.online = false
    // The remembered staff account; the session check answers late (a slow network, a worker starting).
    localStorage.setItem('zk.account.v1', JSON.stringify(staff))
    let answer: (r: Response) => void = () => undefined
    let asked: () => void = () => undefined
    const sessionAsked = new Promise<void>((resolve) => {
      asked = resolve
    })
    const routes = globalThis.fetch
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (!(typeof input === 'string' && input.startsWith('/api/auth/session'))) return routes(input, init)
      asked()
      return new Promise<Response>((resolve) => {
        answer = resolve
      })
    }
    const sync = useSyncStore()
    const started = sync.start()
    const taps = [sync.addTally('public'), sync.addTally('public'), sync.addTally('student')]
    await sessionAsked
    answer(json(200, { account: staff, setupRequired: false }))
    await started
    await Promise.all(taps)
    expect(sync.todayTotals.public).toBe(2)
    expect(sync.todayTotals.student).toBe(1)
    localStorage.clear()
  })

  it("counts taps into today's totals at once and keeps them pending while offline", async () => {
    const server = stubSyncServer()
    server.online = false
    const { sync } = await signIn()
    await sync.addTally('student')
    await sync.addTally('group', 30)
    expect(sync.todayTotals).toEqual({ public: 0, student: 1, group: 30, other: 0, total: 31 })
    expect(sync.lastTally?.payload).toMatchObject({ audience: 'group', count: 30 })
    expect(sync.pendingCount).toBe(2)
    await vi.waitFor(() => expect(sync.status).toBe('offline'))

    expect(await sync.undoLastTally()).toMatchObject({ payload: { count: 30 } })
    expect(sync.todayTotals.total).toBe(1)
    // Undo is for the entry just made, once: the one before it is not offered.
    expect(sync.lastTally).toBeNull()

    server.online = true
    await sync.syncNow()
    expect(sync.status).toBe('idle')
    expect(sync.pendingCount).toBe(0)
    expect(sync.lastSyncedAt).not.toBeNull()
    expect([...server.rows.values()].map((r) => r.kind).sort()).toEqual(['tally', 'tally', 'tally-void'])
  })

  it("lists the base's activities and leaves withdrawn ones out", async () => {
    stubSyncServer()
    const { sync } = await signIn()
    const talk = await sync.saveActivity(null, {
      type: 'lecture',
      title: '矿物讲座',
      date: '2026-11-20',
      participants: 40,
    })
    await sync.saveActivity(null, { type: 'open_day', title: '开放日', date: '2026-11-24', participants: 300 })
    expect(sync.activities.map((a) => a.payload.title)).toEqual(['开放日', '矿物讲座'])
    await sync.saveActivity(talk.id, { ...talk.payload, deleted: true })
    expect(sync.activities.map((a) => a.payload.title)).toEqual(['开放日'])
  })

  it('blocks a user switch until the unsynced records are exported, and keeps them after sign-out', async () => {
    const server = stubSyncServer()
    server.online = false
    const { session, sync } = await signIn()
    await sync.addTally('public', 5)
    expect(await sync.canSwitchUser()).toBe(false)
    const file = await sync.exportUnsynced()
    expect(file.name).toMatch(/^ziran-kepu-unsynced-\d{4}-\d{2}-\d{2}\.json$/)
    expect(JSON.parse(await file.text())).toMatchObject({
      accountId: staff.id,
      records: [
        { record: { kind: 'tally', payload: { count: 5 } }, state: expect.stringMatching(/^(queued|sending)$/) },
      ],
    })
    expect(await sync.canSwitchUser()).toBe(true)

    session.account = null
    session.state = 'signed-out'
    await vi.waitFor(() => expect(sync.pendingCount).toBe(0))
    expect(await localDb.syncRecords.where('[accountId+state]').equals([staff.id, 'queued']).count()).toBe(1)
  })
})
