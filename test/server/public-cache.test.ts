import { readFileSync } from 'node:fs'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { eq } from 'drizzle-orm'
import { buildApp } from '../../src/server/app.ts'
import { FALLBACK_MS } from '../../src/server/cache/data-versions.ts'
import { bases } from '../../src/server/db/schema.ts'
import { seedBases } from '../../src/server/db/seed.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { NoticeInput, PushAck } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TEST_DB, testContent, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * Public reads come from a cache keyed by the data's version (issue 22). These tests prove the
 * two things that make such a cache safe: every write path changes the next read, on this
 * instance and on a second one sharing the database; and a client that has the body gets a 304.
 */

const A = 'geological-museum-of-china'
const day = addDays(todayInChina(), 12)
const eventId = uuidv7()
const warning: NoticeInput = {
  event: '地质灾害气象风险预警',
  headline: '缓存测试：滑坡黄色预警',
  level: 'yellow',
  hazards: ['landslide'],
  instruction: '远离陡坡。',
  area: { description: '北京市', provinces: ['110000'] },
  expires: '2099-01-01T00:00:00+08:00',
}

let t: TestApp
/** A second API instance on the same database, with its own cache: what a load balancer spreads over. */
let other: FastifyInstance
let staff: TestClient
let admin: TestClient

const eventRecord = (version: number, payload: Record<string, unknown>) => ({
  id: eventId,
  kind: 'event',
  baseId: A,
  baseVersion: version,
  payload: {
    title: '缓存测试讲座',
    description: '',
    place: '报告厅',
    themeDayId: null,
    audience: 'public',
    capacity: null,
    registrationRequired: false,
    cancelled: false,
    start: `${day}T09:00:00+08:00`,
    end: `${day}T10:00:00+08:00`,
    ...payload,
  },
})
async function push(records: unknown[]): Promise<PushAck[]> {
  const response = await staff.request({
    method: 'POST',
    url: '/api/sync/push',
    payload: { deviceId: 'cache-device', records },
  })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ acks: PushAck[] }>().acks
}

beforeAll(async () => {
  t = await buildTestApp()
  other = await buildApp(t.config, { db: t.database.db, content: await testContent() })
  await other.ready()
  const s = await seedAccount(t, 'cache-staff', 'base_staff', { baseId: A })
  const a = await seedAccount(t, 'cache-admin', 'admin')
  staff = new TestClient(t.app)
  admin = new TestClient(t.app)
  expect((await staff.login('cache-staff', s.password)).statusCode).toBe(200)
  expect((await admin.login('cache-admin', a.password)).statusCode).toBe(200)
  expect((await push([eventRecord(0, {})]))[0]!.status).toBe('accepted')
})
afterAll(async () => {
  await other.close()
  await t.close()
})

const PUBLIC_READS = () => [
  '/api/bases.geojson',
  `/api/bases/${A}`,
  '/api/events',
  `/api/events/${eventId}`,
  `/api/events/${eventId}.ics`,
  '/api/calendar.ics',
  '/api/notices',
  '/api/designations',
]

describe(`public reads are cached with validators (${TEST_DB})`, () => {
  it.each(PUBLIC_READS())(
    '%s: ETag, CDN-fit Cache-Control, 304 on If-None-Match, same body in every encoding',
    async (url) => {
      const plain = await t.app.inject({ url })
      expect(plain.statusCode, plain.body).toBe(200)
      const etag = plain.headers.etag as string
      expect(etag).toMatch(/^"[\w-]{27}"$/)
      expect(plain.headers['cache-control']).toMatch(/^public, max-age=\d+/)
      expect(plain.headers.vary).toBe('Accept-Encoding')
      expect(plain.headers['content-encoding']).toBeUndefined()

      const again = await t.app.inject({ url, headers: { 'if-none-match': etag } })
      expect(again.statusCode).toBe(304)
      expect(again.body).toBe('')
      // Another instance builds the same bytes, so its ETag matches the first one's.
      expect((await other.inject({ url, headers: { 'if-none-match': `W/${etag}` } })).statusCode).toBe(304)

      const br = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } })
      expect(br.headers['content-encoding']).toBe('br')
      expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body)
      const gzip = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, br;q=0' } })
      expect(gzip.headers['content-encoding']).toBe('gzip')
      expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body)
      expect(Number(gzip.headers['content-length'])).toBe(gzip.rawPayload.length)
    },
  )

  it('does not cache a 404 as a body', async () => {
    const missing = await t.app.inject({ url: `/api/events/${uuidv7()}` })
    expect(missing.statusCode).toBe(404)
    expect(missing.headers.etag).toBeUndefined()
  })
})

/** Reads `url` on both instances first (so both have it cached), runs `write`, then expects both to serve the new body. */
async function expectChange(
  url: string,
  write: () => Promise<void>,
  check: (body: string) => void,
  { outsideRequest = false } = {},
): Promise<void> {
  const before = [await t.app.inject({ url }), await other.inject({ url })]
  for (const r of before) expect(r.statusCode, r.body).toBe(200)
  await write()
  for (const instance of [t.app, other]) {
    const read = () => instance.inject({ url, headers: { 'if-none-match': before[0]!.headers.etag as string } })
    // The writer knows at once. The other instance hears the writer's NOTIFY on its own connection,
    // which a loaded host may read a few ms after the writer's answer: it gets half the fallback
    // interval, so only the notification (never the FALLBACK_MS re-read) can pass this. A write
    // outside a request (the content import) only notifies: instances hear it a moment later.
    const wait = outsideRequest ? FALLBACK_MS + 500 : instance === t.app ? 0 : FALLBACK_MS / 2
    if (wait > 0) await expect.poll(async () => (await read()).statusCode, { timeout: wait }).toBe(200)
    const after = await read()
    expect(after.statusCode, `${url} after the write`).toBe(200)
    check(after.body)
  }
}

