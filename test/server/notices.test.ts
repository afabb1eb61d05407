import { readFileSync } from 'node:fs'
import { createECDH, randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import webpush from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCapXml } from '../../src/server/cap/cap-xml.ts'
import { ConfigError, loadConfig } from '../../src/server/config.ts'
import { pushDeliveries, pushSubscriptions } from '../../src/server/db/schema.ts'
import { noticeThreads } from '../../src/shared/domain/notice-targeting.ts'
import { HISTORY_DAYS, listNotices } from '../../src/server/services/notice-service.ts'
import type {
  ApiError,
  Notice,
  NoticeCreated,
  NoticeInput,
  NoticesResponse,
  PushDeliveriesResponse,
} from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

const sample = (name: string) => readFileSync(new URL(`../fixtures/cap/${name}.xml`, import.meta.url), 'utf8')
const HUNAN = '430000'
const BEIJING = '110000'

const landslideWarning: NoticeInput = {
  event: '地质灾害气象风险预警',
  headline: '湘西州滑坡黄色预警',
  level: 'yellow',
  hazards: ['landslide'],
  instruction: '远离陡坡，发现裂缝立即撤离。',
  area: { description: '湖南省湘西州', provinces: [HUNAN] },
  expires: '2099-01-01T00:00:00+08:00',
}

let t: TestApp
let admin: TestClient
let staff: TestClient
let visitor: TestClient

beforeAll(async () => {
  t = await buildTestApp()
  const a = await seedAccount(t, 'notice-admin', 'admin')
  const s = await seedAccount(t, 'notice-staff', 'base_staff', { baseId: 'hunan-geo-museum' })
  admin = new TestClient(t.app)
  staff = new TestClient(t.app)
  visitor = new TestClient(t.app)
  expect((await admin.login('notice-admin', a.password)).statusCode).toBe(200)
  expect((await staff.login('notice-staff', s.password)).statusCode).toBe(200)
})
afterAll(async () => {
  await t?.close()
})

const importCap = (client: TestClient, xml: string, type = 'application/cap+xml') =>
  client.request({ method: 'POST', url: '/api/notices/cap', headers: { 'content-type': type }, payload: xml })

async function exportCap(id: string): Promise<string> {
  const response = await visitor.request({ url: `/api/notices/${id}/cap.xml` })
  expect(response.statusCode, response.body).toBe(200)
  expect(response.headers['content-type']).toBe('application/cap+xml; charset=utf-8')
  return response.body
}

describe('who may issue notices', () => {
  it('lets only admins write: visitors are asked to sign in, staff are refused', async () => {
    expect((await visitor.request({ method: 'POST', url: '/api/notices', payload: landslideWarning })).statusCode).toBe(
      401,
    )
    expect((await staff.request({ method: 'POST', url: '/api/notices', payload: landslideWarning })).statusCode).toBe(
      403,
    )
    expect((await importCap(staff, sample('alert'))).statusCode).toBe(403)
    expect((await visitor.request({ url: '/api/notices' })).statusCode).toBe(200)
  })
})

