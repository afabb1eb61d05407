import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  Registration,
  SchoolRegistrationsResponse,
  SquadronEventsResponse,
  StaffRegistrationsResponse,
} from '../../src/shared/index.ts'
import {
  act,
  buildSquadronApp,
  pushEvent,
  registerSquadron,
  seedSquadrons,
  signedIn,
  type SignedInClient,
  type SquadronApp,
} from './helpers/squadron-fixtures.ts'
import { TEST_DB, type TestClient } from './helpers/test-app.ts'

const BASE = 'geological-museum-of-china'
const OTHER_BASE = 'hunan-geo-museum'

let t: SquadronApp
let staff: TestClient
let otherStaff: TestClient
let teacher: SignedInClient
let squadronIds: string[]

beforeAll(async () => {
  t = await buildSquadronApp()
  staff = await signedIn(t, 'wait-staff', 'base_staff', BASE)
  otherStaff = await signedIn(t, 'wait-staff-other', 'base_staff', OTHER_BASE)
  teacher = await signedIn(t, 'wait-school', 'school')
  squadronIds = await seedSquadrons(t, teacher.accountId, 12)
}, 180_000)
afterAll(async () => {
  await t?.close()
})

async function mine(): Promise<Registration[]> {
  const response = await teacher.request({ url: '/api/school/registrations' })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<SchoolRegistrationsResponse>().registrations
}
const byId = async (id: string) => (await mine()).find((r) => r.id === id)!

async function placesLeft(eventId: string) {
  const events = (await teacher.request({ url: `/api/squadron-events?baseId=${BASE}` })).json<SquadronEventsResponse>()
    .events
  return events.find((e) => e.id === eventId)!
}

