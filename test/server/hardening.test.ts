import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ICAL from 'ical.js'
import { v7 as uuidv7 } from 'uuid'
import { syncRecords } from '../../src/server/db/schema.ts'
import { EVENTS_LIST_MAX, EVENTS_PER_BASE_PER_MONTH } from '../../src/server/services/event-service.ts'
import { MAX_FAILURES } from '../../src/server/services/login-throttle.ts'
import { addRating, issueDeviceToken, RATINGS_PER_ADDRESS_PER_DAY } from '../../src/server/services/rating-service.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { Account, EventsResponse, PasswordResetResponse, PushAck } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TEST_DB, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * Issue 18's security review, one describe per finding that lives in the shared mechanisms (auth
 * plugin, sync push, login throttle, feeds, ratings, accounts). Each test failed on the code the
 * review ran against.
 */

const A = 'geological-museum-of-china'
const B = 'hunan-geo-museum'
let t: TestApp
let admin: TestClient
let staff: TestClient
let visitor: TestClient
let staffPassword: string

const day = (n: number) => addDays(todayInChina(), n)
const event = (id: string, start: string, end: string, extra: Record<string, unknown> = {}, baseId = A) => ({
  id,
  kind: 'event',
  baseId,
  baseVersion: 0,
  payload: { title: '开放日', start, end, ...extra },
})

async function push(client: TestClient, records: unknown[]): Promise<{ status: number; acks: PushAck[] }> {
  const response = await client.request({
    method: 'POST',
    url: '/api/sync/push',
    payload: { deviceId: 'device-hardening', records },
  })
  return {
    status: response.statusCode,
    acks: response.statusCode === 200 ? response.json<{ acks: PushAck[] }>().acks : [],
  }
}

beforeAll(async () => {
  t = await buildTestApp()
  const a = await seedAccount(t, 'hard-admin', 'admin')
  const s = await seedAccount(t, 'hard-staff', 'base_staff', { baseId: A })
  staffPassword = s.password
  admin = new TestClient(t.app, '10.18.0.1')
  staff = new TestClient(t.app, '10.18.0.2')
  visitor = new TestClient(t.app, '10.18.0.3')
  expect((await admin.login('hard-admin', a.password)).statusCode).toBe(200)
  expect((await staff.login('hard-staff', s.password)).statusCode).toBe(200)
}, 120_000)
afterAll(async () => {
  await t?.close()
})

describe(`1. event times PostgreSQL cannot hold (${TEST_DB})`, () => {
  it('rejects an offset such as +23:00 as one record, and the public calendar keeps answering', async () => {
    const good = uuidv7()
    const { status, acks } = await push(staff, [
      event(uuidv7(), `${day(3)}T09:00:00+23:00`, `${day(3)}T10:00:00+23:00`),
      event(good, `${day(3)}T09:00:00+08:00`, `${day(3)}T10:00:00+08:00`),
      event(uuidv7(), '0000-01-01T09:00:00+08:00', '0000-01-01T10:00:00+08:00'),
      {
        id: uuidv7(),
        kind: 'tally',
        baseId: A,
        payload: { audience: 'public', count: 1, at: '0000-01-01T09:00:00+08:00' },
      },
    ])
    expect(status).toBe(200)
    expect(acks.map((a) => a.status)).toEqual(['rejected', 'accepted', 'rejected', 'rejected'])
    expect(acks[0]!.reason).toContain('offset')
    expect(acks[2]!.reason).toContain('year')
    for (const url of ['/api/events', '/api/calendar.ics', `/api/events/${good}`, `/api/events/${good}.ics`]) {
      expect((await visitor.request({ url })).statusCode, url).toBe(200)
    }
  })

  it('stores another real offset as the same instant on China time', async () => {
    const id = uuidv7()
    const { acks } = await push(staff, [event(id, `${day(4)}T06:00:00+05:00`, `${day(4)}T07:30:00+05:00`)])
    expect(acks[0]!.status).toBe('accepted')
    const shown = (await visitor.request({ url: `/api/events/${id}` })).json<{ start: string; end: string }>()
    expect(shown).toMatchObject({ start: `${day(4)}T09:00:00+08:00`, end: `${day(4)}T10:30:00+08:00` })
  })

  it('leaves a bad event stored before the fix out of every read instead of failing them', async () => {
    // What an older server accepted: the offset is kept in the payload; no real times were derived.
    await t.database.db.insert(syncRecords).values({
      id: uuidv7(),
      kind: 'event',
      baseId: A,
      version: 1,
      deviceId: 'legacy',
      day: day(5),
      deleted: false,
      payload: {
        title: '旧数据',
        description: '',
        start: `${day(5)}T09:00:00+23:00`,
        end: `${day(5)}T10:00:00+23:00`,
        place: '',
        themeDayId: null,
        audience: 'school',
        capacity: 30,
        registrationRequired: true,
        cancelled: false,
      },
    })
    const teacherAccount = await seedAccount(t, 'hard-teacher', 'school')
    const teacher = new TestClient(t.app, '10.18.0.4')
    expect((await teacher.login('hard-teacher', teacherAccount.password)).statusCode).toBe(200)
    for (const [client, url] of [
      [visitor, '/api/events'],
      [visitor, '/api/calendar.ics'],
      [teacher, '/api/squadron-events'],
    ] as const) {
      const response = await client.request({ url })
      expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200)
      expect(response.body).not.toContain('旧数据')
    }
  })
})

