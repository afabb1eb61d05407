import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import { EXPERT_REQUESTS_PER_BASE_PER_DAY } from '../../src/server/services/expert-request-service.ts'
import type {
  ApiError,
  ExpertPage,
  ExpertRequest,
  ExpertScheduleResponse,
  ExpertsResponse,
  PublicEvent,
} from '../../src/shared/index.ts'
import { activeExpert, buildExpertApp, pushEvent, signedInAs, type ExpertApp } from './helpers/expert-fixtures.ts'
import { TestClient } from './helpers/test-app.ts'

/*
 * Bases invite experts to their events: a request, the expert's answer, withdrawal by either
 * side with a reason, the limits, the expert's schedule with clashes flagged, and the event
 * page and calendar feed naming the experts who accepted.
 */

let t: ExpertApp
let admin: TestClient
let staffA: TestClient
let staffB: TestClient
let staffC: TestClient
let li: { id: string; client: TestClient }
let wang: { id: string; client: TestClient }
const A = 'geological-museum-of-china'
const B = 'hunan-geo-museum'
const C = 'zigong-dinosaur-museum'
const day = (n: number) => addDays(todayInChina(), n)
const at = (n: number, time: string) => `${day(n)}T${time}:00+08:00`
const events = { morning: '', overlapping: '', nextDay: '', atB: '' }

beforeAll(async () => {
  t = await buildExpertApp()
  admin = await signedInAs(t, 'req-admin', 'admin')
  staffA = await signedInAs(t, 'req-staff-a', 'base_staff', A)
  staffB = await signedInAs(t, 'req-staff-b', 'base_staff', B)
  staffC = await signedInAs(t, 'req-staff-c', 'base_staff', C)
  li = await activeExpert(t, admin, '李四光研', 'req-li')
  wang = await activeExpert(t, admin, '王地质', 'req-wang')
  events.morning = await pushEvent(staffA, A, at(10, '09:00'), at(10, '11:00'), { title: '滑坡科普讲座' })
  events.overlapping = await pushEvent(staffA, A, at(10, '10:30'), at(10, '12:00'), { title: '地质研学' })
  events.nextDay = await pushEvent(staffA, A, at(11, '09:00'), at(11, '11:00'), { title: '矿物展' })
  events.atB = await pushEvent(staffB, B, at(10, '14:00'), at(10, '16:00'), { title: '湘江研学' })
}, 120_000)
afterAll(async () => {
  await t.close()
})

const ask = (staff: TestClient, baseId: string, body: Record<string, unknown>) =>
  staff.request({
    method: 'POST',
    url: `/api/staff/bases/${baseId}/expert-requests`,
    payload: { format: 'talk', message: '诚邀您来讲一堂滑坡科普课。', ...body },
  })

async function asked(staff: TestClient, baseId: string, body: Record<string, unknown>): Promise<ExpertRequest> {
  const response = await ask(staff, baseId, body)
  expect(response.statusCode, response.body).toBe(201)
  return response.json<{ request: ExpertRequest }>().request
}

async function answer(
  expert: TestClient,
  id: string,
  action: 'accept' | 'decline' | 'withdraw',
  payload?: Record<string, unknown>,
) {
  return expert.request({
    method: 'POST',
    url: `/api/expert/requests/${id}/${action}`,
    ...(payload ? { payload } : {}),
  })
}

const eventPage = async (id: string) =>
  (await new TestClient(t.app).request({ url: `/api/events/${id}` })).json<PublicEvent>()
const feed = async () => (await new TestClient(t.app).request({ url: `/api/calendar.ics?baseId=${A}` })).body
const message = (response: { json: <T>() => T }) => response.json<ApiError>().message

