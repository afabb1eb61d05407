import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { eventPlaces, registrations } from '../../src/server/db/schema.ts'
import type { SquadronEventsResponse } from '../../src/shared/index.ts'
import {
  buildSquadronApp,
  pushEvent,
  registerSquadron,
  seedSquadrons,
  signedIn,
  type SquadronApp,
} from './helpers/squadron-fixtures.ts'
import { TEST_DB, type TestClient } from './helpers/test-app.ts'

const BASE = 'geological-museum-of-china'
const SCHOOLS = 6
const PER_SCHOOL = 50 // 300 squadrons in all
const CAPACITY = 100

let t: SquadronApp
let staff: TestClient
const teachers: { client: TestClient; squadronIds: string[] }[] = []

beforeAll(async () => {
  t = await buildSquadronApp()
  staff = await signedIn(t, 'conc-staff', 'base_staff', BASE)
  for (let s = 0; s < SCHOOLS; s++) {
    const client = await signedIn(t, `conc-school-${s}`, 'school')
    teachers.push({ client, squadronIds: await seedSquadrons(t, client.accountId, PER_SCHOOL, `学校${s}-`) })
  }
}, 120_000)
afterAll(async () => {
  await t?.close()
})

describe(`registration under contention (${TEST_DB})`, () => {
  it('answers 300 parallel registrations for 100 places without overbooking, losing or duplicating one', async () => {
    const eventId = await pushEvent(staff, BASE, CAPACITY)
    // Classes of 1, 2 or 3 (600 places asked for 100), plus 30 retries of requests already in flight.
    const requests = teachers.flatMap(({ client, squadronIds }, s) =>
      squadronIds.map((squadronId, i) => ({
        client,
        squadronId,
        headcount: 1 + ((s * PER_SCHOOL + i) % 3),
        requestId: crypto.randomUUID(),
      })),
    )
    const retries = requests.filter((_, i) => i % 10 === 0)
    // And 10 squadrons registered a second time by another request (a second teacher's phone).
    const again = requests.filter((_, i) => i % 30 === 5).map((r) => ({ ...r, requestId: crypto.randomUUID() }))
    const all = await Promise.all(
      [...requests, ...retries, ...again].map((r) =>
        registerSquadron(r.client, eventId, r.squadronId, r.headcount, r.requestId),
      ),
    )
    const twice = new Set(again.map((r) => r.squadronId))
    const sent = [...requests, ...retries, ...again]
    const answers = all.filter((_, i) => !twice.has(sent[i]!.squadronId))

    // Every request answered: 201 for the first, 200 (the same registration) for a retry that came second.
    expect(answers.filter((a) => a.status !== 200 && a.status !== 201).map((a) => a.body)).toEqual([])
    // A squadron goes in once: whichever of its two requests came second is refused, in words.
    for (const squadronId of twice) {
      const its = all.filter((_, i) => sent[i]!.squadronId === squadronId)
      expect(its.map((a) => a.status).sort()).toEqual([201, 409])
      expect(its.find((a) => a.status === 409)!.body.message).toContain('该中队已报名此活动')
    }
    const firstAnswer = new Map<string, string>()
    for (const a of answers) {
      const seen = firstAnswer.get(a.requestId)
      if (seen) expect(a.body.registration.id).toBe(seen)
      else firstAnswer.set(a.requestId, a.body.registration.id)
    }
    expect(all.filter((a) => a.status === 201)).toHaveLength(300)

    // Each class told it waits was told a place in line of its own: 1, 2, 3 … with no gap.
    const firsts = all.filter((a) => a.status === 201).map((a) => a.body.registration)
    const positions = firsts.filter((r) => r.status === 'waitlisted').map((r) => r.position)
    expect(positions.sort((a, b) => a! - b!)).toEqual(positions.map((_, i) => i + 1))

    const rows = await t.database.db.select().from(registrations).where(eq(registrations.eventId, eventId))
    expect(rows).toHaveLength(300)
    expect(new Set(rows.map((r) => r.squadronId)).size).toBe(300)
    const confirmed = rows.filter((r) => r.status === 'confirmed').reduce((sum, r) => sum + r.headcount, 0)
    const offered = rows.filter((r) => r.status === 'offered').reduce((sum, r) => sum + (r.offerHeadcount ?? 0), 0)
    expect(confirmed).toBeLessThanOrEqual(CAPACITY)
    // The places not confirmed went to the first waiting class as an offer: nothing is left idle.
    expect(confirmed + offered).toBe(CAPACITY)
    expect(rows.filter((r) => r.status === 'offered').length).toBeLessThanOrEqual(1)
    expect(rows.filter((r) => r.status === 'waitlisted').length).toBe(
      300 - rows.filter((r) => r.status === 'confirmed').length - rows.filter((r) => r.status === 'offered').length,
    )
    // The event's counters, which each registration's statement added to under the lock, agree.
    const [counters] = await t.database.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, eventId))
    expect([counters?.held, counters?.waitlisted]).toEqual([
      confirmed + offered,
      rows.filter((r) => r.status === 'waitlisted').length,
    ])
    // Every confirmed class has a ticket code, unique in the event.
    const codes = rows.filter((r) => r.status === 'confirmed').map((r) => r.ticketCode)
    expect(codes.every((c) => typeof c === 'string' && c.length === 8)).toBe(true)
    expect(new Set(codes).size).toBe(codes.length)

    const list = await teachers[0]!.client.request({ url: `/api/squadron-events?baseId=${BASE}` })
    const event = list.json<SquadronEventsResponse>().events.find((e) => e.id === eventId)
    expect(event).toMatchObject({ capacity: CAPACITY, remaining: 0 })
    expect(event!.waitlistLength).toBeGreaterThan(150)
  }, 180_000)
})