describe('3. CSRF whatever the spelling of the path', () => {
  it('refuses a cross-site POST to /%61pi/… as it does to /api/…', async () => {
    for (const url of ['/%61pi/auth/logout', '/api/auth/logout', '/%61%70%69/auth/logout']) {
      const response = await staff.request({ method: 'POST', url, headers: { origin: 'https://evil.example' } })
      expect(response.statusCode, url).toBe(403)
    }
    // The session survived every attempt.
    expect(
      (await staff.request({ url: '/api/auth/session' })).json<{ account: Account | null }>().account?.username,
    ).toBe('hard-staff')
  })
})

describe('4. parallel wrong passwords', () => {
  it('lets at most the limit reach the password check; the rest are told to wait', async () => {
    await seedAccount(t, 'hard-target', 'school')
    const tries = await Promise.all(
      Array.from({ length: 10 }, () => new TestClient(t.app, '10.18.4.4').login('hard-target', 'wrong-password-guess')),
    )
    const codes = tries.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(MAX_FAILURES)
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(10 - MAX_FAILURES)
    expect(codes.every((c) => c === 401 || c === 429)).toBe(true)
  })
})

describe(`6. bounded public feeds (${TEST_DB})`, () => {
  it(`caps a base at ${EVENTS_PER_BASE_PER_MONTH} events a month, pages the events list, and the feed follows every write`, async () => {
    const other = await seedAccount(t, 'hard-staff-b', 'base_staff', { baseId: B })
    const staffB = new TestClient(t.app, '10.18.0.5')
    expect((await staffB.login('hard-staff-b', other.password)).statusCode).toBe(200)
    // Six months from the 1st of next month: a full month each.
    const [y, m] = todayInChina().split('-').map(Number) as [number, number]
    const monthStart = (k: number) => {
      const d = new Date(Date.UTC(y, m - 1 + k, 1))
      return d.toISOString().slice(0, 10)
    }
    const firstMonth = monthStart(1)
    const records = (month: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        event(uuidv7(), `${addDays(month, i % 27)}T09:00:00+08:00`, `${addDays(month, i % 27)}T10:00:00+08:00`, {}, B),
      )
    const first = await push(staffB, records(firstMonth, EVENTS_PER_BASE_PER_MONTH + 1))
    expect(first.acks.filter((a) => a.status === 'accepted')).toHaveLength(EVENTS_PER_BASE_PER_MONTH)
    expect(first.acks.at(-1)).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining(`at most ${EVENTS_PER_BASE_PER_MONTH} events a month`),
    })
    for (const k of [2, 3, 4, 5, 6])
      expect(
        (await push(staffB, records(monthStart(k), EVENTS_PER_BASE_PER_MONTH))).acks.every(
          (a) => a.status === 'accepted',
        ),
      ).toBe(true)

    const list = (
      await visitor.request({ url: `/api/events?baseId=${B}&from=${firstMonth}&to=${addDays(firstMonth, 220)}` })
    ).json<EventsResponse>()
    expect(list.events).toHaveLength(EVENTS_LIST_MAX)
    expect(list.more).toBe(true)

    const feed = await visitor.request({ url: `/api/calendar.ics?baseId=${B}&years=1` })
    expect(feed.statusCode).toBe(200)
    const etag = String(feed.headers.etag)
    expect(
      (await visitor.request({ url: `/api/calendar.ics?baseId=${B}&years=1`, headers: { 'if-none-match': etag } }))
        .statusCode,
    ).toBe(304)
    // A new event is in the next answer at once: the cached feed is keyed by the data's version.
    const late = uuidv7()
    expect(
      (
        await push(staffB, [
          event(late, `${day(1)}T15:00:00+08:00`, `${day(1)}T16:00:00+08:00`, { title: '新加的讲座' }, B),
        ])
      ).acks[0]!.status,
    ).toBe('accepted')
    const after = await visitor.request({
      url: `/api/calendar.ics?baseId=${B}&years=1`,
      headers: { 'if-none-match': etag },
    })
    expect(after.statusCode).toBe(200)
    const summaries = new ICAL.Component(ICAL.parse(after.body))
      .getAllSubcomponents('vevent')
      .map((v) => v.getFirstPropertyValue('summary'))
    expect(summaries).toContain('新加的讲座')
  }, 120_000)
})

