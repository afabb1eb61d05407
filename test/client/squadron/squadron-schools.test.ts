import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Account } from '../../../src/shared/index.ts'
import { localDb, type LocalCheckin } from '../../../src/client/local-db/local-db.ts'
import { settleAck } from '../../../src/client/sync/sync-records.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'
import { EVENT_ID, REG_ID, school, staff } from '../helpers/squadron-fixtures.ts'

const applicant: Account = { ...school, status: 'pending', school: { ...school.school!, baseId: 'xixi-wetland' } }
let signups: unknown[] = []
let approved: string[] = []

beforeEach(() => {
  signups = []
  approved = []
  localStorage.clear()
  stubFetch({
    '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
    '/api/squadron-programme': () => json(200, { issuer: '自然资源科普基地', schoolApproval: 'base' }),
    '/api/auth/signup': (init) => {
      signups.push(JSON.parse(init?.body as string))
      return json(201, { account: applicant })
    },
  })
})
afterEach(async () => {
  await localDb.syncRecords.clear()
  document.body.innerHTML = ''
})

describe('school accounts approved by a base (SCHOOL_APPROVAL=base)', () => {
  it('the sign-up asks which base the school applies to, and sends it', async () => {
    const { wrapper } = await mountApp('/me/signup')
    const select = await waitFor(wrapper, '[data-testid="signup-base"]')
    const fields = wrapper.findAll('.van-field input')
    const values = ['杭州市西溪小学', '杭州市', '0571-88880000', '王老师', 'teacher-wang', 'teacher-password-1']
    for (const [i, v] of values.entries()) await fields[i]!.setValue(v)
    // The province is picked from the app's list, not typed.
    await wrapper.get('[data-testid="signup-province"]').setValue('浙江省')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('请选择学校首先申请的基地')
    expect(signups).toHaveLength(0)

    // Only the bases of the province picked are offered.
    const options = select
      .findAll('option')
      .map((o) => o.text())
      .slice(1)
    expect(options.length).toBeGreaterThan(0)
    expect(options.every((o) => o.startsWith('浙江'))).toBe(true)
    await select.setValue('xixi-wetland')
    await wrapper.get('form').trigger('submit')
    await vi.waitFor(() => expect(signups).toHaveLength(1))
    expect(signups[0]).toMatchObject({
      username: 'teacher-wang',
      school: { name: '杭州市西溪小学', baseId: 'xixi-wetland' },
    })
  })

  it("the base's staff see the school waiting and approve it", async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: staff, setupRequired: false }),
      '/api/squadron-programme': () => json(200, { issuer: '自然资源科普基地', schoolApproval: 'base' }),
      '/api/squadron-events': () => json(200, { from: '2026-11-25', to: '2027-02-23', events: [] }),
      '/api/staff/bases/xixi-wetland/squadron-settings': () =>
        json(200, { approvalRequired: false, cutoffHours: 24, offerHours: 24 }),
      '/api/staff/school-accounts': () => json(200, { accounts: [applicant] }),
      [`/api/staff/school-accounts/${applicant.id}/approve`]: () => {
        approved.push(applicant.id)
        return json(200, { account: { ...applicant, status: 'active' } })
      },
      '/api/sync/push': () => json(200, { acks: [] }),
      '/api/sync/pull': () => json(200, { records: [], cursor: 0, more: false }),
    })
    const { wrapper } = await mountApp('/me/staff/squadron')
    const list = await waitFor(wrapper, '[data-testid="pending-schools"]')
    expect(list.text()).toContain('杭州市某某小学')
    expect(wrapper.get('[data-testid="squadron-settings"]').text()).toContain('报名无需审核')
    await wrapper.get(`[data-testid="approve-school-${applicant.id}"]`).trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="pending-schools"]').exists()).toBe(false))
    expect(approved).toEqual([applicant.id])
  })
})

describe('check-in acks', () => {
  it("a check-in another phone made first is settled as synced with the server's reason, not retried", () => {
    const record: LocalCheckin = {
      id: '0193b2c4-5555-7000-8000-000000000001',
      kind: 'checkin',
      baseId: 'xixi-wetland',
      accountId: staff.id,
      state: 'sending',
      version: 0,
      rev: 1,
      payload: {
        registrationId: REG_ID,
        eventId: EVENT_ID,
        headcount: 30,
        at: '2026-11-25T02:00:00.000Z',
        method: 'code',
      },
      createdAt: '2026-11-25T02:00:00.000Z',
      updatedAt: '2026-11-25T02:00:00.000Z',
    }
    const settled = settleAck(
      record,
      1,
      { id: record.id, status: 'duplicate', version: 1, reason: 'already checked in (2026-11-25T01:58:00.000Z)' },
      '2026-11-25T02:01:00.000Z',
    )
    expect(settled).toMatchObject({
      state: 'synced',
      version: 1,
      reason: 'already checked in (2026-11-25T01:58:00.000Z)',
    })
  })
})
