// Ten minutes (BENCH_SOAK_MINUTES) of mixed traffic against ONE real server process (started as
// `npm start` starts it, bench/real-server.ts) on a fresh PostgreSQL database, over loopback: public
// reads with and without If-None-Match, sync pushes from four staff phones at four bases, schools
// registering squadrons for events with places, and sign-ins with right and wrong passwords.
// Requests are sent at a steady rate (BENCH_SOAK_RPS, default 10 a second) whatever the answers
// take, so a slow server shows in the latencies rather than in fewer requests. One line per minute
// (requests started in it, their p99, the server's resident memory at its end: VmRSS in
// /proc/<pid>/status, the median of its last ten one-second samples), then the summary, and on
// stderr each kind's p50 and p99 and the first errors.
// An error is a 5xx, a network error, or any status the request should not get (a push ack that is
// not `accepted` included); a 429 for a wrong password is the sign-in limit working, not an error.
// It holds when there is no error, memory at the end is within `soak_rss_growth_max` of memory
// after the first (warm-up) minute, and the last minute's p99 is at most `soak_p99_growth_max`
// times the first steady minute's (bench/budgets.json).
// PostgreSQL as in sync-push.ts: BENCH_DATABASE_URL or TEST_DATABASE_URL, else a throwaway cluster.
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import { buildIfStale } from '../scripts/build-if-stale.ts'
import type { PreparedDatabase } from '../src/server/prepare-database.ts'
import { squadrons } from '../src/server/db/schema.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import { pushRecords } from '../src/server/services/sync-service.ts'
import { addDays, todayInChina } from '../src/shared/domain/calendar-date.ts'
import { VISITOR_AUDIENCES, type PushResponse } from '../src/shared/index.ts'
import { startRealServer } from './real-server.ts'
import { postgresTarget } from './sync-push.ts'

export interface SoakMinute {
  bench: 'soak-minute'
  minute: number
  requests: number
  p99_ms: number
  rss_mb: number
}
export interface SoakFigure {
  bench: 'soak'
  minutes: number
  requests: number
  errors: number
  /** The server's resident memory after the first (warm-up) minute, and at the end. */
  rss_mb_start: number
  rss_mb_end: number
  p99_ms: number
}

const BASES = [
  'geological-museum-of-china',
  'hunan-geo-museum',
  'zhejiang-mapping-museum',
  'chengdu-natural-history-museum',
]
const SCHOOLS = 10
const SQUADRONS_PER_SCHOOL = 30
const EVENTS_PER_BASE = 5
/** Places per event: enough that no event fills within the soak (registrations stay the same work). */
const EVENT_CAPACITY = 2000
const SIGN_IN_ACCOUNTS = 40
const PASSWORD = 'soak-bench-password-2026'
const TALLIES_PER_PUSH = 10

type Outcome = { kind: 'ok' } | { kind: 'throttled' } | { kind: 'error'; reason: string }
const ok: Outcome = { kind: 'ok' }
const unexpected = (what: string, status: number, body = ''): Outcome => ({
  kind: 'error',
  reason: `${what}: ${String(status)} ${body.slice(0, 160)}`,
})

interface World {
  origin: string
  staff: { cookie: string; baseId: string }[]
  schools: { cookie: string; squadronIds: string[] }[]
  eventIds: string[]
  signInUsers: string[]
  etags: Map<string, string>
  /** How many of each kind were sent: picks the next squadron, address, account. */
  sent: Map<string, number>
}

/** One kind of request of the mix; `share` of every 40 requests sent. */
interface Traffic {
  name: string
  share: number
  send: (world: World, n: number) => Promise<Outcome>
}

const READ_PATHS = ['/api/bases.geojson', '/api/events', '/api/calendar.ics', '/api/notices']

async function read(world: World, path: string, revalidate: boolean): Promise<Outcome> {
  const etag = world.etags.get(path)
  const response = await fetch(`${world.origin}${path}`, {
    headers: { 'accept-encoding': 'gzip, br', ...(revalidate && etag ? { 'if-none-match': etag } : {}) },
  })
  await response.arrayBuffer()
  if (response.status === 304 && revalidate && etag) return ok
  if (response.status !== 200) return unexpected(`GET ${path}`, response.status)
  const fresh = response.headers.get('etag')
  if (fresh) world.etags.set(path, fresh)
  return ok
}

async function post(
  world: World,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${world.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: world.origin, ...headers },
    body: JSON.stringify(body),
  })
  return { status: response.status, text: await response.text() }
}

