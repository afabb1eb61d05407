// Requests per second and p99 latency of the public read endpoints and of the staff sync push,
// with autocannon against the real server (its own process, started as `npm start` starts it, on a
// throwaway embedded database) over loopback. Each route is followed by the same load on a static
// file served by the same server (@fastify/static, precompressed): the peer figure, i.e. what this
// machine and server can do at all, so a route's figure reads as a share of that.
// BENCH_LOAD_SECONDS (default 5) and BENCH_LOAD_CONNECTIONS (default 10) tune the load.
import autocannon from 'autocannon'
import { v7 as uuidv7 } from 'uuid'
import { createAccount } from '../src/server/services/account-service.ts'
import { VISITOR_AUDIENCES } from '../src/shared/index.ts'
import { startRealServer } from './real-server.ts'

export interface ApiLoadFigure {
  bench: 'api-load'
  route: string
  rps: number
  p99_ms: number
  peer: 'static-file'
  peer_rps: number
  /** rps / peer_rps: the target for public reads is ≥ 0.5 (issue 22). */
  ratio: number
}

interface LoadRoute {
  method: 'GET' | 'POST'
  path: string
  /** Sent with the signed-in staff member's session cookie (and the page's Origin, as a browser would). */
  staff?: true
  /** A fresh body for every request (e.g. new record ids, so each push stores new rows). */
  body?: () => unknown
}

const STAFF = {
  username: 'bench-load-staff',
  password: 'bench-load-staff-password',
  baseId: 'geological-museum-of-china',
}
/** Records per push: a phone's queue after a few minutes at the gate. */
const PUSH_RECORDS = 5

/** ▶ THE MEASURED ROUTES. A new read endpoint is one more line here. */
export const LOAD_ROUTES: LoadRoute[] = [
  { method: 'GET', path: '/api/bases.geojson' },
  { method: 'GET', path: '/api/bases/geological-museum-of-china' },
  { method: 'GET', path: '/api/calendar.ics' },
  { method: 'GET', path: '/api/events' },
  { method: 'GET', path: '/api/notices' },
  {
    method: 'POST',
    path: '/api/sync/push',
    staff: true,
    body: () => ({
      deviceId: 'bench-load-device',
      records: Array.from({ length: PUSH_RECORDS }, (_, i) => ({
        id: uuidv7(),
        kind: 'tally',
        baseId: STAFF.baseId,
        payload: { audience: VISITOR_AUDIENCES[i % VISITOR_AUDIENCES.length]!, count: 1, at: new Date().toISOString() },
      })),
    }),
  },
]

/** The peer: a file of the built app, sent by the same server's static handler. */
const PEER_PATH = '/manifest.webmanifest'

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 5)
const connections = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 10)

async function load(origin: string, route: LoadRoute, cookie: string): Promise<{ rps: number; p99: number }> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, br' }
  if (route.staff) Object.assign(headers, { cookie, origin, 'content-type': 'application/json' })
  const body = route.body
  const result = await autocannon({
    url: origin,
    connections,
    duration: seconds,
    requests: [
      {
        method: route.method,
        path: route.path,
        headers,
        ...(body
          ? { setupRequest: (request: autocannon.Request) => ({ ...request, body: JSON.stringify(body()) }) }
          : {}),
      },
    ],
  })
  const failed = result.non2xx + result.errors + result.timeouts
  if (failed > 0 || result.requests.total === 0) {
    throw new Error(
      `api-load: ${route.method} ${route.path}: ${String(failed)} of ${String(result.requests.total)} requests failed (non-2xx ${String(result.non2xx)}, errors ${String(result.errors)}, timeouts ${String(result.timeouts)})`,
    )
  }
  return { rps: Math.round(result.requests.average), p99: result.latency.p99 }
}

export async function measureApiLoad(routes = LOAD_ROUTES): Promise<ApiLoadFigure[]> {
  const server = await startRealServer(async ({ db }) => {
    await createAccount(db, {
      username: STAFF.username,
      password: STAFF.password,
      displayName: 'bench',
      role: 'base_staff',
      status: 'active',
      baseId: STAFF.baseId,
    })
  })
  try {
    const login = await fetch(`${server.origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.origin },
      body: JSON.stringify({ username: STAFF.username, password: STAFF.password }),
    })
    if (!login.ok) throw new Error(`api-load: staff login failed: ${String(login.status)} ${await login.text()}`)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
    const figures: ApiLoadFigure[] = []
    for (const route of routes) {
      const ours = await load(server.origin, route, cookie)
      const peer = await load(server.origin, { method: 'GET', path: PEER_PATH }, cookie)
      figures.push({
        bench: 'api-load',
        route: `${route.method} ${route.path}`,
        rps: ours.rps,
        p99_ms: ours.p99,
        peer: 'static-file',
        peer_rps: peer.rps,
        ratio: Math.round((ours.rps / peer.rps) * 100) / 100,
      })
    }
    return figures
  } finally {
    await server.stop()
  }
}