describe(`every write path changes the next read, on both instances (${TEST_DB})`, () => {
  /** The event's version on the server: each edit sends the version it was made from. */
  let version = 1
  const editEvent = async (payload: Record<string, unknown>) => {
    expect((await push([eventRecord(version, payload)]))[0]!.status).toBe('accepted')
    version++
  }

  it.each(['/api/events', `/api/events/${eventId}`, `/api/events/${eventId}.ics`, '/api/calendar.ics'])(
    'an edited event: %s',
    async (url) => {
      const title = `缓存测试讲座（第 ${version} 次修改）`
      await expectChange(
        url,
        () => editEvent({ title }),
        (body) => expect(body).toContain(title),
      )
    },
  )

  it('a new event appears in the list and the feed', async () => {
    const id = uuidv7()
    await expectChange(
      '/api/events',
      async () => {
        expect((await push([{ ...eventRecord(0, { title: '新增讲座' }), id }]))[0]!.status).toBe('accepted')
      },
      (body) => expect(body).toContain('新增讲座'),
    )
    await expectChange(
      '/api/calendar.ics?years=2',
      async () => {
        expect((await push([{ ...eventRecord(0, { title: '又一场讲座' }), id: uuidv7() }]))[0]!.status).toBe('accepted')
      },
      (body) => expect(body).toContain('又一场讲座'),
    )
  })

  it('a cancelled event leaves the list and its page', async () => {
    await expectChange(
      '/api/events',
      async () => {
        await editEvent({ cancelled: true })
      },
      (body) => expect(body).not.toContain(eventId),
    )
    expect((await other.inject({ url: `/api/events/${eventId}` })).statusCode).toBe(404)
  })

  it('a notice issued by the form, its update, then one imported as CAP', async () => {
    let firstId = ''
    await expectChange(
      '/api/notices',
      async () => {
        const created = await admin.request({ method: 'POST', url: '/api/notices', payload: warning })
        expect(created.statusCode, created.body).toBe(201)
        firstId = created.json<{ notice: { id: string } }>().notice.id
      },
      (body) => expect(body).toContain('缓存测试：滑坡黄色预警'),
    )
    const first = (await t.app.inject({ url: `/api/notices/${firstId}` })).json<{
      sender: string
      identifier: string
      sent: string
    }>()
    await expectChange(
      '/api/notices?provinces=110000',
      async () => {
        const update = await admin.request({
          method: 'POST',
          url: '/api/notices',
          payload: {
            ...warning,
            msgType: 'Update',
            headline: '缓存测试：预警升级为橙色',
            level: 'orange',
            references: [{ sender: first.sender, identifier: first.identifier, sent: first.sent }],
          },
        })
        expect(update.statusCode, update.body).toBe(201)
      },
      (body) => expect(body).toContain('预警升级为橙色'),
    )
    await expectChange(
      '/api/notices',
      async () => {
        const xml = readFileSync(new URL('../fixtures/cap/alert.xml', import.meta.url), 'utf8')
        const imported = await admin.request({
          method: 'POST',
          url: '/api/notices/cap',
          headers: { 'content-type': 'application/cap+xml' },
          payload: xml,
        })
        expect(imported.statusCode, imported.body).toBe(201)
      },
      (body) => expect(body).toContain('湘西州地质灾害橙色预警'),
    )
  })

  it('a base changed by the content import', async () => {
    const content = await testContent()
    for (const [n, url] of ['/api/bases.geojson', `/api/bases/${A}`].entries()) {
      const renamed = content.bases.map((b) =>
        b.id === A ? { ...b, name: { ...b.name, zh: `${b.name.zh}（缓存测试 ${n}）` } } : b,
      )
      await expectChange(
        url,
        () => seedBases(t.database.db, renamed),
        (body) => expect(body).toContain(`（缓存测试 ${n}）`),
        { outsideRequest: true },
      )
    }
    // A base dropped from the content is unlisted: it leaves the map data too.
    await expectChange(
      '/api/bases.geojson',
      () =>
        seedBases(
          t.database.db,
          content.bases.filter((b) => b.id !== A),
        ),
      (body) => expect(body).not.toContain(`"${A}"`),
      { outsideRequest: true },
    )
    await seedBases(t.database.db, content.bases)
  })
})

describe(`a change no instance was told about (${TEST_DB})`, () => {
  it(`is served within ${FALLBACK_MS} ms all the same`, async () => {
    const url = `/api/bases/${A}`
    expect((await t.app.inject({ url })).statusCode).toBe(200)
    // Written straight to the database, with no notification: a script, or a lost listener connection.
    const [row] = await t.database.db.select({ data: bases.data }).from(bases).where(eq(bases.id, A))
    await t.database.db
      .update(bases)
      .set({ data: { ...row!.data, name: { ...row!.data.name, zh: '未通知的改名' } }, updatedAt: new Date() })
      .where(eq(bases.id, A))
    await new Promise((resolve) => setTimeout(resolve, FALLBACK_MS + 50))
    expect((await t.app.inject({ url })).body).toContain('未通知的改名')
    expect((await other.inject({ url })).body).toContain('未通知的改名')
  })
})