/**
 * ▶ THE MIX (per 40 requests). At 10 requests a second: 6 reads, 1.75 pushes of 10 tallies, 1.75
 * registrations and half a sign-in a second (each checks an argon2 hash: 64 MiB and four threads).
 */
const MIX: Traffic[] = [
  ...READ_PATHS.flatMap((path): Traffic[] => [
    { name: `read ${path}`, share: 3, send: (world) => read(world, path, false) },
    { name: `revalidate ${path}`, share: 3, send: (world) => read(world, path, true) },
  ]),
  {
    name: 'push',
    share: 7,
    async send(world, n) {
      const phone = world.staff[n % world.staff.length]!
      const records = Array.from({ length: TALLIES_PER_PUSH }, (_, i) => ({
        id: uuidv7(),
        kind: 'tally',
        baseId: phone.baseId,
        payload: {
          audience: VISITOR_AUDIENCES[(n + i) % VISITOR_AUDIENCES.length]!,
          count: 1 + (i % 4),
          at: new Date().toISOString(),
        },
      }))
      const { status, text } = await post(
        world,
        '/api/sync/push',
        { deviceId: `soak-phone-${phone.baseId}`, records },
        { cookie: phone.cookie },
      )
      if (status !== 200) return unexpected('push', status, text)
      const acks = (JSON.parse(text) as PushResponse).acks
      return acks.length === records.length && acks.every((a) => a.status === 'accepted')
        ? ok
        : unexpected('push ack', status, text)
    },
  },
  {
    name: 'register',
    share: 7,
    async send(world, n) {
      // Every request a new (event, squadron) pair: events in turn, then schools, then squadrons.
      const event = world.eventIds[n % world.eventIds.length]!
      const school = world.schools[Math.floor(n / world.eventIds.length) % world.schools.length]!
      const squadron =
        school.squadronIds[Math.floor(n / (world.eventIds.length * world.schools.length)) % school.squadronIds.length]!
      const { status, text } = await post(
        world,
        `/api/events/${event}/registrations`,
        { squadronId: squadron, headcount: 10 + (n % 25), requestId: uuidv7() },
        { cookie: school.cookie },
      )
      return status === 201 ? ok : unexpected('register', status, text)
    },
  },
  {
    // Each sign-in from its own address (X-Forwarded-For; the server trusts its proxy here), as
    // teachers and staff across the country would; right passwords never share an address with wrong ones.
    name: 'sign in',
    share: 1,
    async send(world, n) {
      const username = world.signInUsers[n % world.signInUsers.length]!
      const { status, text } = await post(
        world,
        '/api/auth/login',
        { username, password: PASSWORD },
        { 'x-forwarded-for': `198.51.100.${String(1 + (n % 250))}` },
      )
      return status === 200 ? ok : unexpected('sign in', status, text)
    },
  },
  {
    name: 'wrong password',
    share: 1,
    async send(world, n) {
      // Known and unknown names alike; 7 is prime to 250, so a name meets an address again only after 1,750 tries.
      const username = n % 2 === 0 ? world.signInUsers[n % world.signInUsers.length]! : `soak-nobody-${String(n % 7)}`
      const { status, text } = await post(
        world,
        '/api/auth/login',
        { username, password: `wrong-${String(n)}` },
        { 'x-forwarded-for': `203.0.113.${String(1 + (n % 250))}` },
      )
      if (status === 401) return ok
      return status === 429 ? { kind: 'throttled' } : unexpected('wrong password', status, text)
    },
  },
]

/** The mix as one cycle of 40 kinds, spread out rather than in runs. */
function cycle(): Traffic[] {
  const slots: { at: number; traffic: Traffic }[] = []
  for (const traffic of MIX)
    for (let i = 0; i < traffic.share; i++) slots.push({ at: (i + 0.5) / traffic.share, traffic })
  return slots.sort((a, b) => a.at - b.at).map((s) => s.traffic)
}