describe(`7. ratings from server-issued device tokens, capped per address (${TEST_DB})`, () => {
  const token = async (ip: string) =>
    (await new TestClient(t.app, ip).request({ method: 'POST', url: '/api/ratings/device' })).json<{
      deviceToken: string
    }>().deviceToken
  const rate = (ip: string, deviceId: string) =>
    new TestClient(t.app, ip).request({
      method: 'POST',
      url: '/api/ratings',
      payload: { baseId: A, deviceId, score: 5 },
    })

  it('refuses a device id the client made up, and a forged token', async () => {
    expect((await rate('10.18.7.1', 'my-own-device-id-123')).statusCode).toBe(400)
    const real = await token('10.18.7.1')
    const forged = `${real.split('.')[0]}.${'A'.repeat(43)}`
    expect((await rate('10.18.7.1', forged)).statusCode).toBe(403)
    expect((await rate('10.18.7.1', real)).statusCode).toBe(201)
    expect((await rate('10.18.7.1', real)).statusCode).toBe(409)
  })

  it(`takes at most ${RATINGS_PER_ADDRESS_PER_DAY} ratings of one base a day from one address, whatever the tokens`, async () => {
    const ip = '10.18.7.2'
    for (let i = 0; i < RATINGS_PER_ADDRESS_PER_DAY; i++) {
      await addRating(
        t.database.db,
        { baseId: B, deviceId: await issueDeviceToken(t.database.db), score: 1, comment: '' },
        ip,
      )
    }
    const stuffed = await new TestClient(t.app, ip).request({
      method: 'POST',
      url: '/api/ratings',
      payload: { baseId: B, deviceId: await token(ip), score: 1 },
    })
    expect(stuffed.statusCode).toBe(429)
    expect(stuffed.json<{ message: string }>().message).toContain('this network')
    // Another base, or another address, is not affected.
    expect((await rate(ip, await token(ip))).statusCode).toBe(201)
    expect(
      (
        await new TestClient(t.app, '10.18.7.3').request({
          method: 'POST',
          url: '/api/ratings',
          payload: { baseId: B, deviceId: await token('10.18.7.3'), score: 1 },
        })
      ).statusCode,
    ).toBe(201)
  })
})

describe('7. behind a proxy (TRUST_PROXY=true) the client address counts', () => {
  it('caps by X-Forwarded-For, not by the proxy address every request shares', async () => {
    const proxied = await buildTestApp({ TRUST_PROXY: 'true' })
    try {
      const ip = '203.0.113.7'
      for (let i = 0; i < RATINGS_PER_ADDRESS_PER_DAY; i++) {
        await addRating(
          proxied.database.db,
          { baseId: A, deviceId: await issueDeviceToken(proxied.database.db), score: 2, comment: '' },
          ip,
        )
      }
      const send = async (forwarded: string) => {
        const issued = await new TestClient(proxied.app, '127.0.0.1').request({
          method: 'POST',
          url: '/api/ratings/device',
          headers: { 'x-forwarded-for': forwarded },
        })
        return new TestClient(proxied.app, '127.0.0.1').request({
          method: 'POST',
          url: '/api/ratings',
          headers: { 'x-forwarded-for': forwarded },
          payload: { baseId: A, deviceId: issued.json<{ deviceToken: string }>().deviceToken, score: 4 },
        })
      }
      expect((await send(ip)).statusCode).toBe(429)
      expect((await send('203.0.113.8')).statusCode).toBe(201)
    } finally {
      await proxied.close()
    }
  })
})

