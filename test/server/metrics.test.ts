import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AddressInfo } from 'node:net'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

const TOKEN = 'operator-token-0123456789abcdef'

/** The value of one sample line (`name{labels} value`) in a Prometheus exposition, or 0. */
function sample(text: string, name: string, labels = ''): number {
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith(`${name}${labels ? `{${labels}` : ''}`) && (labels || /[\s{]/.test(l.charAt(name.length))),
    )
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe('metrics off by default', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
  })
  afterAll(() => t.close())

  it('has no /metrics route, and still gives every response a request id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(response.statusCode).toBe(404)
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('metrics behind a token on the app port', () => {
  let t: TestApp
  let staff: TestClient
  beforeAll(async () => {
    t = await buildTestApp({ METRICS_TOKEN: TOKEN }, (app) => {
      app.get('/api/test-only/crash', () => {
        throw new Error('boom')
      })
    })
    const { password } = await seedAccount(t, 'metrics-staff', 'base_staff', { baseId: 'geological-museum-of-china' })
    staff = new TestClient(t.app)
    expect((await staff.login('metrics-staff', password)).statusCode).toBe(200)
  })
  afterAll(() => t.close())

  const scrape = async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/plain')
    return response.body
  }

  it('refuses a scrape without the token, or with a wrong one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401)
    expect(
      (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } }))
        .statusCode,
    ).toBe(401)
  })

  it('counts requests per route with their latency', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
    const text = await scrape()
    expect(
      sample(text, 'http_request_duration_seconds_count', 'method="GET",route="/api/health",status_code="2xx"'),
    ).toBeGreaterThanOrEqual(3)
    expect(text).toContain('zk_process_resident_memory_bytes')
  })

  it('counts calendar feed cache hits and misses', async () => {
    const before = await scrape()
    const hits = sample(before, 'zk_cache_lookups_total', 'cache="calendar-feed",result="hit"')
    const misses = sample(before, 'zk_cache_lookups_total', 'cache="calendar-feed",result="miss"')
    await t.app.inject({ method: 'GET', url: '/api/calendar.ics?years=1' })
    await t.app.inject({ method: 'GET', url: '/api/calendar.ics?years=1' })
    const after = await scrape()
    expect(sample(after, 'zk_cache_lookups_total', 'cache="calendar-feed",result="miss"')).toBe(misses + 1)
    expect(sample(after, 'zk_cache_lookups_total', 'cache="calendar-feed",result="hit"')).toBe(hits + 1)
  })

  it('counts sync pushes by the ack each record got', async () => {
    const before = sample(await scrape(), 'zk_sync_records_total', 'status="rejected"')
    const response = await staff.request({
      method: 'POST',
      url: '/api/sync/push',
      payload: { deviceId: 'metrics-device', records: [{ id: 'not-a-record' }] },
    })
    expect(response.statusCode).toBe(200)
    expect(sample(await scrape(), 'zk_sync_records_total', 'status="rejected"')).toBe(before + 1)
  })

  it('quotes the request id of a server error in its message, as in the log', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/test-only/crash' })
    expect(response.statusCode).toBe(500)
    const id = response.headers['x-request-id'] as string
    expect(response.json<{ message: string }>().message).toContain(id)
    expect(response.body).not.toContain('boom')
  })
})

describe('metrics on a separate listener', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ METRICS_ADDRESS: '127.0.0.1:0' })
  })
  afterAll(() => t.close())

  it('serves /metrics there and not on the app port', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404)
    const { port } = t.app.metricsServer!.address() as AddressInfo
    const response = await fetch(`http://127.0.0.1:${port}/metrics`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('zk_job_queue_depth')
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404)
  })
})
