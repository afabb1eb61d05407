import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { ticketSecret, verifyTicket } from '../../src/server/services/ticket-service.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import { checkTicketAtGate, formatTicketCode } from '../../src/shared/domain/ticket-code.ts'
import type {
  BaseStatsResponse,
  PullResponse,
  Registration,
  SchoolRegistrationsResponse,
  StaffRegistrationsResponse,
} from '../../src/shared/index.ts'
import {
  buildSquadronApp,
  pushEvent,
  pushRecords,
  registerSquadron,
  seedSquadrons,
  signedIn,
  type SignedInClient,
  type SquadronApp,
} from './helpers/squadron-fixtures.ts'
import { TEST_DB, type TestClient } from './helpers/test-app.ts'

const BASE = 'geological-museum-of-china'
const OTHER_BASE = 'hunan-geo-museum'
const ISSUER = '自然资源部宣传教育中心'
const sha256Hex = (text: string) => Promise.resolve(createHash('sha256').update(text).digest('hex'))

let t: SquadronApp
let staff: TestClient
let otherStaff: TestClient
let teacher: SignedInClient
let eventId: string
let otherEventId: string
let classA: Registration
let classB: Registration
let elsewhere: Registration

// The events are 10 and 12 days ahead, 09:00–11:00 (pushEvent): check-ins happen on their day.
const eventDay = addDays(todayInChina(), 10)
const otherEventDay = addDays(todayInChina(), 12)
const dayOf = (forEvent: string) => (forEvent === otherEventId ? otherEventDay : eventDay)
const checkin = (
  registrationId: string,
  forEvent: string,
  headcount: number,
  baseId = BASE,
  at = `${dayOf(forEvent)}T09:05:00+08:00`,
) => ({
  id: uuidv7(),
  kind: 'checkin',
  baseId,
  payload: { registrationId, eventId: forEvent, headcount, at, method: 'scan' },
})

