import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ICAL from 'ical.js'
import { v7 as uuidv7 } from 'uuid'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { EventsResponse, PublicEvent, PushAck } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

let t: TestApp
let staffA: TestClient
let staffB: TestClient
let visitor: TestClient
const A = 'geological-museum-of-china' // 北京市
const B = 'hunan-geo-museum' // 湖南省

const day = (n: number) => addDays(todayInChina(), n)
const lecture = { id: uuidv7(), title: '地球日科普讲座', day: day(10) }
const fieldTrip = { id: uuidv7(), title: '湘江地质研学', day: day(20) }
const openDay = { id: uuidv7(), title: '开放日（将取消）', day: day(5) }

const event = (baseId: string, id: string, baseVersion: number, payload: Record<string, unknown>) => ({
  id,
  kind: 'event',
  baseId,
  baseVersion,
  payload: {
    description: '',
    place: '一层报告厅',
    themeDayId: null,
    audience: 'public',
    capacity: null,
    registrationRequired: false,
    cancelled: false,
    ...payload,
  },
})

async function push(client: TestClient, records: unknown[]): Promise<PushAck[]> {
  const response = await client.request({
    method: 'POST',
    url: '/api/sync/push',
    payload: { deviceId: 'device-calendar-1', records },
  })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ acks: PushAck[] }>().acks
}

