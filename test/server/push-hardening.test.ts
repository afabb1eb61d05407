import { createECDH, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import webpush from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  pushEndpointProblem,
  pushSubscriptionInput,
  type ApiError,
  type NoticeCreated,
  type NoticeInput,
  type PushDeliveriesResponse,
} from '../../src/shared/index.ts'
import { buildRestartableApp, type RestartableApp } from './helpers/restartable-app.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * Issue 18, finding 2: anyone could subscribe any URL, which the server then POSTed to (SSRF),
 * without a limit, and issuing a notice waited for every push service to answer.
 */

const vapid = webpush.generateVAPIDKeys()
const PUSH_ON = {
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_PRIVATE_KEY: vapid.privateKey,
  VAPID_SUBJECT: 'mailto:ops@ziran-kepu.cn',
}
const HUNAN = '430000'
const warning: NoticeInput = {
  event: '地质灾害气象风险预警',
  headline: '湘西州滑坡黄色预警',
  level: 'yellow',
  hazards: ['landslide'],
  instruction: '远离陡坡。',
  area: { description: '湖南省湘西州', provinces: [HUNAN] },
  expires: '2099-01-01T00:00:00+08:00',
}

function browserKeys() {
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }
}

let addresses = 0
/** A browser on an address of its own, so per-address limits only count what a test means them to. */
const browserOn = (t: TestApp) => new TestClient(t.app, `198.51.100.${String(++addresses)}`)

const subscribe = (client: TestClient, endpoint: string) =>
  client.request({
    method: 'POST',
    url: '/api/push/subscriptions',
    payload: { endpoint, keys: browserKeys(), provinces: [HUNAN] },
  })

async function signedInAdmin(t: TestApp, name: string): Promise<TestClient> {
  const { password } = await seedAccount(t, name, 'admin')
  const admin = new TestClient(t.app)
  expect((await admin.login(name, password)).statusCode).toBe(200)
  return admin
}

async function publish(
  admin: TestClient,
  headline: string,
): Promise<{ id: string; push: NoticeCreated['push']; ms: number }> {
  const started = performance.now()
  const response = await admin.request({ method: 'POST', url: '/api/notices', payload: { ...warning, headline } })
  const ms = performance.now() - started
  expect(response.statusCode, response.body).toBe(201)
  const body = response.json<NoticeCreated>()
  return { id: body.notice.id, push: body.push, ms }
}