/** The server's resident memory now, in MB. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${String(pid)}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))
  return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024)
}

/** CPU seconds the server process has used (user + system, /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function p99(latencies: number[]): number {
  if (latencies.length === 0) return 0
  const sorted = latencies.slice().sort((a, b) => a - b)
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!)
}

/** Accounts, squadrons and events, straight into the database before the server starts. */
async function seed({ db }: PreparedDatabase): Promise<{ signInUsers: string[]; staff: string[]; schools: string[] }> {
  const account = (username: string, role: 'base_staff' | 'school', baseId: string | null = null) =>
    createAccount(db, { username, password: PASSWORD, displayName: username, role, status: 'active', baseId })
  const staff: string[] = []
  for (const [b, baseId] of BASES.entries()) {
    const member = await account(`soak-staff-${String(b)}`, 'base_staff', baseId)
    staff.push(member.username)
    // A base's squadron events, a few weeks ahead, pushed as its staff's phone would.
    const records = Array.from({ length: EVENTS_PER_BASE }, (_, e) => {
      const day = addDays(todayInChina(), 14 + e * 3 + b)
      return {
        id: uuidv7(),
        kind: 'event',
        baseId,
        baseVersion: 0,
        payload: {
          title: `李四光中队研学（压测 ${String(e + 1)}）`,
          start: `${day}T09:00:00+08:00`,
          end: `${day}T11:30:00+08:00`,
          audience: 'squadron',
          capacity: EVENT_CAPACITY,
          registrationRequired: true,
        },
      }
    })
    const { acks } = await pushRecords(db, member, 'soak-seed-device', records)
    if (acks.some((a) => a.status !== 'accepted')) throw new Error(`soak: events not accepted: ${JSON.stringify(acks)}`)
  }
  const schools: string[] = []
  for (let s = 0; s < SCHOOLS; s++) {
    const school = await account(`soak-school-${String(s)}`, 'school')
    schools.push(school.username)
    await db.insert(squadrons).values(
      Array.from({ length: SQUADRONS_PER_SCHOOL }, (_, i) => ({
        schoolAccountId: school.id,
        name: `压测${String(s + 1)}校${String(i + 1)}班李四光中队`,
        grade: 5,
        headcount: 40,
        teacher: '测试老师',
      })),
    )
  }
  const signInUsers: string[] = []
  for (let i = 0; i < SIGN_IN_ACCOUNTS; i++)
    signInUsers.push(
      (
        await account(
          `soak-visitor-${String(i)}`,
          i % 2 === 0 ? 'school' : 'base_staff',
          i % 2 === 0 ? null : BASES[i % BASES.length]!,
        )
      ).username,
    )
  return { signInUsers, staff, schools }
}