describe('CAP 1.2 import and export', () => {
  const ids: Record<string, string> = {}

  it.each(['alert', 'update', 'cancel', 'rumour'])(
    'round-trips the %s sample: import → store → export → import gives the same alert',
    async (name) => {
      const original = parseCapXml(sample(name))
      const response = await importCap(admin, sample(name))
      expect(response.statusCode, response.body).toBe(201)
      const created = response.json<NoticeCreated>()
      expect(created.push.state).toBe('off')
      ids[name] = created.notice.id
      const exported = await exportCap(created.notice.id)
      expect(exported).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">')
      expect(parseCapXml(exported)).toEqual(original)
      // Stored as read: the API serves the same fields.
      const { id: _id, receivedAt: _r, ...served } = created.notice
      expect(served).toEqual(original)
    },
  )

  it('keeps what CAP readers need: the level, hazards, province codes and references', () => {
    const update = parseCapXml(sample('update'))
    expect(update.level).toBe('red') // no ZK-LEVEL: taken from severity Extreme, as China's colours follow it
    expect(update.references).toEqual([
      { sender: 'hunan-geo@example.gov.cn', identifier: 'HN-GEO-2026-0712-01', sent: '2026-07-12T08:00:00+08:00' },
    ])
    const alert = parseCapXml(sample('alert'))
    expect(alert).toMatchObject({
      level: 'orange',
      hazards: ['landslide', 'debris-flow'],
      instruction: expect.stringContaining('& 报告村委会'),
    })
    expect(alert.area).toEqual({
      description: '湖南省湘西土家族苗族自治州山区',
      provinces: [HUNAN],
      polygons: [
        [
          [28, 109.2],
          [28.9, 109.2],
          [28.9, 110.1],
          [28, 110.1],
          [28, 109.2],
        ],
      ],
      circles: [{ lat: 28.31, lon: 109.74, radiusKm: 25 }],
    })
    expect(parseCapXml(sample('rumour'))).toMatchObject({
      kind: 'rumour',
      rumour: { claim: expect.stringContaining('七级'), facts: expect.stringContaining('无法') },
    })
  })

  it('folds the chain: the update replaced the alert, the cancel withdrew it, so it is history', async () => {
    const list = (await visitor.request({ url: `/api/notices?provinces=${HUNAN}` })).json<NoticesResponse>().notices
    const chain = list.filter((n) => n.sender === 'hunan-geo@example.gov.cn')
    expect(chain.map((n) => n.msgType).sort()).toEqual(['Alert', 'Cancel', 'Update'])
    const { current, history } = noticeThreads(chain, new Date('2026-07-20T00:00:00Z'))
    expect(current).toEqual([])
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({ state: 'cancelled', latest: { identifier: 'HN-GEO-2026-0712-03' } })
    expect(history[0]!.earlier.map((n) => n.identifier)).toEqual(['HN-GEO-2026-0712-02', 'HN-GEO-2026-0712-01'])
  })

  it('refuses the same alert twice (CAP identifiers are unique per sender)', async () => {
    const response = await importCap(admin, sample('alert'))
    expect(response.statusCode).toBe(409)
  })

  it('refuses an Update of a notice it does not hold, and an Update without references', async () => {
    const orphan = sample('update')
      .replaceAll('HN-GEO-2026-0712-02', 'HN-GEO-ORPHAN')
      .replace('HN-GEO-2026-0712-01', 'HN-GEO-NEVER-SENT')
    const response = await importCap(admin, orphan)
    expect(response.statusCode).toBe(400)
    expect(response.json<ApiError>().message).toContain('no notice "HN-GEO-NEVER-SENT"')
    const bare = await admin.request({
      method: 'POST',
      url: '/api/notices',
      payload: { ...landslideWarning, msgType: 'Update' },
    })
    expect(bare.statusCode).toBe(400)
    expect(bare.json<ApiError>().issues).toContainEqual(expect.objectContaining({ path: 'body.references' }))
  })

  it('answers 404 for an unknown notice, as JSON and as CAP', async () => {
    const id = '00000000-0000-4000-8000-000000000000'
    expect((await visitor.request({ url: `/api/notices/${id}` })).statusCode).toBe(404)
    expect((await visitor.request({ url: `/api/notices/${id}/cap.xml` })).statusCode).toBe(404)
  })
})

