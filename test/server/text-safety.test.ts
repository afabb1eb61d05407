import ICAL from 'ical.js'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { ApiError, PullResponse, PushAck } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * Text the database cannot store, or a calendar file must not carry (issue 18, findings 5 and 8):
 * a 400 that names the field, never a 500; in a sync batch, one rejected ack for the bad record
 * while the good ones around it are stored.
 */

let t: TestApp
let staff: TestClient
let admin: TestClient
const A = 'geological-museum-of-china'
const day = addDays(todayInChina(), 12)
const school = { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: 'teacher@example.cn' }

beforeAll(async () => {
  t = await buildTestApp()
  const s = await seedAccount(t, 'text-staff', 'base_staff', { baseId: A })
  const a = await seedAccount(t, 'text-admin', 'admin')
  staff = new TestClient(t.app)
  admin = new TestClient(t.app)
  expect((await staff.login('text-staff', s.password)).statusCode).toBe(200)
  expect((await admin.login('text-admin', a.password)).statusCode).toBe(200)
})
afterAll(async () => {
  await t.close()
})

/** JSON text as a hostile client writes it: `\ud800` stays an escape on the wire and decodes to a lone surrogate. */
const rawJson = (client: TestClient, url: string, json: string) =>
  client.request({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: json })

const activity = (title: string) => ({
  id: uuidv7(),
  kind: 'activity',
  baseId: A,
  baseVersion: 0,
  payload: { type: 'lecture', title, date: '2026-05-12', participants: 30 },
})
const event = (title: string) => ({
  id: uuidv7(),
  kind: 'event',
  baseId: A,
  baseVersion: 0,
  payload: { title, start: `${day}T09:00:00+08:00`, end: `${day}T11:00:00+08:00`, place: '一层报告厅' },
})

describe('sign-up with broken text', () => {
  it('refuses a lone surrogate with a 400 naming the field, not a 500', async () => {
    const body = JSON.stringify({
      username: 'surrogate-school',
      password: 'a-long-unguessable-passphrase',
      displayName: 'X',
      school,
    }).replace('"displayName":"X"', '"displayName":"王老师\\ud800"')
    const response = await rawJson(new TestClient(t.app), '/api/auth/signup', body)
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json<ApiError>().message).toMatch(/^body\.displayName: .*lone UTF-16 surrogate/)
  })

  it('refuses a reversed low-high pair and a NUL in a nested field alike', async () => {
    for (const bad of ['\\udc00\\ud800', '\\u0000']) {
      const body = JSON.stringify({
        username: 'nested-school',
        password: 'a-long-unguessable-passphrase',
        displayName: '王老师',
        school: { ...school, city: 'X' },
      }).replace('"city":"X"', `"city":"长沙${bad}"`)
      const response = await rawJson(new TestClient(t.app), '/api/auth/signup', body)
      expect(response.statusCode, response.body).toBe(400)
      expect(response.json<ApiError>().message).toMatch(/^body\.school\.city: /)
    }
  })

  it('refuses a CR/LF in a display name under the field', async () => {
    const response = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/auth/signup',
      payload: {
        username: 'crlf-school',
        password: 'a-long-unguessable-passphrase',
        displayName: '王老师\r\n管理员',
        school,
      },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json<ApiError>().issues).toContainEqual({
      path: 'body.displayName',
      message: expect.stringContaining('must be one line'),
    })
  })
})