export async function measureSoak(
  onMinute: (line: SoakMinute) => void,
  minutes = Number(process.env.BENCH_SOAK_MINUTES ?? 10),
  rps = Number(process.env.BENCH_SOAK_RPS ?? 10),
): Promise<SoakFigure & { p99_first_steady_ms: number; p99_last_ms: number }> {
  // `npm start` would build a stale app on start; built first here, so the server starts at once.
  buildIfStale('dist', 'stderr')
  const { target, done } = await postgresTarget()
  let seeded: Awaited<ReturnType<typeof seed>> | undefined
  const server = await startRealServer(
    async (prepared) => {
      seeded = await seed(prepared)
    },
    {
      DATABASE_URL: (target as { url: string }).url,
      TRUST_PROXY: 'true',
    },
  ).catch(async (error: unknown) => {
    await done()
    throw error
  })
  try {
    const cookieOf = async (username: string) => {
      const response = await fetch(`${server.origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.origin, 'x-forwarded-for': '192.0.2.1' },
        body: JSON.stringify({ username, password: PASSWORD }),
      })
      if (response.status !== 200)
        throw new Error(`soak: sign-in of ${username} failed: ${String(response.status)} ${await response.text()}`)
      return (response.headers.get('set-cookie') ?? '').split(';')[0]!
    }
    const { signInUsers, staff, schools } = seeded!
    const squadronLists = await Promise.all(
      schools.map(async (username) => {
        const cookie = await cookieOf(username)
        const list = (await (await fetch(`${server.origin}/api/school/squadrons`, { headers: { cookie } })).json()) as {
          squadrons: { id: string }[]
        }
        return { cookie, squadronIds: list.squadrons.map((s) => s.id) }
      }),
    )
    const events = (await (await fetch(`${server.origin}/api/events`)).json()) as { events: { id: string }[] }
    const world: World = {
      origin: server.origin,
      staff: await Promise.all(
        staff.map(async (username, b) => ({ cookie: await cookieOf(username), baseId: BASES[b]! })),
      ),
      schools: squadronLists,
      eventIds: events.events.map((e) => e.id),
      signInUsers,
      etags: new Map(),
      sent: new Map(),
    }
    if (world.eventIds.length !== BASES.length * EVENTS_PER_BASE)
      throw new Error(
        `soak: ${String(world.eventIds.length)} public events, expected ${String(BASES.length * EVENTS_PER_BASE)}`,
      )

    const order = cycle()
    const perMinute = Array.from({ length: minutes }, () => ({
      latencies: [] as number[],
      errors: 0,
      throttled: 0,
      pending: [] as Promise<void>[],
      rss: 0,
      rssSamples: [] as number[],
    }))
    const byKind = new Map<string, number[]>()
    const errorSamples: string[] = []
    const start = performance.now()
    let cpuAtMinute = cpuSeconds(server.pid)
    let launched = 0
    const report: Promise<void>[] = []
    let reported = 0
    while (reported < minutes) {
      const elapsed = performance.now() - start
      const minute = Math.floor(elapsed / 60_000)
      // Memory once a second. A sign-in in flight holds argon2's 64 MiB for a moment: a minute's
      // figure is the median of its last ten samples, so one such moment does not decide it.
      if (minute < minutes && perMinute[minute]!.rssSamples.length < Math.floor((elapsed % 60_000) / 1000))
        perMinute[minute]!.rssSamples.push(rssMb(server.pid))
      // A minute is over: its line once its requests have answered.
      while (reported < Math.min(minute, minutes)) {
        const m = reported++
        const cpu = cpuSeconds(server.pid)
        console.error(
          `soak: minute ${String(m + 1)}: the server used ${String(Math.round((cpu - cpuAtMinute) / 0.6))} % of a core`,
        )
        cpuAtMinute = cpu
        const last = perMinute[m]!.rssSamples.slice(-10).sort((a, b) => a - b)
        perMinute[m]!.rss = last[Math.floor(last.length / 2)] ?? rssMb(server.pid)
        report.push(
          Promise.all(perMinute[m]!.pending).then(() => {
            const bucket = perMinute[m]!
            onMinute({
              bench: 'soak-minute',
              minute: m + 1,
              requests: bucket.latencies.length,
              p99_ms: p99(bucket.latencies),
              rss_mb: bucket.rss,
            })
          }),
        )
      }
      if (minute >= minutes) break
      const due = Math.floor((elapsed / 1000) * rps)
      for (; launched < due; launched++) {
        const traffic = order[launched % order.length]!
        const n = world.sent.get(traffic.name) ?? 0
        world.sent.set(traffic.name, n + 1)
        const bucket = perMinute[minute]!
        const sentAt = performance.now()
        bucket.pending.push(
          traffic
            .send(world, n)
            .catch((error: unknown): Outcome => ({ kind: 'error', reason: `${traffic.name}: ${String(error)}` }))
            .then((outcome) => {
              const ms = performance.now() - sentAt
              bucket.latencies.push(ms)
              byKind.set(traffic.name, [...(byKind.get(traffic.name) ?? []), ms])
              if (outcome.kind === 'throttled') bucket.throttled++
              if (outcome.kind === 'error') {
                bucket.errors++
                if (errorSamples.length < 10) errorSamples.push(outcome.reason)
              }
            }),
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await Promise.all(report)
    for (const sample of errorSamples) console.error(`soak error: ${sample}`)
    // Which requests make the tail, on stderr (stdout keeps the JSON lines).
    for (const [name, latencies] of byKind)
      console.error(
        `soak: ${name}: ${String(latencies.length)} requests, p50 ${String(Math.round(latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!))} ms, p99 ${String(p99(latencies))} ms`,
      )
    const throttled = perMinute.reduce((sum, m) => sum + m.throttled, 0)
    if (throttled > 0)
      console.error(`soak: ${String(throttled)} wrong-password sign-ins answered 429 (the sign-in limit)`)
    const steady = perMinute[Math.min(1, minutes - 1)]!
    return {
      bench: 'soak',
      minutes,
      requests: perMinute.reduce((sum, m) => sum + m.latencies.length, 0),
      errors: perMinute.reduce((sum, m) => sum + m.errors, 0),
      rss_mb_start: perMinute[0]!.rss,
      rss_mb_end: perMinute[minutes - 1]!.rss,
      p99_ms: p99(perMinute.flatMap((m) => m.latencies)),
      p99_first_steady_ms: p99(steady.latencies),
      p99_last_ms: p99(perMinute[minutes - 1]!.latencies),
    }
  } finally {
    await server.stop()
    await done()
  }
}