describe('a request, answered', () => {
  let requestId: string

  it('names the expert on the event page and in the calendar feed once accepted', async () => {
    expect(await feed()).not.toContain('李四光研')
    const request = await asked(staffA, A, { expertId: li.id, eventId: events.morning, date: day(10) })
    requestId = request.id
    expect(request).toMatchObject({
      status: 'requested',
      expert: { id: li.id, name: '李四光研' },
      event: { title: '滑坡科普讲座' },
      base: { id: A },
    })
    expect((await eventPage(events.morning)).experts).toEqual([])

    const accepted = await answer(li.client, requestId, 'accept')
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect(accepted.json<{ request: ExpertRequest }>().request.status).toBe('accepted')
    expect((await eventPage(events.morning)).experts).toEqual([{ id: li.id, name: '李四光研', title: null }])
    // The feed was built (and cached) before: the acceptance changes its version, so it is rebuilt.
    expect((await feed()).replace(/\r\n /g, '')).toContain('专家：李四光研')
    const ics = await new TestClient(t.app).request({ url: `/api/events/${events.morning}.ics` })
    expect(ics.body.replace(/\r\n /g, '')).toContain('专家：李四光研')

    const page = (await new TestClient(t.app).request({ url: `/api/experts/${li.id}` })).json<ExpertPage>()
    expect(page.events.upcoming).toEqual([
      expect.objectContaining({ id: events.morning, title: '滑坡科普讲座', date: day(10), format: 'talk' }),
    ])
  })

  it('lets the base see the answer, and refuses a second answer', async () => {
    const list = (await staffA.request({ url: `/api/staff/bases/${A}/expert-requests` })).json<{
      requests: ExpertRequest[]
    }>().requests
    expect(list.find((r) => r.id === requestId)).toMatchObject({
      status: 'accepted',
      message: '诚邀您来讲一堂滑坡科普课。',
    })
    const again = await answer(li.client, requestId, 'decline', { reason: '改变主意' })
    expect(again.statusCode).toBe(409)
    expect(message(again)).toMatch(/already accepted/)
  })

  it('lets the expert withdraw an acceptance with a reason, which takes them off the event', async () => {
    const noReason = await answer(li.client, requestId, 'withdraw', { reason: '' })
    expect(noReason.statusCode).toBe(400)
    const withdrawn = await answer(li.client, requestId, 'withdraw', { reason: '临时出差' })
    expect(withdrawn.json<{ request: ExpertRequest }>().request).toMatchObject({
      status: 'withdrawn',
      withdrawnBy: 'expert',
      withdrawReason: '临时出差',
    })
    expect((await eventPage(events.morning)).experts).toEqual([])
    expect(await feed()).not.toContain('李四光研')
  })

  it('lets the expert decline with a reason the base reads', async () => {
    const request = await asked(staffA, A, {
      expertId: wang.id,
      eventId: events.nextDay,
      date: day(11),
      format: 'guided-walk',
    })
    const declined = await answer(wang.client, request.id, 'decline', { reason: '那天在野外' })
    expect(declined.json<{ request: ExpertRequest }>().request).toMatchObject({
      status: 'declined',
      declineReason: '那天在野外',
    })
    const withoutReason = await asked(staffA, A, { expertId: wang.id, eventId: events.overlapping, date: day(10) })
    const bare = await answer(wang.client, withoutReason.id, 'decline')
    expect(bare.statusCode, bare.body).toBe(200)
  })

  it("lets the base withdraw a request with a reason; an expert cannot answer another expert's request", async () => {
    const request = await asked(staffA, A, {
      expertId: wang.id,
      eventId: events.morning,
      date: day(10),
      format: 'online',
    })
    expect((await answer(li.client, request.id, 'accept')).statusCode).toBe(404)
    const pending = await answer(wang.client, request.id, 'withdraw', { reason: '不想去' })
    expect(pending.statusCode).toBe(409)
    expect(message(pending)).toMatch(/decline it instead/)
    const withdrawn = await staffA.request({
      method: 'POST',
      url: `/api/staff/bases/${A}/expert-requests/${request.id}/withdraw`,
      payload: { reason: '活动改为线上' },
    })
    expect(withdrawn.json<{ request: ExpertRequest }>().request).toMatchObject({
      status: 'withdrawn',
      withdrawnBy: 'base',
      withdrawReason: '活动改为线上',
    })
    expect((await answer(wang.client, request.id, 'accept')).statusCode).toBe(409)
    const otherBase = await staffB.request({
      method: 'POST',
      url: `/api/staff/bases/${A}/expert-requests/${request.id}/withdraw`,
      payload: { reason: '试试' },
    })
    expect(otherBase.statusCode).toBe(403)
  })
})