describe(`waitlist offers (${TEST_DB})`, () => {
  it('offers freed places in order, partially when fewer are free, and re-offers when an offer expires or is declined', async () => {
    const eventId = await pushEvent(staff, BASE, 30)
    const [a, b, c, d, e] = squadronIds as [string, string, string, string, string]

    const first = await registerSquadron(teacher, eventId, a, 20)
    expect(first.status).toBe(201)
    expect(first.body.registration).toMatchObject({ status: 'confirmed', headcount: 20 })
    expect(first.body.registration.ticket?.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)

    // 10 places left, 15 asked: a partial offer of 10 at once, valid 24 hours (the default).
    const second = (await registerSquadron(teacher, eventId, b, 15)).body.registration
    expect(second).toMatchObject({ status: 'offered', headcount: 15, offer: { headcount: 10 } })
    expect(Date.parse(second.offer!.expiresAt) - t.clock.now.getTime()).toBe(24 * 3_600_000)

    const third = (await registerSquadron(teacher, eventId, c, 10)).body.registration
    const fourth = (await registerSquadron(teacher, eventId, d, 5)).body.registration
    expect([third.status, third.position, fourth.status, fourth.position]).toEqual(['waitlisted', 1, 'waitlisted', 2])
    expect(await placesLeft(eventId)).toMatchObject({ remaining: 0, waitlistLength: 2 })

    // Nobody answers for a day: the offer expires and the next class is offered (its full 10).
    t.clock.advanceHours(24)
    expect(await byId(second.id)).toMatchObject({ status: 'expired', offer: null })
    expect(await byId(third.id)).toMatchObject({ status: 'offered', offer: { headcount: 10 }, position: null })
    expect(await byId(fourth.id)).toMatchObject({ status: 'waitlisted', position: 1 })

    // An expired offer cannot be accepted any more.
    expect((await act(teacher, `/api/registrations/${second.id}/offer/accept`)).status).toBe(409)

    // Declined: the places go to the next one.
    expect((await act(teacher, `/api/registrations/${third.id}/offer/decline`)).body.registration.status).toBe(
      'cancelled',
    )
    expect(await byId(fourth.id)).toMatchObject({ status: 'offered', offer: { headcount: 5 } })
    const accepted = await act(teacher, `/api/registrations/${fourth.id}/offer/accept`)
    expect(accepted.body.registration).toMatchObject({ status: 'confirmed', headcount: 5, offer: null })
    expect(accepted.body.registration.ticket).not.toBeNull()
    expect(await placesLeft(eventId)).toMatchObject({ remaining: 5, waitlistLength: 0 })

    // A class asking more than is left waits with a partial offer; a smaller headcount frees places.
    const fifth = (await registerSquadron(teacher, eventId, e, 12)).body.registration
    expect(fifth).toMatchObject({ status: 'offered', offer: { headcount: 5 } })
    const smaller = await act(teacher, `PATCH /api/registrations/${first.body.registration.id}`, { headcount: 13 })
    expect(smaller.body.registration).toMatchObject({ status: 'confirmed', headcount: 13 })
    // The open offer keeps its 5; the 7 freed places wait for the next in line (nobody).
    expect(await placesLeft(eventId)).toMatchObject({ remaining: 7 })
    const tooMany = await act(teacher, `PATCH /api/registrations/${fourth.id}`, { headcount: 13 })
    expect(tooMany.status).toBe(409)
    expect(tooMany.body.message).toContain('only 7 places left')
    expect(
      (await act(teacher, `PATCH /api/registrations/${fourth.id}`, { headcount: 12 })).body.registration.headcount,
    ).toBe(12)

    const staffView = (
      await staff.request({ url: `/api/staff/events/${eventId}/registrations` })
    ).json<StaffRegistrationsResponse>()
    const held = staffView.registrations.reduce(
      (sum, r) =>
        sum +
        (r.status === 'confirmed' || r.status === 'pending'
          ? r.headcount
          : r.status === 'offered'
            ? r.offer!.headcount
            : 0),
      0,
    )
    expect(held).toBe(30)
    expect(staffView.event.remaining).toBe(0)
  })

  it('holds places for staff approval when the base requires it, and frees them when staff decline', async () => {
    const settings = await staff.request({
      method: 'PUT',
      url: `/api/staff/bases/${BASE}/squadron-settings`,
      payload: { approvalRequired: true, cutoffHours: 48, offerHours: 6 },
    })
    expect(settings.json()).toEqual({ approvalRequired: true, cutoffHours: 48, offerHours: 6 })
    expect(
      (
        await otherStaff.request({
          method: 'PUT',
          url: `/api/staff/bases/${BASE}/squadron-settings`,
          payload: { approvalRequired: false, cutoffHours: 1, offerHours: 1 },
        })
      ).statusCode,
    ).toBe(403)

    const eventId = await pushEvent(staff, BASE, 40)
    const [, , , , , f, g, h] = squadronIds
    const pending = (await registerSquadron(teacher, eventId, f!, 25)).body.registration
    expect(pending).toMatchObject({ status: 'pending', ticket: null })
    const waiting = (await registerSquadron(teacher, eventId, g!, 20)).body.registration
    expect(waiting).toMatchObject({ status: 'offered', offer: { headcount: 15 } })
    expect(Date.parse(waiting.offer!.expiresAt) - t.clock.now.getTime()).toBe(6 * 3_600_000)

    // Staff of another base cannot see or approve it.
    expect(
      (await otherStaff.request({ method: 'POST', url: `/api/registrations/${pending.id}/approve` })).statusCode,
    ).toBe(404)
    expect((await otherStaff.request({ url: `/api/staff/events/${eventId}/registrations` })).statusCode).toBe(404)
    const approved = await act(staff, `/api/registrations/${pending.id}/approve`)
    expect(approved.body.registration.status).toBe('confirmed')
    expect((await byId(pending.id)).ticket?.token).toMatch(/^zk1\./)

    // Accepting an offer at a base that approves puts it in the approval queue.
    expect((await act(teacher, `/api/registrations/${waiting.id}/offer/accept`)).body.registration).toMatchObject({
      status: 'pending',
      headcount: 15,
    })
    const third = (await registerSquadron(teacher, eventId, h!, 10)).body.registration
    expect(third.status).toBe('waitlisted')
    const declined = await act(staff, `/api/registrations/${waiting.id}/decline`, {
      reason: '场馆当天维修，请改约其他日期',
    })
    expect(declined.body.registration).toMatchObject({
      status: 'declined',
      declineReason: '场馆当天维修，请改约其他日期',
    })
    expect(await byId(third.id)).toMatchObject({ status: 'offered', offer: { headcount: 10 } })
    expect((await act(staff, `/api/registrations/${waiting.id}/decline`, { reason: 'x' })).status).toBe(400)
  })

  it('closes registration, cancellation and headcount changes at the cut-off, but lets a waiting class leave', async () => {
    // Settings from the previous test: 48 h cut-off. The event starts in 5 days (Shanghai), so
    // the cut-off is 57–81 h after the real now; the clock is 24 h ahead after the first test.
    const eventId = await pushEvent(staff, BASE, 10, 5)
    const [, , , , , , , , i, j, k] = squadronIds
    const held = (await registerSquadron(teacher, eventId, i!, 10)).body.registration
    const approved = await act(staff, `/api/registrations/${held.id}/approve`)
    expect(approved.body.registration.status).toBe('confirmed')
    const waiting = (await registerSquadron(teacher, eventId, j!, 5)).body.registration
    expect(waiting.status).toBe('waitlisted')

    t.clock.advanceHours(58)
    const event = await placesLeft(eventId)
    expect(event.open).toBe(false)
    const late = await registerSquadron(teacher, eventId, k!, 3)
    expect(late.status).toBe(409)
    expect(late.body.message).toContain('cut-off')
    expect((await act(teacher, `/api/registrations/${held.id}/cancel`)).status).toBe(409)
    expect((await act(teacher, `PATCH /api/registrations/${held.id}`, { headcount: 8 })).status).toBe(409)
    expect((await act(teacher, `/api/registrations/${waiting.id}/cancel`)).body.registration.status).toBe('cancelled')
  })
})
