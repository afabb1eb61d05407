import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { PushAck, StaffRegistration, StoredRecord, SyncRecord } from '../../../src/shared/index.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { useSyncStore } from '../../../src/client/sync/sync-store.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'
import {
  EVENT_ID,
  OTHER_EVENT_ID,
  REG2_ID,
  REG_ID,
  sha256,
  squadronEvent,
  staff,
  staffRow,
  TOKEN,
} from '../helpers/squadron-fixtures.ts'

let online = true
let pushed: SyncRecord[] = []
let pulled: StoredRecord[] = []
let rows: StaffRegistration[] = []
const offline = () => Promise.reject(new TypeError('Failed to fetch'))

beforeEach(() => {
  // At the gate on the event's day (10 March 2027, 09:00–11:30), half an hour before it starts.
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
  vi.setSystemTime(new Date('2027-03-10T08:30:00+08:00'))
  online = true
  pushed = []
  pulled = []
  rows = [
    staffRow(),
    staffRow({
      id: REG2_ID,
      squadronName: '某某小学四年级一班李四光中队',
      ticketCode: 'WXYZ6789',
      ticketHash: sha256(`zk1.${REG2_ID}.${EVENT_ID}.${'B'.repeat(43)}`),
      checkIn: { at: '2027-03-10T01:05:00.000Z', headcount: 28 },
    }),
  ]
  localStorage.clear()
  stubFetch({
    '/api/auth/session': () => (online ? json(200, { account: staff, setupRequired: false }) : offline()),
    [`/api/staff/events/${EVENT_ID}/registrations`]: () =>
      online
        ? json(200, { event: squadronEvent(), registrations: rows, fetchedAt: '2026-11-25T08:00:00.000Z' })
        : offline(),
    [`/api/staff/events/${OTHER_EVENT_ID}/registrations`]: () =>
      online
        ? json(200, {
            event: squadronEvent(OTHER_EVENT_ID, '矿物标本识别'),
            registrations: [
              staffRow({
                id: '0193b2c4-2222-7000-8000-00000000000f',
                eventId: OTHER_EVENT_ID,
                ticketCode: 'QRST7890',
                ticketHash: null,
              }),
            ],
            fetchedAt: '2026-11-25T08:00:00.000Z',
          })
        : offline(),
    '/api/sync/push': (init) => {
      if (!online) return offline()
      const body = JSON.parse(init?.body as string) as { records: SyncRecord[] }
      pushed.push(...body.records)
      const acks: PushAck[] = body.records.map((r) => ({ id: r.id, status: 'accepted', version: 1 }))
      return json(200, { acks })
    },
    '/api/sync/pull': () => (online ? json(200, { records: pulled, cursor: pulled.length, more: false }) : offline()),
  })
})
afterEach(async () => {
  vi.useRealTimers()
  await useSyncStore().stop()
  await localDb.syncRecords.clear()
  await localDb.syncMeta.clear()
  await localDb.eventRosters.clear()
  document.body.innerHTML = ''
})

async function typeCode(wrapper: VueWrapper, text: string): Promise<string> {
  await wrapper.get('[data-testid="scan-code"] input').setValue(text)
  await wrapper.get('[data-testid="scan-code-submit"]').trigger('submit')
  await settle()
  return vi.waitFor(() => wrapper.get('[data-testid="gate-result"]').attributes('data-result')!)
}

/** Opens the event's list once online (the phone keeps it), then the gate with no signal. */
async function gateOffline(): Promise<VueWrapper> {
  const { wrapper: first } = await mountApp(`/me/staff/squadron/${OTHER_EVENT_ID}`)
  await waitFor(first, '[data-testid="roster-synced"]')
  first.unmount()
  const { wrapper: roster } = await mountApp(`/me/staff/squadron/${EVENT_ID}`)
  await waitFor(roster, '[data-testid="roster-synced"]')
  roster.unmount()
  online = false
  const { wrapper } = await mountApp(`/me/staff/squadron/${EVENT_ID}/checkin`)
  await waitFor(wrapper, '[data-testid="gate-count"]')
  return wrapper
}