describe('sync push with broken text', () => {
  it('rejects only the record with a lone surrogate, and stores the good ones around it', async () => {
    const records = [activity('地球日讲座'), activity('X'), activity('防灾减灾周展览')]
    const body = JSON.stringify({ deviceId: 'device-text-safety-1', records }).replace(
      '"title":"X"',
      '"title":"坏\\ud800字"',
    )
    const response = await rawJson(staff, '/api/sync/push', body)
    expect(response.statusCode, response.body).toBe(200)
    const acks = response.json<{ acks: PushAck[] }>().acks
    expect(acks.map((a) => a.status)).toEqual(['accepted', 'rejected', 'accepted'])
    expect(acks[1]).toMatchObject({
      id: records[1]!.id,
      reason: expect.stringMatching(/^payload\.title: .*lone surrogate U\+D800/),
    })
    const pulled = (await staff.request({ url: `/api/sync/pull?baseId=${A}` })).json<PullResponse>()
    const ids = pulled.records.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining([records[0]!.id, records[2]!.id]))
    expect(ids).not.toContain(records[1]!.id)
  })

  it('rejects a record with a NUL as its own ack too', async () => {
    const records = [activity('开放日'), activity('X')]
    const body = JSON.stringify({ deviceId: 'device-text-safety-2', records }).replace(
      '"title":"X"',
      '"title":"a\\u0000b"',
    )
    const acks = (await rawJson(staff, '/api/sync/push', body)).json<{ acks: PushAck[] }>().acks
    expect(acks.map((a) => [a.status, a.reason?.split(':')[0]])).toEqual([
      ['accepted', undefined],
      ['rejected', 'payload.title'],
    ])
  })

  it('still refuses broken text outside the records with a 400 naming the field', async () => {
    const body = JSON.stringify({ deviceId: 'X', records: [activity('讲座')] }).replace(
      '"deviceId":"X"',
      '"deviceId":"device-\\ud800-1"',
    )
    const response = await rawJson(staff, '/api/sync/push', body)
    expect(response.statusCode).toBe(400)
    expect(response.json<ApiError>().message).toMatch(/^body\.deviceId: /)
  })

  it('rejects an event whose title carries CR/LF, so no calendar file gets an extra VEVENT', async () => {
    const hostile = event('Talk\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@example.com\r\nSUMMARY:Prize')
    const fine = event('地球日; 讲座, 第\\1场')
    const response = await staff.request({
      method: 'POST',
      url: '/api/sync/push',
      payload: { deviceId: 'device-text-safety-3', records: [hostile, fine] },
    })
    const acks = response.json<{ acks: PushAck[] }>().acks
    expect(acks.map((a) => a.status)).toEqual(['rejected', 'accepted'])
    expect(acks[0]!.reason).toMatch(/^payload\.title: .*must be one line/)
    expect((await new TestClient(t.app).request({ url: `/api/events/${hostile.id}.ics` })).statusCode).toBe(404)

    const ics = await new TestClient(t.app).request({ url: `/api/events/${fine.id}.ics` })
    expect(ics.statusCode).toBe(200)
    const calendar = new ICAL.Component(ICAL.parse(ics.body))
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1)
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('summary')).toBe('地球日; 讲座, 第\\1场')
    expect(ics.body).toContain('X-WR-CALNAME:地球日\\; 讲座\\, 第\\\\1场\r\n')
  })
})

describe('CAP import with text XML forbids', () => {
  const alert = (headline: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'>
  <identifier>TEXT-SAFETY-1</identifier><sender>ops@example.cn</sender><sent>2026-07-12T08:00:00+08:00</sent>
  <status>Exercise</status><msgType>Alert</msgType><scope>Public</scope>${extra}
  <info><language>zh-CN</language><category>Geo</category><event>演练</event><urgency>Future</urgency><severity>Minor</severity>
    <certainty>Possible</certainty><headline>${headline}</headline>
    <area><areaDesc>北京市</areaDesc><geocode><valueName>GB/T 2260</valueName><value>110000</value></geocode></area></info>
</alert>`
  const importCap = (xml: string) =>
    admin.request({
      method: 'POST',
      url: '/api/notices/cap',
      headers: { 'content-type': 'application/cap+xml' },
      payload: xml,
    })

  it('refuses a raw NUL with a 400 naming where it is', async () => {
    const response = await importCap(alert('演练\u0000通知'))
    expect(response.statusCode, response.body).toBe(400)
    expect(response.body).toMatch(/line 6, column \d+.*U\+0000/)
  })

  it('refuses 36,000 nested elements with a 400, before parsing', async () => {
    const response = await importCap(alert('演练', `${'<x>'.repeat(36_000)}${'</x>'.repeat(36_000)}`))
    expect(response.statusCode, response.body).toBe(400)
    expect(response.body).toContain('nested deeper than 32')
  })

  it('accepts an alert declaring the namespace in single quotes', async () => {
    const response = await importCap(alert('演练通知'))
    expect(response.statusCode, response.body).toBe(201)
  })
})