describe(`10. admins stop accounts (${TEST_DB})`, () => {
  it('finds accounts by search, rejects a school with a reason the teacher is told', async () => {
    const pending = await seedAccount(t, 'hard-pending-school', 'school', { status: 'pending' })
    const found = (await admin.request({ url: '/api/admin/accounts?q=PENDING-school' })).json<{ accounts: Account[] }>()
      .accounts
    expect(found.map((a) => a.username)).toEqual(['hard-pending-school'])
    const rejected = await admin.request({
      method: 'POST',
      url: `/api/admin/accounts/${pending.account.id}/reject`,
      payload: { reason: '学校信息无法核实' },
    })
    expect(rejected.statusCode, rejected.body).toBe(200)
    expect(rejected.json<{ account: Account }>().account).toMatchObject({
      status: 'rejected',
      statusReason: '学校信息无法核实',
    })
    const login = await new TestClient(t.app, '10.18.10.1').login('hard-pending-school', pending.password)
    expect(login.statusCode).toBe(403)
    expect(login.json<{ message: string }>().message).toContain('学校信息无法核实')
    expect(
      (await admin.request({ url: '/api/admin/accounts?status=rejected' }))
        .json<{ accounts: Account[] }>()
        .accounts.map((a) => a.username),
    ).toContain('hard-pending-school')
  })

  it('disables an account: its open session ends at once and it cannot sign in until enabled again', async () => {
    const { account, password } = await seedAccount(t, 'hard-leaver', 'base_staff', { baseId: A })
    const leaver = new TestClient(t.app, '10.18.10.2')
    expect((await leaver.login('hard-leaver', password)).statusCode).toBe(200)
    expect((await leaver.request({ url: `/api/sync/pull?baseId=${A}` })).statusCode).toBe(200)
    expect(
      (
        await admin.request({
          method: 'POST',
          url: `/api/admin/accounts/${account.id}/disable`,
          payload: { reason: '已调离' },
        })
      ).statusCode,
    ).toBe(200)
    expect((await leaver.request({ url: `/api/sync/pull?baseId=${A}` })).statusCode).toBe(401)
    expect((await new TestClient(t.app, '10.18.10.2').login('hard-leaver', password)).statusCode).toBe(403)
    expect((await admin.request({ method: 'POST', url: `/api/admin/accounts/${account.id}/enable` })).statusCode).toBe(
      200,
    )
    expect((await new TestClient(t.app, '10.18.10.2').login('hard-leaver', password)).statusCode).toBe(200)
  })

  it('resets a password to one shown once, ending every session; an admin cannot disable themselves', async () => {
    const staffId = (await staff.request({ url: '/api/auth/session' })).json<{ account: Account }>().account.id
    const reset = await admin.request({ method: 'POST', url: `/api/admin/accounts/${staffId}/password` })
    expect(reset.statusCode).toBe(200)
    const { temporaryPassword } = reset.json<PasswordResetResponse>()
    expect(temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)
    expect((await staff.request({ url: '/api/auth/session' })).json<{ account: Account | null }>().account).toBeNull()
    expect((await new TestClient(t.app, '10.18.10.3').login('hard-staff', staffPassword)).statusCode).toBe(401)
    expect((await staff.login('hard-staff', temporaryPassword)).statusCode).toBe(200)

    const adminId = (await admin.request({ url: '/api/auth/session' })).json<{ account: Account }>().account.id
    expect(
      (
        await admin.request({
          method: 'POST',
          url: `/api/admin/accounts/${adminId}/disable`,
          payload: { reason: '测试自己' },
        })
      ).statusCode,
    ).toBe(400)
    // Only admins may do any of this.
    expect(
      (
        await staff.request({
          method: 'POST',
          url: `/api/admin/accounts/${adminId}/disable`,
          payload: { reason: '越权' },
        })
      ).statusCode,
    ).toBe(403)
  })
})

describe('11. who is asking comes before what they sent', () => {
  it('answers 401 to an anonymous request with a bad query, and 403 to a wrong role', async () => {
    expect((await visitor.request({ url: '/api/sync/pull' })).statusCode).toBe(401)
    expect((await visitor.request({ url: '/api/stats/national?from=yesterday&granularity=eon' })).statusCode).toBe(401)
    expect(
      (await visitor.request({ method: 'POST', url: '/api/sync/push', payload: { nonsense: true } })).statusCode,
    ).toBe(401)
    expect((await staff.request({ url: '/api/stats/national?from=yesterday' })).statusCode).toBe(403)
    const body = (await visitor.request({ url: '/api/sync/pull?limit=-5' })).json<{ issues?: unknown }>()
    expect(body.issues).toBeUndefined()
  })
})