describe('squadron gate check-in', () => {
  it('checks a class in offline by its typed code, with the actual headcount, as one checkin record in the outbox', async () => {
    const wrapper = await gateOffline()
    expect(wrapper.get('[data-testid="gate-count"]').text()).toContain('已入园 1/2 个中队')
    expect(await typeCode(wrapper, 'abcd-2345')).toBe('ok')
    expect(wrapper.get('[data-testid="gate-squadron"]').text()).toBe('某某小学五年级二班李四光中队')
    await wrapper.get('[data-testid="gate-headcount"] input').setValue('30')
    await wrapper.get('[data-testid="gate-headcount"] input').trigger('blur')
    await wrapper.get('[data-testid="gate-confirm"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="gate-done"]').text()).toContain('已签到，30 人'))
    expect(wrapper.get('[data-testid="gate-count"]').text()).toContain('已入园 2/2 个中队')

    const records = await localDb.syncRecords.toArray()
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      kind: 'checkin',
      baseId: 'xixi-wetland',
      state: 'queued',
      accountId: staff.id,
      payload: { registrationId: REG_ID, eventId: EVENT_ID, headcount: 30, method: 'code' },
    })

    // A second scan of the same ticket: a clear message with the time, and nothing new stored.
    const at = records[0]!.kind === 'checkin' ? records[0]!.payload.at : ''
    const time = new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(11, 16)
    expect(await typeCode(wrapper, TOKEN)).toBe('already-checked-in')
    expect(wrapper.get('[data-testid="gate-already"]').text()).toBe(`这个班已于 ${time} 入园签到（30 人）。`)
    expect(await localDb.syncRecords.count()).toBe(1)

    // Back online: the check-in reaches the server once.
    online = true
    await useSyncStore().syncNow()
    expect(pushed.filter((r) => r.kind === 'checkin')).toHaveLength(1)
    expect(pushed[0]).toMatchObject({
      kind: 'checkin',
      baseId: 'xixi-wetland',
      payload: { registrationId: REG_ID, headcount: 30 },
    })
    expect((await localDb.syncRecords.toArray())[0]?.state).toBe('synced')
  })

  it("accepts the QR token, and refuses a modified one, another event's ticket and a class checked in on another phone", async () => {
    const wrapper = await gateOffline()
    expect(await typeCode(wrapper, TOKEN)).toBe('ok')

    // One character of the signature changed: matches nothing on the list.
    const forged = `${TOKEN.slice(0, -1)}B`
    expect(await typeCode(wrapper, forged)).toBe('unknown')
    expect(wrapper.get('[data-testid="gate-result"]').text()).toContain('无效票')
    // A well-formed token naming another registration of this event, with a made-up signature.
    expect(await typeCode(wrapper, `zk1.${REG2_ID}.${EVENT_ID}.${'C'.repeat(43)}`)).toBe('unknown')

    // A real ticket of another event (its list is on this phone too): named.
    expect(await typeCode(wrapper, `zk1.${REG_ID}.${OTHER_EVENT_ID}.${'A'.repeat(43)}`)).toBe('other-event')
    expect(wrapper.get('[data-testid="gate-result"]').text()).toContain('矿物标本识别')
    expect(await typeCode(wrapper, 'QRST-7890')).toBe('other-event')

    // Checked in on another phone (the synced list says so): the time it came in.
    expect(await typeCode(wrapper, 'WXYZ-6789')).toBe('already-checked-in')
    expect(wrapper.get('[data-testid="gate-already"]').text()).toBe('这个班已于 09:05 入园签到（28 人）。')
    expect(await typeCode(wrapper, '12')).toBe('unreadable')
    expect(await localDb.syncRecords.count()).toBe(0)
  })

  it('the tally screen shows classes checked in today as already counted', async () => {
    const now = new Date().toISOString()
    pulled = [
      {
        id: '0193b2c4-4444-7000-8000-000000000001',
        kind: 'checkin',
        baseId: 'xixi-wetland',
        version: 1,
        change: 1,
        payload: { registrationId: REG_ID, eventId: EVENT_ID, headcount: 31, at: now, method: 'scan' },
      },
    ]
    const { wrapper } = await mountApp('/me/staff')
    await vi.waitFor(
      () => expect(wrapper.get('[data-testid="staff-checkins"]').text()).toContain('今天入园的李四光中队：31 人'),
      { timeout: 5000 },
    )
    expect(wrapper.get('[data-testid="staff-checkin"]').text()).toContain('已计入')
    // Counted as visits too (stats-service.ts), so today's total says so and nobody tallies them again.
    expect(wrapper.get('[data-testid="tally-total"]').text()).toContain('今天共 31 人次（含入园中队 31 人）')
  })

  it("refuses a good ticket on another day than the event's, and records nothing", async () => {
    vi.setSystemTime(new Date('2027-03-07T10:00:00+08:00'))
    const wrapper = await gateOffline()
    expect(await typeCode(wrapper, 'abcd-2345')).toBe('outside-window')
    expect(wrapper.get('[data-testid="gate-result"]').text()).toContain('还没到活动时间，不能签到')
    expect(wrapper.get('[data-testid="gate-window"]').text()).toContain('2027-03-10 09:00–11:30')
    expect(wrapper.find('[data-testid="gate-confirm"]').exists()).toBe(false)
    vi.setSystemTime(new Date('2027-03-10T11:31:00+08:00'))
    expect(await typeCode(wrapper, 'abcd-2345')).toBe('outside-window')
    expect(wrapper.get('[data-testid="gate-result"]').text()).toContain('活动已结束')
    expect((await localDb.syncRecords.toArray()).filter((r) => r.kind === 'checkin')).toEqual([])
  })
})
