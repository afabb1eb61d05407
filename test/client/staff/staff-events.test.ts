import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Account, PushAck, SyncRecord } from '../../../src/shared/index.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { useSyncStore } from '../../../src/client/sync/sync-store.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

const staff: Account = {
  id: '0193b2c4-0000-7000-8000-000000000002',
  username: 'staff-xixi',
  displayName: '西溪工作人员',
  role: 'base_staff',
  status: 'active',
  baseId: 'xixi-wetland',
  school: null,
  createdAt: '2026-11-25T00:00:00.000Z',
}

let pushed: SyncRecord[] = []
let online = true

beforeEach(() => {
  pushed = []
  online = true
  localStorage.clear()
  stubFetch({
    '/api/auth/session': () => json(200, { account: staff, setupRequired: false }),
    '/api/sync/push': (init) => {
      if (!online) throw new TypeError('Failed to fetch')
      const body = JSON.parse(init?.body as string) as { records: SyncRecord[] }
      pushed.push(...body.records)
      const acks: PushAck[] = body.records.map((r) => ({
        id: r.id,
        status: 'accepted',
        version: 'baseVersion' in r ? r.baseVersion + 1 : 1,
      }))
      return json(200, { acks })
    },
    '/api/sync/pull': () =>
      online ? json(200, { records: [], cursor: 0, more: false }) : Promise.reject(new TypeError('Failed to fetch')),
  })
})
afterEach(async () => {
  await useSyncStore().stop()
  await localDb.syncRecords.clear()
  await localDb.syncMeta.clear()
  document.body.innerHTML = ''
})

describe('staff events', () => {
  it('an event made offline waits on the phone, then reaches the server as a versioned record; its end must follow its start', async () => {
    online = false
    const { wrapper } = await mountApp('/me/staff/events')
    await (await waitFor(wrapper, '[data-testid="event-new"]')).trigger('click')
    await settle()
    await wrapper.get('[data-testid="event-title"] input').setValue('世界湿地日观鸟活动')
    await wrapper.get('[data-testid="event-date"] input').setValue('2027-02-02')
    await wrapper.get('[data-testid="event-start"] input').setValue('10:00')
    await wrapper.get('[data-testid="event-end"] input').setValue('09:00')
    await wrapper.get('[data-testid="event-save"]').trigger('click')
    await settle()
    // Refused on the phone with a reason, nothing stored.
    expect(wrapper.text()).toContain('结束时间须晚于开始时间')
    expect(await localDb.syncRecords.count()).toBe(0)

    await wrapper.get('[data-testid="event-end"] input').setValue('11:30')
    await wrapper.get('[data-testid="event-save"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="events-list"]').text()).toContain('世界湿地日观鸟活动'))
    // Saving starts a push at once; with no network it fails and the record waits on the phone
    // (a loaded machine can still show the attempt, 上传中, for a moment).
    await vi.waitFor(() => expect(wrapper.get('[data-testid="event-state"]').text()).toBe('待上传'))

    online = true
    await useSyncStore().syncNow()
    await vi.waitFor(() => expect(wrapper.get('[data-testid="event-state"]').text()).toBe('已同步'))
    expect(pushed).toHaveLength(1)
    expect(pushed[0]).toMatchObject({
      kind: 'event',
      baseId: 'xixi-wetland',
      baseVersion: 0,
      payload: {
        title: '世界湿地日观鸟活动',
        start: '2027-02-02T10:00:00+08:00',
        end: '2027-02-02T11:30:00+08:00',
        cancelled: false,
      },
    })
  })
})
