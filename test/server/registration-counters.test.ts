import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { v7 as uuidv7 } from 'uuid'
import { eq } from 'drizzle-orm'
import { eventPlaces, registrations, squadronSettings } from '../../src/server/db/schema.ts'
import {
  loadPlacesEvent,
  newTicket,
  placeNew,
  placeQueued,
  reconcileDue,
  type PlacesCounters,
  type PlacesEvent,
} from '../../src/server/services/registration-places.ts'
import { uniqueViolation } from '../../src/server/db/errors.ts'
import { REGISTRATION_KEYS } from '../../src/server/db/schema.ts'
import { heldBy, placementOf } from '../../src/shared/domain/squadron-registration.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { Registration } from '../../src/shared/index.ts'
import {
  act,
  buildSquadronApp,
  pushRecords,
  registerSquadron,
  seedSquadrons,
  signedIn,
  type SignedInClient,
  type SquadronApp,
} from './helpers/squadron-fixtures.ts'
import { TEST_DB, type TestClient } from './helpers/test-app.ts'

/*
 * An event's `event_places` row keeps what its registrations add up to, and a new registration is
 * placed from that row alone, by one SQL statement (services/registration-places.ts `placeNew`).
 * Two properties hold it to the rows and to the rule: after any sequence of what teachers, staff
 * and the clock do, the counters equal what the registrations say; and the statement places a
 * registration where `reconcileDue` and `placementOf` (shared/domain) say it goes.
 * REGISTRATION_PROPERTY_RUNS raises the runs (default 20 sequences, 100 placements).
 */

const BASE = 'geological-museum-of-china'
const RUNS = Number(process.env.REGISTRATION_PROPERTY_RUNS ?? 20)

let t: SquadronApp
let staff: TestClient
let teacher: SignedInClient
let squadronIds: string[]

beforeAll(async () => {
  t = await buildSquadronApp()
  staff = await signedIn(t, 'counters-staff', 'base_staff', BASE)
  teacher = await signedIn(t, 'counters-school', 'school')
  squadronIds = await seedSquadrons(t, teacher.accountId, 8)
}, 120_000)
afterAll(async () => {
  await t?.close()
})

interface EventState {
  id: string
  version: number
  payload: Record<string, unknown>
}

async function newEvent(capacity: number): Promise<EventState> {
  const day = addDays(todayInChina(t.clock.now), 10)
  const payload = {
    title: '计数研学',
    start: `${day}T09:00:00+08:00`,
    end: `${day}T11:00:00+08:00`,
    audience: 'squadron',
    capacity,
    registrationRequired: true,
  }
  const id = uuidv7()
  const [ack] = await pushRecords(staff, [{ id, kind: 'event', baseId: BASE, baseVersion: 0, payload }])
  expect(ack?.status).toBe('accepted')
  return { id, version: ack!.version!, payload }
}

async function countersOf(eventId: string): Promise<PlacesCounters> {
  const [row] = await t.database.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, eventId))
  return { held: row?.held ?? 0, waitlisted: row?.waitlisted ?? 0, nextOfferExpiresAt: row?.nextOfferExpiresAt ?? null }
}

/** What the event's registrations say, counted the way the counters count (offers until expired). */
async function countedFromRows(eventId: string): Promise<PlacesCounters> {
  const rows = await t.database.db.select().from(registrations).where(eq(registrations.eventId, eventId))
  const expiries = rows.filter((r) => r.status === 'offered').map((r) => r.offerExpiresAt!.getTime())
  return {
    held: heldBy(rows),
    waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
    nextOfferExpiresAt: expiries.length > 0 ? new Date(Math.min(...expiries)) : null,
  }
}

/** Sets the event's counters as given, and the event as placed with this capacity and approval rule. */
async function withCounters(
  eventId: string,
  counters: PlacesCounters,
  rule: { capacity: number; approvalRequired: boolean },
): Promise<PlacesEvent> {
  const db = t.database.db
  await db
    .insert(eventPlaces)
    .values({ eventId, ...counters })
    .onConflictDoUpdate({ target: eventPlaces.eventId, set: counters })
  const loaded = await loadPlacesEvent(db, eventId)
  return {
    ...loaded,
    capacity: rule.capacity,
    settings: { ...loaded.settings, approvalRequired: rule.approvalRequired },
  }
}

