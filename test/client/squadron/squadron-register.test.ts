import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Registration, Squadron } from '../../../src/shared/index.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'
import { confirmedRegistration, EVENT_ID, REG_ID, school, squadronEvent } from '../helpers/squadron-fixtures.ts'

const squadron: Squadron = {
  id: '0193b2c4-3333-7000-8000-000000000001',
  name: '某某小学五年级二班李四光中队',
  grade: 5,
  headcount: 32,
  teacher: '王老师',
  counsellor: null,
  archived: false,
  createdAt: '2026-11-25T00:00:00.000Z',
  updatedAt: '2026-11-25T00:00:00.000Z',
}
let posted: { path: string; body: unknown }[] = []
let mine: Registration[] = []

beforeEach(() => {
  posted = []
  mine = []
  localStorage.clear()
  const answer = (path: string, registration: Registration) => (init?: RequestInit) => {
    posted.push({ path, body: JSON.parse((init?.body as string | undefined) ?? 'null') })
    return json(200, { registration })
  }
  stubFetch({
    '/api/auth/session': () => json(200, { account: school, setupRequired: false }),
    '/api/school/squadrons': () => json(200, { squadrons: [squadron] }),
    '/api/squadron-events': () =>
      json(200, {
        from: '2026-11-25',
        to: '2027-02-23',
        events: [{ ...squadronEvent(), remaining: 10, waitlistLength: 2 }],
      }),
    [`/api/events/${EVENT_ID}/registrations`]: (init) => {
      posted.push({ path: 'register', body: JSON.parse(init?.body as string) })
      return json(201, {
        registration: { ...confirmedRegistration(), status: 'waitlisted', headcount: 20, position: 3, ticket: null },
      })
    },
    '/api/school/registrations': () => json(200, { registrations: mine, visits: [] }),
    [`/api/registrations/${REG_ID}/offer/accept`]: answer('accept', { ...confirmedRegistration(), headcount: 10 }),
  })
})
afterEach(async () => {
  await localDb.savedRegistrations.clear()
  await localDb.savedVisits.clear()
  document.body.innerHTML = ''
})

describe('squadron registration', () => {
  it('refuses more pupils than the squadron has, explains the waitlist when places are short, then registers once', async () => {
    const { wrapper, router } = await mountApp('/me/squadron/events')
    await vi.waitFor(
      () => expect(wrapper.get('[data-testid="event-remaining"]').text()).toBe('余 10 个名额（共 100）'),
      { timeout: 5000 },
    )
    await wrapper.get(`[data-testid="register-${EVENT_ID}"]`).trigger('click')
    await settle()
    const headcount = await waitFor(wrapper, '[data-testid="register-headcount"] input')
    expect((headcount.element as HTMLInputElement).value).toBe('32')

    await headcount.setValue('40')
    await wrapper.get('[data-testid="register-submit"]').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('人数不能超过中队人数 32 人')
    expect(posted).toHaveLength(0)

    await headcount.setValue('20')
    expect(wrapper.get('[data-testid="register-waitlist"]').text()).toContain('只剩 10 个名额')
    expect(wrapper.get('[data-testid="register-submit"]').text()).toBe('加入候补')
    await wrapper.get('[data-testid="register-submit"]').trigger('submit')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/me/squadron'), { timeout: 5000 })
    expect(posted).toHaveLength(1)
    expect(posted[0]!.body).toMatchObject({ squadronId: squadron.id, headcount: 21, adults: 1 })
    expect((posted[0]!.body as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/)
    await vi.waitFor(
      () => expect(wrapper.get('[data-testid="squadron-notice"]').text()).toBe('活动已满，已加入候补。'),
      { timeout: 5000 },
    )
  })

  it('shows a partial offer with its countdown in 我的, and accepting it confirms the class with a ticket', async () => {
    const expiresAt = new Date(Date.now() + 90 * 60_000 + 20_000).toISOString()
    mine = [
      {
        ...confirmedRegistration(),
        status: 'offered',
        ticket: null,
        headcount: 30,
        offer: { headcount: 10, expiresAt },
      },
    ]
    const { wrapper } = await mountApp('/me/squadron')
    const offer = await waitFor(wrapper, '[data-testid="registration-offer"]')
    expect(offer.text()).toContain('空出了 10 个名额（你申请了 30 人）')
    expect(wrapper.get('[data-testid="offer-countdown"]').text()).toContain('1 小时 31 分钟')
    await wrapper.get('[data-testid="offer-accept"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="squadron-notice"]').text()).toBe('已接受名额，报名已确认'))
    expect(posted.map((p) => p.path)).toEqual(['accept'])
    expect(wrapper.find('[data-testid="registration-offer"]').exists()).toBe(false)
    expect(wrapper.get(`[data-testid="registration-${REG_ID}"]`).attributes('data-status')).toBe('confirmed')
    expect(wrapper.find('[data-testid="registration-ticket"]').exists()).toBe(true)
  })
})