describe('hostile and malformed CAP documents', () => {
  const rejected = async (xml: string, status = 400) => {
    const response = await importCap(admin, xml)
    expect(response.statusCode, response.body).toBe(status)
    return response.json<ApiError>()
  }

  it('refuses an external entity (XXE) without reading the file', async () => {
    const xxe = sample('alert')
      .replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?>\n<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      )
      .replace('湘西州地质灾害橙色预警', '&xxe;')
    const body = await rejected(xxe)
    expect(body.issues).toEqual([{ path: '(document)', message: expect.stringContaining('DOCTYPE') }])
    expect(JSON.stringify(body)).not.toContain('root:')
  })

  it('refuses a billion-laughs document at once', async () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('')
    const bomb = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY l0 "lol">${entities}]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&l9;</identifier></alert>`
    const started = performance.now()
    const body = await rejected(bomb)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(body.message).toContain('DOCTYPE')
  })

  it('refuses an oversized document with 413', async () => {
    const huge = sample('alert').replace('<description>', `<description>${'很'.repeat(100_000)}`)
    const body = await rejected(huge, 413)
    expect(body.message).toContain('larger than 256 KB')
  })

  it('says where malformed XML breaks', async () => {
    const body = await rejected('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</sender></alert>')
    expect(body.issues?.[0]?.path).toMatch(/^\(line 1, column \d+\)$/)
  })

  it('lists every invalid element by its CAP path', async () => {
    const bad = sample('alert')
      .replace('<status>Actual</status>', '<status>Maybe</status>')
      .replace('<urgency>Expected</urgency>', '')
      .replace('<value>430000</value>', '<value>999999</value>')
      .replace('<value>orange</value>', '<value>purple</value>')
      .replace('28.0,109.2 28.9,109.2 28.9,110.1 28.0,110.1 28.0,109.2', '28.0,109.2 28.9,109.2')
    const body = await rejected(bad)
    expect([...new Set(body.issues?.map((i) => i.path))].sort()).toEqual([
      'alert/info/area/geocode[GB/T 2260][1]',
      'alert/info/area/polygon[1]',
      'alert/info/parameter[ZK-LEVEL]',
      'alert/info/urgency',
      'alert/status',
    ])
    expect(body.issues).toContainEqual({ path: 'alert/info/urgency', message: 'required element is missing' })
  })

  it('refuses other content types and other roots', async () => {
    expect((await importCap(admin, sample('alert'), 'text/plain')).statusCode).toBe(415)
    const body = await rejected('<feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    expect(body.issues).toEqual([{ path: 'alert', message: 'the root element must be <alert>' }])
  })
})

describe('issuing from the admin form (JSON)', () => {
  let first: Notice

  it('issues a notice with identifier, sender and time, and serves it to the provinces it names', async () => {
    const response = await admin.request({ method: 'POST', url: '/api/notices', payload: landslideWarning })
    expect(response.statusCode, response.body).toBe(201)
    first = response.json<NoticeCreated>().notice
    expect(first).toMatchObject({
      msgType: 'Alert',
      sender: 'notices@ziran-kepu.cn',
      identifier: expect.stringMatching(/^zk-/),
      sent: expect.stringMatching(/\+08:00$/),
      kind: 'alert',
    })
    const hunan = (await visitor.request({ url: `/api/notices?provinces=${HUNAN}` })).json<NoticesResponse>().notices
    expect(hunan.map((n) => n.id)).toContain(first.id)
    const beijing = (await visitor.request({ url: `/api/notices?provinces=${BEIJING}` })).json<NoticesResponse>()
      .notices
    expect(beijing.map((n) => n.id)).not.toContain(first.id)
  })

  it('updates it with a new message that replaces it, and cancels it', async () => {
    const ref = { sender: first.sender, identifier: first.identifier, sent: first.sent }
    const update = await admin.request({
      method: 'POST',
      url: '/api/notices',
      payload: {
        ...landslideWarning,
        msgType: 'Update',
        references: [ref],
        level: 'red',
        headline: '湘西州滑坡红色预警',
      },
    })
    expect(update.statusCode, update.body).toBe(201)
    const updated = update.json<NoticeCreated>().notice
    const list = (await visitor.request({ url: `/api/notices?provinces=${HUNAN}` })).json<NoticesResponse>().notices
    const { current } = noticeThreads(list, new Date())
    expect(current.map((c) => c.latest.headline)).toEqual(['湘西州滑坡红色预警'])
    const cancel = await admin.request({
      method: 'POST',
      url: '/api/notices',
      payload: {
        ...landslideWarning,
        msgType: 'Cancel',
        level: null,
        headline: '湘西州滑坡预警解除',
        references: [{ sender: updated.sender, identifier: updated.identifier, sent: updated.sent }],
      },
    })
    expect(cancel.statusCode, cancel.body).toBe(201)
    const after = (await visitor.request({ url: `/api/notices?provinces=${HUNAN}` })).json<NoticesResponse>().notices
    expect(noticeThreads(after, new Date()).current).toEqual([])
  })

  it('keeps an ended chain as history for 30 days, then leaves it out; a standing open-ended alert stays', async () => {
    const open = (
      await admin.request({
        method: 'POST',
        url: '/api/notices',
        payload: { ...landslideWarning, expires: null, headline: '长期有效的提示' },
      })
    ).json<NoticeCreated>().notice
    const ended = (
      await admin.request({
        method: 'POST',
        url: '/api/notices',
        payload: { ...landslideWarning, expires: null, headline: '将被解除的提示' },
      })
    ).json<NoticeCreated>().notice
    const cancel = (
      await admin.request({
        method: 'POST',
        url: '/api/notices',
        payload: {
          ...landslideWarning,
          msgType: 'Cancel',
          level: null,
          headline: '提示解除',
          references: [{ sender: ended.sender, identifier: ended.identifier, sent: ended.sent }],
        },
      })
    ).json<NoticeCreated>().notice
    const ids = async (days: number) =>
      (await listNotices(t.database.db, {}, new Date(Date.now() + days * 86_400_000))).map((x) => x.id)
    expect(await ids(HISTORY_DAYS - 1)).toEqual(expect.arrayContaining([open.id, ended.id, cancel.id]))
    const later = await ids(HISTORY_DAYS + 1)
    expect(later).toContain(open.id)
    expect(later).not.toContain(ended.id)
    expect(later).not.toContain(cancel.id)
  })

  it('explains every invalid field of a form at once', async () => {
    const response = await admin.request({
      method: 'POST',
      url: '/api/notices',
      payload: { event: '', headline: '', area: { description: '', provinces: ['12'] } },
    })
    expect(response.statusCode).toBe(400)
    const paths = response.json<ApiError>().issues?.map((i) => i.path) ?? []
    expect(paths).toEqual(
      expect.arrayContaining(['body.event', 'body.headline', 'body.area.description', 'body.area.provinces.0']),
    )
  })

  it('answers the list with an ETag and a short shared cache, and 304 when unchanged', async () => {
    const first = await visitor.request({ url: '/api/notices' })
    expect(first.headers['cache-control']).toBe('public, max-age=30, stale-while-revalidate=30')
    const etag = String(first.headers.etag)
    const again = await visitor.request({ url: '/api/notices', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('says push is off when the server has no VAPID keys', async () => {
    expect((await visitor.request({ url: '/api/push/key' })).json()).toEqual({ enabled: false, publicKey: null })
    const subscribe = await visitor.request({
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: {
        endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
        keys: { p256dh: 'x'.repeat(40), auth: 'y'.repeat(16) },
        provinces: [HUNAN],
      },
    })
    expect(subscribe.statusCode).toBe(503)
  })
})

/** A stand-in push service on localhost: answers each endpoint path with the status it was told. */
async function startPushService(statusByPath: Record<string, number>) {
  const received: { path: string; headers: IncomingHttpHeaders; bytes: number }[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (c: Buffer) => chunks.push(c))
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, bytes: Buffer.concat(chunks).length })
      response.statusCode = statusByPath[request.url ?? ''] ?? 500
      response.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base: `http://${hostPort}`,
    hostPort,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function waitFor<T>(read: () => Promise<T | null>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== null) return value
    if (Date.now() > end) throw new Error('timed out waiting for push deliveries')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function browserKeys() {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }
}