type Op =
  | { op: 'register'; squadron: number; headcount: number }
  | { op: 'cancel' | 'accept' | 'decline-offer' | 'approve' | 'decline'; pick: number }
  | { op: 'headcount'; pick: number; headcount: number }
  | { op: 'advance'; hours: number }
  | { op: 'raise-capacity'; by: number }
  | { op: 'staff-view' }

const pick = fc.nat({ max: 20 })
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('register' as const),
      squadron: fc.nat({ max: 7 }),
      headcount: fc.integer({ min: 1, max: 6 }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      op: fc.constantFrom(
        'cancel' as const,
        'accept' as const,
        'decline-offer' as const,
        'approve' as const,
        'decline' as const,
      ),
      pick,
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({ op: fc.constant('headcount' as const), pick, headcount: fc.integer({ min: 1, max: 8 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 60 }) }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('raise-capacity' as const), by: fc.integer({ min: 1, max: 5 }) }),
    weight: 1,
  },
  { arbitrary: fc.constant({ op: 'staff-view' as const }), weight: 1 },
)

describe(`registration counters (${TEST_DB})`, () => {
  it('keeps the counters equal to what the registrations say, whatever teachers, staff and the clock do', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 12 }),
          approvalRequired: fc.boolean(),
          offerHours: fc.constantFrom(1, 24),
        }),
        fc.array(opArb, { minLength: 10, maxLength: 40, size: 'medium' }),
        async (setup, ops) => {
          await t.database.db
            .insert(squadronSettings)
            .values({
              baseId: BASE,
              approvalRequired: setup.approvalRequired,
              cutoffHours: 24,
              offerHours: setup.offerHours,
            })
            .onConflictDoUpdate({
              target: squadronSettings.baseId,
              set: { approvalRequired: setup.approvalRequired, offerHours: setup.offerHours },
            })
          const event = await newEvent(setup.capacity)
          let capacity = setup.capacity
          const made: Registration[] = []
          const mine = (n: number) => made[n % Math.max(1, made.length)]
          for (const op of ops) {
            let answer: { status: number } = { status: 200 }
            if (op.op === 'register') {
              const before = await countersOf(event.id)
              const placesEvent = await loadPlacesEvent(t.database.db, event.id)
              const registered = await registerSquadron(teacher, event.id, squadronIds[op.squadron]!, op.headcount)
              answer = registered
              // When nothing was due, the counters alone placed it: as the rule says.
              if (registered.status === 201 && !reconcileDue(placesEvent, before, t.clock.now)) {
                const free = Math.max(0, capacity - before.held)
                expect(registered.body.registration.status).toBe(
                  placementOf(op.headcount, free, before.waitlisted, setup.approvalRequired),
                )
              }
              if (registered.status === 201) made.push(registered.body.registration)
            } else if (
              op.op === 'headcount' ||
              ['cancel', 'accept', 'decline-offer', 'approve', 'decline'].includes(op.op)
            ) {
              const target = mine('pick' in op ? op.pick : 0)
              if (!target) continue
              const paths = {
                cancel: [teacher, `/api/registrations/${target.id}/cancel`],
                accept: [teacher, `/api/registrations/${target.id}/offer/accept`],
                'decline-offer': [teacher, `/api/registrations/${target.id}/offer/decline`],
                approve: [staff, `/api/registrations/${target.id}/approve`],
                decline: [staff, `/api/registrations/${target.id}/decline`],
                headcount: [teacher, `PATCH /api/registrations/${target.id}`],
              } as const
              const [client, path] = paths[op.op as keyof typeof paths]
              const body =
                op.op === 'decline'
                  ? { reason: '名额调整' }
                  : op.op === 'headcount'
                    ? { headcount: op.headcount }
                    : undefined
              answer = await act(client, path, body)
            } else if (op.op === 'advance') {
              t.clock.advanceHours(op.hours)
            } else if (op.op === 'raise-capacity') {
              capacity += op.by
              event.payload = { ...event.payload, capacity }
              const [ack] = await pushRecords(staff, [
                { id: event.id, kind: 'event', baseId: BASE, baseVersion: event.version, payload: event.payload },
              ])
              expect(ack?.status).toBe('accepted')
              event.version = ack!.version!
            } else {
              answer = await staff
                .request({ url: `/api/staff/events/${event.id}/registrations` })
                .then((r) => ({ status: r.statusCode }))
            }
            // Refusals (a squadron already in, past the cut-off, a wrong state) are fine; errors are not.
            expect([200, 201, 404, 409], JSON.stringify(op)).toContain(answer.status)
            expect(await countersOf(event.id), JSON.stringify(op)).toEqual(await countedFromRows(event.id))
            // Capacity only grows here, so nothing may ever hold more than it.
            expect((await countersOf(event.id)).held).toBeLessThanOrEqual(capacity)
          }
        },
      ),
      { numRuns: RUNS },
    )
  }, 600_000)

  it('places a registration from the counters as reconcileDue and placementOf say', async () => {
    const event = await newEvent(10)
    const squadronId = squadronIds[0]!
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 20 }),
          held: fc.integer({ min: 0, max: 25 }),
          waitlisted: fc.integer({ min: 0, max: 3 }),
          headcount: fc.integer({ min: 1, max: 10 }),
          approvalRequired: fc.boolean(),
          offer: fc.constantFrom('none', 'past', 'future'),
        }),
        async (c) => {
          const db = t.database.db
          const now = t.clock.now
          await db.delete(registrations).where(eq(registrations.eventId, event.id))
          const counters: PlacesCounters = {
            held: c.held,
            waitlisted: c.waitlisted,
            nextOfferExpiresAt:
              c.offer === 'none' ? null : new Date(now.getTime() + (c.offer === 'past' ? -1 : 1) * 3_600_000),
          }
          const placesEvent = await withCounters(event.id, counters, c)
          const id = crypto.randomUUID()
          const placement = await placeNew(db, placesEvent, now, {
            id,
            squadronId,
            schoolAccountId: teacher.accountId,
            requestId: uuidv7(),
            headcount: c.headcount,
            adults: 0,
            ticket: newTicket('test-secret', id, event.id),
          })
          const free = Math.max(0, c.capacity - c.held)
          const expected = reconcileDue(placesEvent, counters, now)
            ? 'due'
            : placementOf(c.headcount, free, c.waitlisted, c.approvalRequired)
          expect(placement.outcome === 'placed' ? placement.row.status : placement.outcome).toBe(expected)
          if (placement.outcome !== 'placed') {
            expect(await countersOf(event.id)).toEqual(counters)
            return
          }
          // The row holds what the counters gained.
          const gained = heldBy([placement.row])
          expect(await countersOf(event.id)).toEqual({
            held: c.held + gained,
            waitlisted: c.waitlisted + (expected === 'waitlisted' ? 1 : 0),
            nextOfferExpiresAt:
              expected === 'offered' &&
              (!counters.nextOfferExpiresAt || placement.row.offerExpiresAt! < counters.nextOfferExpiresAt)
                ? placement.row.offerExpiresAt
                : counters.nextOfferExpiresAt,
          })
          expect(placement.row.offerHeadcount).toBe(expected === 'offered' ? free : null)
          expect(placement.position).toBe(expected === 'waitlisted' ? c.waitlisted + 1 : null)
          const [stored] = await db.select().from(registrations).where(eq(registrations.id, id))
          expect({ ...stored, seq: undefined }).toEqual({ ...placement.row, seq: undefined })
        },
      ),
      { numRuns: RUNS * 5 },
    )
  }, 300_000)
  it('places registrations that queue together as if they came one after another', async () => {
    const event = await newEvent(10)
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          capacity: fc.integer({ min: 1, max: 12 }),
          held: fc.integer({ min: 0, max: 14 }),
          waitlisted: fc.integer({ min: 0, max: 2 }),
          approvalRequired: fc.boolean(),
          headcounts: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 8 }),
        }),
        async (c) => {
          const db = t.database.db
          const now = t.clock.now
          await db.delete(registrations).where(eq(registrations.eventId, event.id))
          // Nothing due: a waitlist only when the event is full (what reconcile leaves).
          const held = c.waitlisted > 0 ? Math.max(c.held, c.capacity) : c.held
          const counters: PlacesCounters = { held, waitlisted: c.waitlisted, nextOfferExpiresAt: null }
          const placesEvent = await withCounters(event.id, counters, c)
          const list = c.headcounts.map((headcount, i) => {
            const id = crypto.randomUUID()
            return {
              id,
              squadronId: squadronIds[i]!,
              schoolAccountId: teacher.accountId,
              requestId: uuidv7(),
              headcount,
              adults: 0,
              ticket: newTicket('test-secret', id, event.id),
            }
          })
          // All asked for at once: the first is placed alone, the others queue behind it and go together.
          const placements = await Promise.all(list.map((r) => placeQueued(db, placesEvent, now, r)))

          // One by one, as placementOf says.
          let { held: h, waitlisted: w } = counters
          for (const [i, r] of list.entries()) {
            const free = Math.max(0, c.capacity - h)
            const status = placementOf(r.headcount, free, w, c.approvalRequired)
            const placement = placements[i]!
            expect(placement.outcome === 'placed' && placement.row.status, JSON.stringify(c)).toBe(status)
            if (placement.outcome !== 'placed') return
            expect(placement.row.offerHeadcount).toBe(status === 'offered' ? free : null)
            expect(placement.position).toBe(status === 'waitlisted' ? w + 1 : null)
            expect(placement.row.ticketCode !== null).toBe(status === 'confirmed')
            h += status === 'offered' ? free : status === 'waitlisted' ? 0 : r.headcount
            w += status === 'waitlisted' ? 1 : 0
          }
          expect(await countersOf(event.id)).toMatchObject({ held: h, waitlisted: w })
          // The waitlist's order is the order they were asked for in.
          const rows = await db.select().from(registrations).where(eq(registrations.eventId, event.id))
          expect(rows.sort((a, b) => a.seq - b.seq).map((r) => r.id)).toEqual(list.map((r) => r.id))
        },
      ),
      { numRuns: RUNS * 2 },
    )
  }, 300_000)

  it('answers each queued registration on its own when one of them repeats a request', async () => {
    const db = t.database.db
    const event = await newEvent(5)
    const loaded = await loadPlacesEvent(db, event.id)
    const placesEvent = { ...loaded, settings: { ...loaded.settings, approvalRequired: false } }
    const repeated = uuidv7()
    const list = [0, 1, 2, 3].map((i) => {
      const id = crypto.randomUUID()
      return {
        id,
        squadronId: squadronIds[i]!,
        schoolAccountId: teacher.accountId,
        requestId: i === 3 ? repeated : i === 2 ? repeated : uuidv7(),
        headcount: 2,
        adults: 0,
        ticket: newTicket('test-secret', id, event.id),
      }
    })
    const settled = await Promise.allSettled(list.map((r) => placeQueued(db, placesEvent, t.clock.now, r)))
    expect(
      settled.map((s) => (s.status === 'fulfilled' && s.value.outcome === 'placed' ? s.value.row.status : 'refused')),
    ).toEqual(['confirmed', 'confirmed', 'offered', 'refused'])
    const last = settled[3]!
    const refusal = last.status === 'rejected' ? last.reason : undefined
    expect(uniqueViolation(refusal)).toBe(REGISTRATION_KEYS.request)
    expect(await countersOf(event.id)).toMatchObject({ held: 5, waitlisted: 0 })
  })
})