describe('requests refused, each with a clear message', () => {
  it("refuses another base's event", async () => {
    const response = await ask(staffA, A, { expertId: li.id, eventId: events.atB, date: day(10) })
    expect(response.statusCode).toBe(403)
    expect(message(response)).toMatch(/belongs to another base/)
    const viaOtherPath = await ask(staffA, B, { expertId: li.id, eventId: events.atB, date: day(10) })
    expect(viaOtherPath.statusCode).toBe(403)
    expect(message(viaOtherPath)).toMatch(/own base/)
  })

  it('refuses a paused expert, and takes requests again once resumed', async () => {
    await wang.client.request({ method: 'PUT', url: '/api/expert/pause', payload: { paused: true } })
    const response = await ask(staffA, A, { expertId: wang.id, eventId: events.nextDay, date: day(11) })
    expect(response.statusCode).toBe(409)
    expect(message(response)).toMatch(/not taking requests/)
    await wang.client.request({ method: 'PUT', url: '/api/expert/pause', payload: { paused: false } })
    await asked(staffA, A, { expertId: wang.id, eventId: events.nextDay, date: day(11) })
  })

  it('refuses a former chief expert who has no account', async () => {
    const list = (await new TestClient(t.app).request({ url: '/api/experts?q=ouyang' })).json<ExpertsResponse>().experts
    const response = await ask(staffA, A, { expertId: list[0]!.id, eventId: events.nextDay, date: day(11) })
    expect(response.statusCode).toBe(409)
    expect(message(response)).toMatch(/no account here/)
  })

  it('refuses a day outside the event, naming the field', async () => {
    const response = await ask(staffA, A, { expertId: li.id, eventId: events.morning, date: day(12) })
    expect(response.statusCode).toBe(400)
    expect(response.json<ApiError>().issues).toEqual([
      { path: 'body.date', message: expect.stringMatching(/one of the event's days/) as unknown },
    ])
  })

  it('refuses a second live request for the same expert, event and day', async () => {
    await asked(staffA, A, { expertId: li.id, eventId: events.nextDay, date: day(11) })
    const response = await ask(staffA, A, { expertId: li.id, eventId: events.nextDay, date: day(11) })
    expect(response.statusCode).toBe(409)
    expect(message(response)).toMatch(/already has a request/)
  })

  it('refuses an unknown expert or event, an over-long message and an unknown format', async () => {
    expect(
      (
        await ask(staffA, A, {
          expertId: '00000000-0000-4000-8000-000000000000',
          eventId: events.nextDay,
          date: day(11),
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await ask(staffA, A, { expertId: li.id, eventId: '00000000-0000-4000-8000-000000000000', date: day(11) }))
        .statusCode,
    ).toBe(404)
    const long = await ask(staffA, A, {
      expertId: li.id,
      eventId: events.nextDay,
      date: day(11),
      message: '请'.repeat(1001),
    })
    expect(long.json<ApiError>().issues?.map((i) => i.path)).toEqual(['body.message'])
    const format = await ask(staffA, A, { expertId: li.id, eventId: events.nextDay, date: day(11), format: 'dinner' })
    expect(format.json<ApiError>().issues?.map((i) => i.path)).toEqual(['body.format'])
  })

  it(`refuses more than ${EXPERT_REQUESTS_PER_BASE_PER_DAY} requests a day from one base`, async () => {
    const exhibition = await pushEvent(staffC, C, at(1, '09:00'), at(40, '17:00'), { title: '恐龙特展' })
    for (let i = 0; i < EXPERT_REQUESTS_PER_BASE_PER_DAY; i++)
      await asked(staffC, C, { expertId: li.id, eventId: exhibition, date: day(i + 1) })
    const response = await ask(staffC, C, { expertId: li.id, eventId: exhibition, date: day(30) })
    expect(response.statusCode).toBe(429)
    expect(message(response)).toMatch(/send more tomorrow/)
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
    // Other bases keep their own allowance, and the next day brings a new one.
    await asked(staffB, B, { expertId: li.id, eventId: events.atB, date: day(10) })
    t.clock.advanceDays(1)
    try {
      await asked(staffC, C, { expertId: li.id, eventId: exhibition, date: day(30) })
    } finally {
      t.clock.advanceDays(-1)
    }
  })
})

describe("the expert's schedule", () => {
  it('flags overlapping events once one of them is accepted', async () => {
    const zhao = await activeExpert(t, admin, '赵测绘', 'req-zhao')
    const first = await asked(staffA, A, { expertId: zhao.id, eventId: events.morning, date: day(10) })
    const second = await asked(staffA, A, { expertId: zhao.id, eventId: events.overlapping, date: day(10) })
    const third = await asked(staffA, A, { expertId: zhao.id, eventId: events.nextDay, date: day(11) })
    const schedule = async () => {
      const response = await zhao.client.request({ url: '/api/expert/schedule' })
      expect(response.statusCode, response.body).toBe(200)
      return Object.fromEntries(response.json<ExpertScheduleResponse>().items.map((i) => [i.id, i.conflicts]))
    }
    expect(await schedule()).toEqual({ [first.id]: [], [second.id]: [], [third.id]: [] })
    await answer(zhao.client, first.id, 'accept')
    expect(await schedule()).toEqual({ [first.id]: [second.id], [second.id]: [first.id], [third.id]: [] })
    await answer(zhao.client, second.id, 'accept')
    expect(await schedule()).toEqual({ [first.id]: [second.id], [second.id]: [first.id], [third.id]: [] })
    const items = (await zhao.client.request({ url: '/api/expert/schedule' })).json<ExpertScheduleResponse>().items
    expect(items.map((i) => i.event.title)).toEqual(['滑坡科普讲座', '地质研学', '矿物展'])
  })
})