describe('Web Push fan-out', () => {
  let p: TestApp
  let pushAdmin: TestClient
  let browser: TestClient
  let service: Awaited<ReturnType<typeof startPushService>>
  const vapid = webpush.generateVAPIDKeys()

  beforeAll(async () => {
    service = await startPushService({
      '/hunan-phone': 201,
      '/old-phone': 410,
      '/beijing-phone': 201,
      '/flaky-phone': 503,
    })
    // The stand-in push service is on localhost: only the test-only PUSH_ALLOW_HOSTS lets it in.
    p = await buildTestApp({
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@ziran-kepu.cn',
      PUSH_ALLOW_HOSTS: service.hostPort,
    })
    const a = await seedAccount(p, 'push-admin', 'admin')
    pushAdmin = new TestClient(p.app)
    browser = new TestClient(p.app)
    expect((await pushAdmin.login('push-admin', a.password)).statusCode).toBe(200)
  })
  afterAll(async () => {
    await p?.close()
    await service?.close()
  })

  it('gives browsers the public key', async () => {
    expect((await browser.request({ url: '/api/push/key' })).json()).toEqual({
      enabled: true,
      publicKey: vapid.publicKey,
    })
  })

  it('queues a notice for the subscriptions of its provinces, then records each result and drops the gone ones', async () => {
    const subscribe = (path: string, provinces: string[]) =>
      browser.request({
        method: 'POST',
        url: '/api/push/subscriptions',
        payload: { endpoint: `${service.base}${path}`, keys: browserKeys(), provinces },
      })
    for (const [path, provinces] of [
      ['/hunan-phone', [HUNAN, BEIJING]],
      ['/old-phone', [HUNAN]],
      ['/beijing-phone', [BEIJING]],
      ['/flaky-phone', [HUNAN]],
    ] as const) {
      expect((await subscribe(path, [...provinces])).statusCode).toBe(204)
    }
    const response = await pushAdmin.request({ method: 'POST', url: '/api/notices', payload: landslideWarning })
    expect(response.statusCode, response.body).toBe(201)
    const { notice, push } = response.json<NoticeCreated>()
    // Answered before any push service was asked: delivery runs from the job queue.
    expect(push).toEqual({ state: 'queued', queued: 3 })

    const settled = await waitFor(async () => {
      const rows = await p.database.db.select().from(pushDeliveries).where(eq(pushDeliveries.noticeId, notice.id))
      return rows.length >= 3 ? rows : null
    })
    // Only Hunan's subscribers were asked, each with an encrypted body signed with our VAPID key.
    expect([...new Set(service.received.map((r) => r.path))].sort()).toEqual([
      '/flaky-phone',
      '/hunan-phone',
      '/old-phone',
    ])
    for (const r of service.received) {
      expect(r.headers['content-encoding']).toBe('aes128gcm')
      expect(r.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`))
      expect(r.headers.ttl).toBe('86400')
      expect(r.bytes).toBeGreaterThan(100)
    }
    // The 503 is a first attempt, retried later by the queue.
    expect(settled.map((d) => [d.endpoint.replace(service.base, ''), d.result, d.statusCode]).sort()).toEqual([
      ['/flaky-phone', 'failed', 503],
      ['/hunan-phone', 'sent', 201],
      ['/old-phone', 'gone', 410],
    ])
    expect(settled.find((d) => d.result === 'failed')?.error).toMatch(/attempt 1 of 5, will retry/)
    const left = await p.database.db.select({ endpoint: pushSubscriptions.endpoint }).from(pushSubscriptions)
    expect(left.map((s) => s.endpoint.replace(service.base, '')).sort()).toEqual([
      '/beijing-phone',
      '/flaky-phone',
      '/hunan-phone',
    ])

    // Admins read the same results, without the endpoints (capability URLs).
    const report = await pushAdmin.request({ url: `/api/notices/${notice.id}/deliveries` })
    expect(report.statusCode, report.body).toBe(200)
    const body = report.json<PushDeliveriesResponse>()
    expect(body.totals).toEqual({ sent: 1, gone: 1, failed: 1 })
    expect(body.pending).toBe(1)
    expect(body.attempts.every((a) => a.host === service.hostPort)).toBe(true)
    expect(report.body).not.toContain('/hunan-phone')
  })

  it('changes the provinces of a subscription, and unsubscribes it', async () => {
    const endpoint = `${service.base}/hunan-phone`
    expect(
      (
        await browser.request({
          method: 'POST',
          url: '/api/push/subscriptions',
          payload: { endpoint, keys: browserKeys(), provinces: [BEIJING] },
        })
      ).statusCode,
    ).toBe(204)
    const [row] = await p.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint))
    expect(row?.provinces).toEqual([BEIJING])
    expect(
      (await browser.request({ method: 'DELETE', url: '/api/push/subscriptions', payload: { endpoint } })).statusCode,
    ).toBe(204)
    expect(
      (await browser.request({ method: 'DELETE', url: '/api/push/subscriptions', payload: { endpoint } })).statusCode,
    ).toBe(404)
  })
})

describe('push configuration', () => {
  it('is off without VAPID keys, on with all three, and names the missing ones when only some are set', () => {
    expect(loadConfig({}).vapid).toBeNull()
    const keys = webpush.generateVAPIDKeys()
    expect(
      loadConfig({
        VAPID_PUBLIC_KEY: keys.publicKey,
        VAPID_PRIVATE_KEY: keys.privateKey,
        VAPID_SUBJECT: 'mailto:ops@ziran-kepu.cn',
      }).vapid,
    ).toEqual({ publicKey: keys.publicKey, privateKey: keys.privateKey, subject: 'mailto:ops@ziran-kepu.cn' })
    const error = (() => {
      try {
        loadConfig({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_SUBJECT: 'ops' })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(/VAPID_SUBJECT="ops": a mailto: address or https: URL/)
    const partial = (() => {
      try {
        loadConfig({ VAPID_PUBLIC_KEY: keys.publicKey })
      } catch (e) {
        return e
      }
    })()
    expect((partial as Error).message).toMatch(/VAPID_PRIVATE_KEY="": set all three/)
    expect((partial as Error).message).toMatch(/VAPID_SUBJECT="": set all three/)
  })
})