async function deliveries(admin: TestClient, id: string): Promise<PushDeliveriesResponse> {
  const response = await admin.request({ url: `/api/notices/${id}/deliveries` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<PushDeliveriesResponse>()
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 600)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * A stand-in push service on 127.0.0.1. `answer` decides each request: a status, or 'hang' (never
 * answer). It counts requests in flight to show the per-host limit.
 */
async function startPushService(answer: (path: string) => number | 'hang') {
  const received: string[] = []
  const sockets = new Set<Socket>()
  const held: ServerResponse[] = []
  let inFlight = 0
  let maxInFlight = 0
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    response.on('close', () => {
      inFlight -= 1
    })
    request.resume()
    request.on('end', () => {
      const path = request.url ?? ''
      received.push(path)
      const status = answer(path)
      if (status === 'hang') held.push(response)
      else response.writeHead(status).end()
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const hostPort = `127.0.0.1:${String((server.address() as AddressInfo).port)}`
  return {
    hostPort,
    base: `http://${hostPort}`,
    received,
    get inFlight() {
      return inFlight
    },
    get maxInFlight() {
      return maxInFlight
    },
    /** Drops every open connection: the waiting deliveries fail at once. */
    dropAll() {
      for (const s of sockets) s.destroy()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

describe('push endpoints', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await buildTestApp(PUSH_ON)
  })
  afterAll(async () => {
    await t?.close()
  })

  const refused: [string, string][] = [
    ['http://fcm.googleapis.com/fcm/send/abc', 'https'],
    ['https://127.0.0.1/push', 'IP'],
    ['https://127.8.9.10/push', 'IP'],
    ['https://2130706433/push', 'IP'],
    ['http://2130706433/push', 'https'],
    ['https://0x7f000001/push', 'IP'],
    ['https://0177.0.0.1/push', 'IP'],
    ['https://0.0.0.0/push', 'IP'],
    ['https://0/push', 'IP'],
    ['https://10.0.0.8/push', 'IP'],
    ['https://172.16.0.1/push', 'IP'],
    ['https://172.31.255.1/push', 'IP'],
    ['https://192.168.1.1/push', 'IP'],
    ['https://169.254.169.254/latest/meta-data', 'IP'],
    ['https://[::1]/push', 'IP'],
    ['https://[::]/push', 'IP'],
    ['https://[fc00::1]/push', 'IP'],
    ['https://[fd12:3456::1]/push', 'IP'],
    ['https://[fe80::1]/push', 'IP'],
    ['https://[::ffff:127.0.0.1]/push', 'IP'],
    ['https://[::ffff:7f00:1]/push', 'IP'],
    ['https://localhost/push', 'known push service'],
    ['https://push.example.cn/abc', 'known push service'],
    ['https://fcm.googleapis.com.evil.cn/fcm/send/abc', 'known push service'],
    ['https://evilfcm.googleapis.com/fcm/send/abc', 'known push service'],
    ['https://fcm.googleapis.com./fcm/send/abc', 'known push service'],
    ['https://push.apple.com/abc', 'known push service'],
    ['https://notapple.com/.push.apple.com', 'known push service'],
    ['https://fcm.googleapis.com:8443/fcm/send/abc', '443'],
    ['https://user:secret@fcm.googleapis.com/fcm/send/abc', 'user name'],
    ['https://fcm.googleapis.com@127.0.0.1/fcm/send/abc', 'user name'],
    ['file:///etc/passwd', 'https'],
    ['not a url', 'valid URL'],
  ]

  it.each(refused)('refuses %s with 400 naming the endpoint field', async (endpoint, reason) => {
    const response = await subscribe(browserOn(t), endpoint)
    expect(response.statusCode, response.body).toBe(400)
    const body = response.json<ApiError>()
    const issue = body.issues?.find((i) => i.path === 'body.endpoint')
    expect(issue, body.message).toBeDefined()
    expect(issue!.message).toContain(reason)
    // Bilingual, as the app's other messages: Chinese, then English.
    expect(issue!.message).toMatch(/[\u4e00-\u9fff].*\/ [a-z]/)
  })

  it.each([
    'https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b',
    'https://FCM.googleapis.com:443/fcm/send/upper-and-default-port',
    'https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk',
    'https://push.services.mozilla.com/wpush/v1/gAAAAABk',
    'https://web.push.apple.com/QGuQyavXutnMJnAP',
    'https://wns2-par02p.notify.windows.com/w/?token=BQYAAA',
  ])('accepts the push service endpoint %s', async (endpoint) => {
    const response = await subscribe(browserOn(t), endpoint)
    expect(response.statusCode, response.body).toBe(204)
  })

  it('gives browsers the same rule through the shared schema', () => {
    for (const [endpoint] of refused) expect(pushEndpointProblem(endpoint), endpoint).not.toBeNull()
    const parsed = pushSubscriptionInput.safeParse({
      endpoint: 'https://[::1]/x',
      keys: browserKeys(),
      provinces: [HUNAN],
    })
    expect(parsed.success).toBe(false)
    expect(pushEndpointProblem('https://fcm.googleapis.com/fcm/send/x')).toBeNull()
  })

  it('takes a local endpoint only when its exact host:port is in PUSH_ALLOW_HOSTS, which the browser schema ignores', async () => {
    const local = await buildTestApp({ ...PUSH_ON, PUSH_ALLOW_HOSTS: '127.0.0.1:45678' })
    try {
      expect((await subscribe(browserOn(local), 'http://127.0.0.1:45678/phone')).statusCode).toBe(204)
      expect((await subscribe(browserOn(local), 'http://127.0.0.1:45679/phone')).statusCode).toBe(400)
      expect((await subscribe(browserOn(local), 'http://127.0.0.1/phone')).statusCode).toBe(400)
      expect((await subscribe(browserOn(local), 'http://user:pw@127.0.0.1:45678/phone')).statusCode).toBe(400)
      expect(pushEndpointProblem('http://127.0.0.1:45678/phone')).not.toBeNull()
    } finally {
      await local.close()
    }
  })
})

describe('push subscription rate limit', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await buildTestApp(PUSH_ON)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers 429 after 10 subscriptions a minute from one address, and keeps serving other addresses', async () => {
    const browser = browserOn(t)
    for (let i = 0; i < 10; i++)
      expect((await subscribe(browser, `https://fcm.googleapis.com/fcm/send/rate-${String(i)}`)).statusCode).toBe(204)
    const limited = await subscribe(browser, 'https://fcm.googleapis.com/fcm/send/rate-10')
    expect(limited.statusCode).toBe(429)
    expect(limited.json<ApiError>().message).toMatch(/^推送订阅操作太频繁.* \/ too many push subscription changes/)
    expect(limited.headers['retry-after']).toBeDefined()
    expect((await subscribe(browserOn(t), 'https://fcm.googleapis.com/fcm/send/other-address')).statusCode).toBe(204)
  })

  it('limits unsubscribing the same way', async () => {
    const browser = browserOn(t)
    const unsubscribe = () =>
      browser.request({
        method: 'DELETE',
        url: '/api/push/subscriptions',
        payload: { endpoint: 'https://fcm.googleapis.com/fcm/send/never' },
      })
    for (let i = 0; i < 10; i++) expect((await unsubscribe()).statusCode).toBe(404)
    expect((await unsubscribe()).statusCode).toBe(429)
  })
})

describe('push delivery from the job queue', () => {
  let t: TestApp
  let admin: TestClient
  let hanging: Awaited<ReturnType<typeof startPushService>>
  let working: Awaited<ReturnType<typeof startPushService>>

  beforeAll(async () => {
    hanging = await startPushService(() => 'hang')
    working = await startPushService((path) =>
      path.startsWith('/gone') ? 410 : path.startsWith('/bad') ? 400 : path.startsWith('/moved') ? 307 : 201,
    )
    t = await buildTestApp({ ...PUSH_ON, PUSH_ALLOW_HOSTS: `${hanging.hostPort},${working.hostPort}` })
    admin = await signedInAdmin(t, 'queue-admin')
  })
  afterAll(async () => {
    await t?.close()
    await hanging?.close()
    await working?.close()
  })

  it('answers a publish at once while 24 push endpoints never answer, then records their failures for retry', async () => {
    for (let i = 0; i < 24; i++)
      expect((await subscribe(browserOn(t), `${hanging.base}/phone-${String(i)}`)).statusCode).toBe(204)
    const { id, push, ms } = await publish(admin, '无应答推送服务')
    expect(push).toEqual({ state: 'queued', queued: 24 })
    expect(ms).toBeLessThan(2000)

    // The workers are at it, at most 4 at once to the one host.
    await until(
      '4 deliveries in flight',
      () => Promise.resolve(hanging.inFlight),
      (n) => n === 4,
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(hanging.maxInFlight).toBe(4)
    expect((await deliveries(admin, id)).pending).toBe(24)

    // The host drops the connections: those attempts fail and wait for a retry.
    hanging.dropAll()
    const seen = await until(
      'failed attempts recorded',
      () => deliveries(admin, id),
      (d) => d.totals.failed >= 4,
    )
    expect(seen.totals.sent).toBe(0)
    for (const a of seen.attempts) {
      expect(a).toMatchObject({ result: 'failed', statusCode: null, host: hanging.hostPort })
      expect(a.error).toMatch(/attempt 1 of 5, will retry/)
    }
    expect(seen.pending).toBe(24) // nothing given up: retried later
    expect(hanging.maxInFlight).toBe(4)
  })

  it('records a delivery to a working endpoint as sent, drops a gone one, and does not retry a refusal or follow a redirect', async () => {
    for (const path of ['/phone', '/gone-phone', '/bad-phone', '/moved-phone'])
      expect((await subscribe(browserOn(t), `${working.base}${path}`)).statusCode).toBe(204)
    const { id, push } = await publish(admin, '可送达推送')
    // The 24 subscribers of the hanging host are still there, and get this notice too.
    expect(push).toEqual({ state: 'queued', queued: 28 })
    const done = await until(
      "the working host's four deliveries",
      () => deliveries(admin, id),
      (d) => d.attempts.filter((a) => a.host === working.hostPort).length === 4,
    )
    const byResult = done.attempts
      .filter((a) => a.host === working.hostPort)
      .map((a) => [a.result, a.statusCode])
      .sort()
    expect(byResult).toEqual([
      ['failed', 307],
      ['failed', 400],
      ['gone', 410],
      ['sent', 201],
    ])
    expect(done.attempts.find((a) => a.statusCode === 307)?.error).toMatch(/^refused to follow a redirect/)
    // One request each: a 400 or a redirect is not retried, and a redirect is not followed.
    expect(working.received.filter((p) => p !== '/phone').sort()).toEqual(['/bad-phone', '/gone-phone', '/moved-phone'])
  })

  it('re-checks stored endpoints before delivering (rows from before the rule)', async () => {
    const { pushSubscriptions } = await import('../../src/server/db/schema.ts')
    await t.database.db
      .insert(pushSubscriptions)
      .values({ endpoint: 'http://127.0.0.1:9/old-row', ...browserKeys(), provinces: [HUNAN] })
    const { id } = await publish(admin, '旧订阅')
    const d = await until(
      'the old row refused',
      () => deliveries(admin, id),
      (x) => x.attempts.some((a) => a.host === '127.0.0.1:9'),
    )
    expect(d.attempts.find((a) => a.host === '127.0.0.1:9')).toMatchObject({ result: 'failed', statusCode: null })
    expect(d.attempts.find((a) => a.host === '127.0.0.1:9')?.error).toMatch(/^refused: /)
  })

  it('shows delivery results to admins only', async () => {
    const { id } = await publish(admin, '谁能看投递')
    expect((await new TestClient(t.app).request({ url: `/api/notices/${id}/deliveries` })).statusCode).toBe(401)
    expect(
      (await admin.request({ url: '/api/notices/00000000-0000-4000-8000-000000000000/deliveries' })).statusCode,
    ).toBe(404)
  })
})

describe('push jobs across a restart', () => {
  let t: RestartableApp
  let open = false
  let service: Awaited<ReturnType<typeof startPushService>>

  beforeAll(async () => {
    service = await startPushService(() => (open ? 201 : 'hang'))
    t = await buildRestartableApp({ ...PUSH_ON, PUSH_ALLOW_HOSTS: service.hostPort })
  })
  afterAll(async () => {
    await t?.close()
    await service?.close()
  })

  it('delivers after a restart what was queued or in flight before it, without spending an attempt', async () => {
    for (let i = 0; i < 12; i++)
      expect(
        (await subscribe(new TestClient(t.app, `203.0.113.${String(i + 1)}`), `${service.base}/phone-${String(i)}`))
          .statusCode,
      ).toBe(204)
    let admin = await signedInAdmin(t, 'restart-admin')
    const { id, push } = await publish(admin, '重启前发布')
    expect(push).toEqual({ state: 'queued', queued: 12 })
    await until(
      '4 deliveries in flight',
      () => Promise.resolve(service.inFlight),
      (n) => n === 4,
    )
    expect((await deliveries(admin, id)).pending).toBe(12)

    const started = performance.now()
    await t.restart()
    expect(performance.now() - started).toBeLessThan(5000) // in-flight deliveries are cut short, not waited for
    open = true

    admin = new TestClient(t.app)
    expect((await admin.login('restart-admin', 'restart-admin-password')).statusCode).toBe(200)
    const done = await until(
      '12 sent after the restart',
      () => deliveries(admin, id),
      (d) => d.totals.sent === 12 && d.pending === 0,
    )
    expect(done.totals).toEqual({ sent: 12, gone: 0, failed: 0 })
    expect(new Set(done.attempts.map((a) => a.subscriptionId)).size).toBe(12)
  })
})