/** Reads a feed with ical.js (Mozilla's parser), independent of the generator that wrote it. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v)
    // Asia/Shanghai wall-clock time: UTC+8 all year.
    const shanghai = (time: ICAL.Time) =>
      time.isDate ? time.toString() : new Date(time.toUnixTime() * 1000 + 8 * 3_600_000).toISOString().slice(0, 16)
    return {
      uid: e.uid,
      summary: e.summary,
      start: shanghai(e.startDate),
      end: shanghai(e.endDate),
      status: v.getFirstPropertyValue('status'),
      sequence: e.sequence,
      location: e.location,
    }
  })
}

async function feed(query = '') {
  const response = await visitor.request({ url: `/api/calendar.ics${query}` })
  expect(response.statusCode, response.body).toBe(200)
  return { response, events: parseFeed(response.body) }
}

beforeAll(async () => {
  t = await buildTestApp()
  const a = await seedAccount(t, 'cal-staff-a', 'base_staff', { baseId: A })
  const b = await seedAccount(t, 'cal-staff-b', 'base_staff', { baseId: B })
  staffA = new TestClient(t.app)
  staffB = new TestClient(t.app)
  visitor = new TestClient(t.app)
  expect((await staffA.login('cal-staff-a', a.password)).statusCode).toBe(200)
  expect((await staffB.login('cal-staff-b', b.password)).statusCode).toBe(200)
  const created = [
    ...(await push(staffA, [
      event(A, lecture.id, 0, {
        title: lecture.title,
        start: `${lecture.day}T09:30:00+08:00`,
        end: `${lecture.day}T11:00:00+08:00`,
        themeDayId: 'earth-day',
        capacity: 200,
      }),
      event(A, openDay.id, 0, {
        title: openDay.title,
        start: `${openDay.day}T09:00:00+08:00`,
        end: `${openDay.day}T17:00:00+08:00`,
      }),
    ])),
    ...(await push(staffB, [
      event(B, fieldTrip.id, 0, {
        title: fieldTrip.title,
        start: `${fieldTrip.day}T08:00:00+08:00`,
        end: `${fieldTrip.day}T16:30:00+08:00`,
        audience: 'school',
      }),
    ])),
  ]
  expect(created.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted'])
})
afterAll(async () => {
  await t.close()
})

describe('the calendar feed (webcal subscription)', () => {
  it('lists theme days and base events, in Asia/Shanghai times, as valid iCalendar', async () => {
    const { response, events } = await feed()
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(response.headers['cache-control']).toBe('public, max-age=300')
    expect(response.body.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)
    expect(events).toContainEqual(
      expect.objectContaining({
        uid: `event-${lecture.id}@ziran-kepu.cn`,
        summary: lecture.title,
        start: `${lecture.day}T09:30`,
        end: `${lecture.day}T11:00`,
        status: 'CONFIRMED',
        sequence: 1,
        location: expect.stringContaining('中国地质博物馆'),
      }),
    )
    expect(events).toContainEqual(
      expect.objectContaining({ uid: `event-${fieldTrip.id}@ziran-kepu.cn`, start: `${fieldTrip.day}T08:00` }),
    )
    const year = Number(todayInChina().slice(0, 4))
    expect(events).toContainEqual(
      expect.objectContaining({ uid: `theme-day-national-land-day-${year}@ziran-kepu.cn`, start: `${year}-06-25` }),
    )
    expect(events).toContainEqual(
      expect.objectContaining({ uid: `theme-day-national-land-day-${year + 1}@ziran-kepu.cn` }),
    )
  })

  it('keeps the UID of an edited event and raises its SEQUENCE, so calendars replace it', async () => {
    const acks = await push(staffA, [
      event(A, lecture.id, 1, {
        title: '地球日科普讲座（改期）',
        start: `${lecture.day}T14:00:00+08:00`,
        end: `${lecture.day}T15:30:00+08:00`,
        themeDayId: 'earth-day',
        capacity: 200,
      }),
    ])
    expect(acks[0]).toMatchObject({ status: 'accepted', version: 2 })
    const mine = (await feed()).events.filter((e) => e.uid === `event-${lecture.id}@ziran-kepu.cn`)
    expect(mine).toEqual([
      expect.objectContaining({ summary: '地球日科普讲座（改期）', start: `${lecture.day}T14:00`, sequence: 2 }),
    ])
  })

  it('sends a cancelled event as STATUS:CANCELLED under the same UID, and drops it from the events API', async () => {
    const acks = await push(staffA, [
      event(A, openDay.id, 1, {
        title: openDay.title,
        start: `${openDay.day}T09:00:00+08:00`,
        end: `${openDay.day}T17:00:00+08:00`,
        cancelled: true,
      }),
    ])
    expect(acks[0]).toMatchObject({ status: 'accepted', version: 2 })
    const mine = (await feed()).events.filter((e) => e.uid === `event-${openDay.id}@ziran-kepu.cn`)
    expect(mine).toEqual([expect.objectContaining({ status: 'CANCELLED', sequence: 2 })])
    expect((await visitor.request({ url: `/api/events/${openDay.id}` })).statusCode).toBe(404)
    expect((await visitor.request({ url: `/api/events/${openDay.id}.ics` })).statusCode).toBe(404)
  })

  it('filters by province and by base; theme days stay in every feed', async () => {
    const hunan = (await feed(`?province=${encodeURIComponent('湖南省')}`)).events
    expect(hunan.map((e) => e.uid)).toContain(`event-${fieldTrip.id}@ziran-kepu.cn`)
    expect(hunan.map((e) => e.uid)).not.toContain(`event-${lecture.id}@ziran-kepu.cn`)
    expect(hunan.some((e) => e.uid.startsWith('theme-day-'))).toBe(true)
    const baseA = (await feed(`?baseId=${A}&years=1`)).events
    expect(baseA.map((e) => e.uid)).toContain(`event-${lecture.id}@ziran-kepu.cn`)
    expect(baseA.map((e) => e.uid)).not.toContain(`event-${fieldTrip.id}@ziran-kepu.cn`)
    const year = Number(todayInChina().slice(0, 4))
    expect(baseA.map((e) => e.uid)).not.toContain(`theme-day-national-land-day-${year + 1}@ziran-kepu.cn`)
  })

  it('answers a repeat poll with 304 Not Modified through its ETag', async () => {
    const { response } = await feed()
    const etag = response.headers.etag as string
    expect(etag).toMatch(/^".+"$/)
    const again = await visitor.request({ url: '/api/calendar.ics', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
  })
})

describe('the events API', () => {
  it('lists upcoming events by start, with their base, and filters by province, base and audience', async () => {
    const response = await visitor.request({ url: '/api/events' })
    expect(response.statusCode, response.body).toBe(200)
    const body = response.json<EventsResponse>()
    expect(body.from).toBe(todayInChina())
    expect(body.events.map((e) => e.id)).toEqual([lecture.id, fieldTrip.id])
    expect(body.events[0]).toMatchObject({
      base: { id: A, province: '北京市', name: { zh: '中国地质博物馆' } },
      themeDayId: 'earth-day',
      capacity: 200,
      version: 2,
    })
    const ids = async (query: string) =>
      (await visitor.request({ url: `/api/events?${query}` })).json<EventsResponse>().events.map((e) => e.id)
    expect(await ids(`province=${encodeURIComponent('湖南省')}`)).toEqual([fieldTrip.id])
    expect(await ids(`baseId=${A}`)).toEqual([lecture.id])
    expect(await ids('audience=school')).toEqual([fieldTrip.id])
    expect(await ids('themeDayId=earth-day')).toEqual([lecture.id])
    expect(await ids(`from=${day(15)}&to=${day(30)}`)).toEqual([fieldTrip.id])
  })

  it('refuses a range longer than 400 days or running backwards', async () => {
    expect((await visitor.request({ url: `/api/events?from=${day(0)}&to=${day(401)}` })).statusCode).toBe(400)
    expect((await visitor.request({ url: `/api/events?from=${day(5)}&to=${day(1)}` })).statusCode).toBe(400)
  })

  it('shows one event, and offers it as an .ics download', async () => {
    const one = await visitor.request({ url: `/api/events/${fieldTrip.id}` })
    expect(one.statusCode).toBe(200)
    expect(one.json<PublicEvent>()).toMatchObject({
      id: fieldTrip.id,
      title: fieldTrip.title,
      audience: 'school',
      base: { id: B },
    })
    const ics = await visitor.request({ url: `/api/events/${fieldTrip.id}.ics` })
    expect(ics.statusCode).toBe(200)
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(ics.headers['content-disposition']).toMatch(/^attachment; filename="event-.+\.ics"$/)
    expect(parseFeed(ics.body)).toEqual([
      expect.objectContaining({
        uid: `event-${fieldTrip.id}@ziran-kepu.cn`,
        summary: fieldTrip.title,
        start: `${fieldTrip.day}T08:00`,
      }),
    ])
  })

  it('adds a reminder (VALARM) to the .ics download when asked, read back by ical.js', async () => {
    const plain = new ICAL.Component(
      ICAL.parse((await visitor.request({ url: `/api/events/${fieldTrip.id}.ics` })).body),
    )
    expect(plain.getFirstSubcomponent('vevent')?.getAllSubcomponents('valarm')).toHaveLength(0)
    const withAlarm = await visitor.request({ url: `/api/events/${fieldTrip.id}.ics?remind=1440` })
    expect(withAlarm.statusCode).toBe(200)
    const alarms =
      new ICAL.Component(ICAL.parse(withAlarm.body)).getFirstSubcomponent('vevent')?.getAllSubcomponents('valarm') ?? []
    expect(alarms).toHaveLength(1)
    expect(alarms[0]?.getFirstPropertyValue('action')).toBe('DISPLAY')
    const trigger = alarms[0]?.getFirstPropertyValue('trigger') as ICAL.Duration
    expect(trigger.toSeconds()).toBe(-86_400)
    expect((await visitor.request({ url: `/api/events/${fieldTrip.id}.ics?remind=-5` })).statusCode).toBe(400)
    expect((await visitor.request({ url: `/api/events/${fieldTrip.id}.ics?remind=soon` })).statusCode).toBe(400)
  })

  it('answers 404 for an event that does not exist', async () => {
    expect((await visitor.request({ url: `/api/events/${uuidv7()}` })).statusCode).toBe(404)
    expect((await visitor.request({ url: `/api/events/${uuidv7()}.ics` })).statusCode).toBe(404)
  })
})
