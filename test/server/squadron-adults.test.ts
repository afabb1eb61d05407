import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import type { Registration, SquadronEventsResponse } from '../../src/shared/index.ts'
import { squadrons } from '../../src/server/db/schema.ts'
import {
  act,
  buildSquadronApp,
  pushEvent,
  signedIn,
  type SignedInClient,
  type SquadronApp,
} from './helpers/squadron-fixtures.ts'
import { TEST_DB, type TestClient } from './helpers/test-app.ts'

/*
 * Issue 19 item 9: a registration counts pupils and the adults with them apart. The pupils are
 * capped by the squadron's size; the event's places are taken by everyone on site.
 */
const BASE = 'nanjing-geo-museum'
let t: SquadronApp
let staff: TestClient
let teacher: SignedInClient
let eventId: string
let classOf32: string

async function register(body: Record<string, unknown>) {
  const response = await teacher.request({
    method: 'POST',
    url: `/api/events/${eventId}/registrations`,
    payload: { requestId: uuidv7(), ...body },
  })
  return { status: response.statusCode, body: response.json<{ registration: Registration; message?: string }>() }
}
async function remaining(): Promise<number> {
  const events = (await teacher.request({ url: '/api/squadron-events' })).json<SquadronEventsResponse>()
  return events.events.find((e) => e.id === eventId)!.remaining
}

beforeAll(async () => {
  t = await buildSquadronApp()
  staff = await signedIn(t, 'adults-staff', 'base_staff', BASE)
  teacher = await signedIn(t, 'adults-school', 'school')
  const rows = await t.database.db
    .insert(squadrons)
    .values([
      { schoolAccountId: teacher.accountId, name: '四年级三班李四光中队', grade: 4, headcount: 32, teacher: '李老师' },
      { schoolAccountId: teacher.accountId, name: '四年级四班李四光中队', grade: 4, headcount: 30, teacher: '赵老师' },
    ])
    .returning({ id: squadrons.id })
  classOf32 = rows[0]!.id
  eventId = await pushEvent(staff, BASE, 100, 10)
}, 180_000)
afterAll(async () => {
  await t?.close()
})

describe(`pupils and accompanying adults (${TEST_DB})`, () => {
  it('lets a class of 32 come with 2 teachers: 34 people on site take 34 places', async () => {
    // 34 "people" for a squadron of 32 would have been refused as more than the class.
    const made = await register({ squadronId: classOf32, headcount: 34, adults: 2 })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    expect(made.body.registration).toMatchObject({ status: 'confirmed', headcount: 34, adults: 2 })
    expect(await remaining()).toBe(66)
    const staffView = (await staff.request({ url: `/api/staff/events/${eventId}/registrations` })).json<{
      registrations: { adults: number; headcount: number }[]
    }>()
    expect(staffView.registrations.map((r) => [r.headcount, r.adults])).toEqual([[34, 2]])

    // A smaller headcount keeps the adults; the pupils can never exceed the class.
    const changed = await act(teacher, `PATCH /api/registrations/${made.body.registration.id}`, { headcount: 30 })
    expect(changed.body.registration).toMatchObject({ headcount: 30, adults: 2 })
    const tooMany = await act(teacher, `PATCH /api/registrations/${made.body.registration.id}`, {
      headcount: 36,
      adults: 2,
    })
    expect(tooMany.status).toBe(409)
    expect(tooMany.body.message).toContain('超过中队人数 32 人')
  })

  it('refuses more pupils than the squadron has, and adults with no pupil', async () => {
    const [, other] = (await t.database.db.select({ id: squadrons.id }).from(squadrons)).map((r) => r.id)
    const tooMany = await register({ squadronId: other, headcount: 34, adults: 2 })
    expect(tooMany.status).toBe(409)
    expect(tooMany.body.message).toContain('学生 32 人，超过中队人数 30 人')
    const onlyAdults = await register({ squadronId: other, headcount: 2, adults: 2 })
    expect(onlyAdults.status).toBe(400)
    expect(onlyAdults.body.message).toContain('至少要有 1 名学生')
  })

  it('keeps a request without adults valid (an older client): no adults, as before', async () => {
    const [, other] = (await t.database.db.select({ id: squadrons.id }).from(squadrons)).map((r) => r.id)
    const made = await register({ squadronId: other, headcount: 30 })
    expect(made.status, JSON.stringify(made.body)).toBe(201)
    expect(made.body.registration).toMatchObject({ headcount: 30, adults: 0 })
  })
})
