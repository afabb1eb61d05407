// 300 teachers registering a squadron each for an event with 100 places, all at once, through the
// real HTTP server on loopback (POST /api/events/:id/registrations), on PGlite and on PostgreSQL.
// The figures that matter: the confirmed headcount never exceeds the capacity (overbooked = 0),
// every request is answered, and how long the slowest ones waited for the event's lock (p99).
// The requests come from a worker thread, as the load benches' clients run apart from the server.
// PostgreSQL as in sync-push.ts: BENCH_DATABASE_URL or TEST_DATABASE_URL, else a throwaway cluster.
import type { AddressInfo } from 'node:net'
import { Worker } from 'node:worker_threads'
import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { loadContent } from '../src/server/content/load-content.ts'
import { openDatabase, type DatabaseTarget } from '../src/server/db/connect.ts'
import { registrations, squadrons } from '../src/server/db/schema.ts'
import { seedBases } from '../src/server/db/seed.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import { addDays, todayInChina } from '../src/shared/domain/calendar-date.ts'
import type { PushResponse } from '../src/shared/index.ts'
import { postgresTarget } from './sync-push.ts'

export interface RegistrationContentionFigure {
  bench: 'registration-contention'
  db: 'pglite' | 'postgres'
  requests: number
  capacity: number
  /** Requests answered 201 with a registration. */
  answered: number
  confirmed_headcount: number
  /** Places confirmed beyond the capacity: must be 0. */
  overbooked: number
  p50_ms: number
  p99_ms: number
}

const BASE = 'geological-museum-of-china'

/** The 300 requests, sent from a thread of their own; each answer's time and whether it was a 201. */
const CLIENT = `
const { workerData, parentPort } = require('node:worker_threads')
const { randomUUID } = require('node:crypto')
const http = require('node:http')
const { origin, cookie, eventId, squadronIds } = workerData
const { hostname, port } = new URL(origin)
const path = '/api/events/' + eventId + '/registrations'
Promise.all(squadronIds.map((squadronId, i) => new Promise((resolve, reject) => {
  const body = JSON.stringify({ squadronId, headcount: 1 + (i % 3), requestId: randomUUID() })
  const started = performance.now()
  const request = http.request({ hostname, port, path, method: 'POST', agent: false, headers: {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin, cookie } }, (response) => {
    response.resume()
    response.on('end', () => resolve({ ms: performance.now() - started, ok: response.statusCode === 201 }))
  })
  request.on('error', reject)
  request.end(body)
}))).then((latencies) => parentPort.postMessage(latencies))
`
function sendAll(workerData: {
  origin: string
  cookie: string
  eventId: string
  squadronIds: string[]
}): Promise<{ ms: number; ok: boolean }[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData })
    worker.once('message', (latencies: { ms: number; ok: boolean }[]) => {
      resolve(latencies)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function measureOn(
  kind: 'pglite' | 'postgres',
  target: DatabaseTarget,
  requests: number,
  capacity: number,
): Promise<RegistrationContentionFigure> {
  const database = await openDatabase(target)
  await database.migrate()
  const content = await loadContent('content')
  if (!content.ok) throw new Error('registration-contention: content/ does not build')
  await seedBases(database.db, content.content.bases)
  await createAccount(database.db, {
    username: 'bench-staff',
    password: 'bench-staff-password',
    displayName: 'bench',
    role: 'base_staff',
    status: 'active',
    baseId: BASE,
  })
  const school = await createAccount(database.db, {
    username: 'bench-school',
    password: 'bench-school-password',
    displayName: 'bench',
    role: 'school',
    status: 'active',
  })
  const squadronIds = (
    await database.db
      .insert(squadrons)
      .values(
        Array.from({ length: requests }, (_, i) => ({
          schoolAccountId: school.id,
          name: `压测${String(i + 1)}班李四光中队`,
          grade: 5,
          headcount: 40,
          teacher: '测试老师',
        })),
      )
      .returning({ id: squadrons.id })
  ).map((r) => r.id)

  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent-static-dir' }), {
    db: database.db,
    content: content.content,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const origin = `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`
  const login = async (username: string, password: string) => {
    const response = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username, password }),
    })
    if (!response.ok) throw new Error(`registration-contention: login failed ${String(response.status)}`)
    return (response.headers.get('set-cookie') ?? '').split(';')[0]!
  }
  try {
    const staffCookie = await login('bench-staff', 'bench-staff-password')
    const eventId = uuidv7()
    const day = addDays(todayInChina(), 10)
    const pushed = await fetch(`${origin}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie: staffCookie },
      body: JSON.stringify({
        deviceId: 'bench-device-1',
        records: [
          {
            id: eventId,
            kind: 'event',
            baseId: BASE,
            baseVersion: 0,
            payload: {
              title: '压测活动',
              start: `${day}T09:00:00+08:00`,
              end: `${day}T11:00:00+08:00`,
              audience: 'squadron',
              capacity,
            },
          },
        ],
      }),
    })
    if (((await pushed.json()) as PushResponse).acks[0]?.status !== 'accepted')
      throw new Error('registration-contention: event not accepted')
    const cookie = await login('bench-school', 'bench-school-password')

    // Classes of 1–3 (twice the places asked for), all sent before any answer comes back, from a
    // worker thread: the teachers' phones must not share the server's event loop.
    const latencies = await sendAll({ origin, cookie, eventId, squadronIds })
    const rows = await database.db.select().from(registrations).where(eq(registrations.eventId, eventId))
    const confirmed = rows.filter((r) => r.status === 'confirmed').reduce((sum, r) => sum + r.headcount, 0)
    const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b)
    return {
      bench: 'registration-contention',
      db: kind,
      requests,
      capacity,
      answered: latencies.filter((l) => l.ok).length,
      confirmed_headcount: confirmed,
      overbooked: Math.max(0, confirmed - capacity),
      p50_ms: Math.round(percentile(sorted, 50)),
      p99_ms: Math.round(percentile(sorted, 99)),
    }
  } finally {
    await app.close()
    await database.close()
  }
}

export async function measureRegistrationContention(
  requests = 300,
  capacity = 100,
): Promise<RegistrationContentionFigure[]> {
  const figures = [await measureOn('pglite', { driver: 'pglite', dataDir: 'memory://' }, requests, capacity)]
  const { target, done } = await postgresTarget()
  try {
    figures.push(await measureOn('postgres', target, requests, capacity))
  } finally {
    await done()
  }
  return figures
}