async function staffCopy(id = eventId, client = staff) {
  const response = await client.request({ url: `/api/staff/events/${id}/registrations` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<StaffRegistrationsResponse>()
}

beforeAll(async () => {
  t = await buildSquadronApp({ SQUADRON_ISSUER: ISSUER })
  staff = await signedIn(t, 'gate-staff', 'base_staff', BASE)
  otherStaff = await signedIn(t, 'gate-staff-other', 'base_staff', OTHER_BASE)
  teacher = await signedIn(t, 'gate-school', 'school')
  const [a, b, c] = (await seedSquadrons(t, teacher.accountId, 3)) as [string, string, string]
  eventId = await pushEvent(staff, BASE, 100)
  otherEventId = await pushEvent(staff, BASE, 100, 12)
  classA = (await registerSquadron(teacher, eventId, a, 40)).body.registration
  classB = (await registerSquadron(teacher, eventId, b, 25)).body.registration
  elsewhere = (await registerSquadron(teacher, otherEventId, c, 30)).body.registration
}, 180_000)
afterAll(async () => {
  await t?.close()
})

describe(`tickets (${TEST_DB})`, () => {
  it('gives each confirmed class a signed ticket that the staff copy recognises offline, and nothing else', async () => {
    const copy = await staffCopy()
    const mineOnPhone = copy.registrations
    expect(mineOnPhone.map((r) => r.ticketHash)).toEqual([
      await sha256Hex(classA.ticket!.token),
      await sha256Hex(classB.ticket!.token),
    ])
    expect(await checkTicketAtGate(classA.ticket!.token, eventId, mineOnPhone, sha256Hex)).toMatchObject({
      result: 'ok',
      registration: { id: classA.id },
    })
    // Typed by hand, in lower case, with the printed hyphen.
    expect(
      await checkTicketAtGate(formatTicketCode(classB.ticket!.code).toLowerCase(), eventId, mineOnPhone, sha256Hex),
    ).toMatchObject({ result: 'ok', registration: { id: classB.id } })

    // A modified token: one character of the signature changed.
    const token = classA.ticket!.token
    const forged = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)
    expect(await checkTicketAtGate(forged, eventId, mineOnPhone, sha256Hex)).toEqual({ result: 'unknown' })
    const secret = await ticketSecret(t.database.db, t.config.ticketSecret)
    expect(verifyTicket(secret, token)).toEqual({ registrationId: classA.id, eventId })
    expect(verifyTicket(secret, forged)).toBeNull()
    // Another class's id with this class's signature.
    expect(await checkTicketAtGate(token.replace(classA.id, classB.id), eventId, mineOnPhone, sha256Hex)).toEqual({
      result: 'unknown',
    })
    // A real ticket for another event of the same base.
    expect(await checkTicketAtGate(elsewhere.ticket!.token, eventId, mineOnPhone, sha256Hex)).toEqual({
      result: 'other-event',
      eventId: otherEventId,
    })
    expect(await checkTicketAtGate('hello', eventId, mineOnPhone, sha256Hex)).toEqual({ result: 'unreadable' })

    // Staff of another base get no copy of this event at all.
    expect((await otherStaff.request({ url: `/api/staff/events/${eventId}/registrations` })).statusCode).toBe(404)
  })
})

describe(`check-in (${TEST_DB})`, () => {
  it("refuses a check-in outside the event's window, judged by the check-in's own time", async () => {
    // 19 December's ticket scanned on 7 December (the phone synced later): not a visit on the 7th.
    const early = checkin(classA.id, eventId, 38, BASE, `${addDays(eventDay, -12)}T10:00:00+08:00`)
    const justBefore = checkin(classA.id, eventId, 38, BASE, `${eventDay}T06:59:00+08:00`)
    const afterEnd = checkin(classA.id, eventId, 38, BASE, `${eventDay}T11:01:00+08:00`)
    const acks = await pushRecords(staff, [early, justBefore, afterEnd], 'gate-phone-late-sync')
    expect(acks.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(acks[0]!.reason).toContain("outside the event's check-in window")
    expect((await staffCopy()).registrations.map((r) => r.checkIn)).toEqual([null, null])
  })

  it('counts a class once when two phones check it in, and replays are duplicates', async () => {
    // Two hours before the start is inside the window.
    const first = checkin(classA.id, eventId, 38, BASE, `${eventDay}T07:00:00+08:00`)
    expect(await pushRecords(staff, [first], 'gate-phone-1')).toEqual([
      { id: first.id, status: 'accepted', version: 1 },
    ])
    // The same record again (a lost answer), then the same class from a second phone.
    expect((await pushRecords(staff, [first], 'gate-phone-1'))[0]).toMatchObject({ status: 'duplicate' })
    const second = checkin(classA.id, eventId, 40)
    const [ack] = await pushRecords(staff, [second], 'gate-phone-2')
    expect(ack).toMatchObject({ id: second.id, status: 'duplicate' })
    expect(ack!.reason).toContain('already checked in')

    // Two check-ins of class B in one batch: the first counts.
    const b1 = checkin(classB.id, eventId, 25)
    const b2 = checkin(classB.id, eventId, 24)
    expect((await pushRecords(staff, [b1, b2], 'gate-phone-2')).map((a) => a.status)).toEqual(['accepted', 'duplicate'])

    const copy = await staffCopy()
    expect(copy.registrations.map((r) => r.checkIn?.headcount)).toEqual([38, 25])
    expect(await checkTicketAtGate(classA.ticket!.token, eventId, copy.registrations, sha256Hex)).toMatchObject({
      result: 'already-checked-in',
    })

    // Pulled by the other phones of the base.
    const pulled = (await staff.request({ url: `/api/sync/pull?baseId=${BASE}` }))
      .json<PullResponse>()
      .records.filter((r) => r.kind === 'checkin')
    expect(pulled.map((r) => r.id)).toEqual([first.id, b1.id])
  })

  it('rejects check-ins for another event, another base, or a class that is not confirmed', async () => {
    const [wrongEvent] = await pushRecords(staff, [checkin(elsewhere.id, eventId, 30)])
    expect(wrongEvent).toMatchObject({ status: 'rejected', reason: expect.stringContaining('another event') })
    const [wrongBase] = await pushRecords(otherStaff, [checkin(elsewhere.id, otherEventId, 30, OTHER_BASE)])
    expect(wrongBase).toMatchObject({ status: 'rejected', reason: expect.stringContaining('another base') })
    const [unknown] = await pushRecords(staff, [checkin(uuidv7(), eventId, 30)])
    expect(unknown).toMatchObject({ status: 'rejected', reason: expect.stringContaining('no such registration') })

    const cancelled = await teacher.request({ method: 'POST', url: `/api/registrations/${elsewhere.id}/cancel` })
    expect(cancelled.json<{ registration: Registration }>().registration.status).toBe('cancelled')
    const [notConfirmed] = await pushRecords(staff, [checkin(elsewhere.id, otherEventId, 30)])
    expect(notConfirmed).toMatchObject({ status: 'rejected', reason: expect.stringContaining('cancelled') })
  })

  it("adds the checked-in pupils once to the base's statistics and to the squadron's visit record", async () => {
    const stats = (
      await staff.request({ url: `/api/stats/bases/${BASE}?from=${eventDay}&to=${eventDay}` })
    ).json<BaseStatsResponse>()
    // Two classes of one event: one study tour with 38 + 25 participants, and 63 on-site visits
    // (团体), on the event's day (stats-service.ts states the rule).
    expect(stats.totals).toMatchObject({
      activities: 1,
      participants: 63,
      visitors: 63,
      byAudience: { public: 0, student: 0, group: 63, other: 0 },
    })
    expect(stats.activityTypes.find((a) => a.type === 'study_tour')).toEqual({
      type: 'study_tour',
      count: 1,
      participants: 63,
    })

    const mine = (await teacher.request({ url: '/api/school/registrations' })).json<SchoolRegistrationsResponse>()
    expect(mine.visits.map((v) => [v.squadronName, v.date, v.base.id, v.activity, v.headcount, v.issuer])).toEqual([
      ['五年级1班李四光中队', eventDay, BASE, '李四光中队地质研学', 38, ISSUER],
      ['五年级2班李四光中队', eventDay, BASE, '李四光中队地质研学', 25, ISSUER],
    ])
    // A checked-in class can no longer be cancelled.
    expect((await teacher.request({ method: 'POST', url: `/api/registrations/${classA.id}/cancel` })).statusCode).toBe(
      409,
    )
  })
})
