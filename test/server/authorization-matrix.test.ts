import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../src/server/services/session-service.ts'
import type { PushAck } from '../../src/shared/index.ts'
import { buildTestApp, ORIGIN, seedAccount, type TestApp } from './helpers/test-app.ts'

/*
 * The authorization matrix: every route the app registers × every kind of caller, with what each
 * may do. A route without an entry fails the test, so a new feature's routes cannot ship without
 * someone deciding who may call them.
 *
 * "allow" means the request got past authorization (not 401/403; each entry sends a valid request
 * so the allow is a real answer). "deny" means exactly 401 or 403. "refused-inside" is for routes
 * that let a role in and then refuse each item it may not touch (sync push: per record).
 */

type Caller = 'anonymous' | 'school' | 'staffA' | 'staffB' | 'admin'
type Outcome = 'allow' | 'deny' | 'refused-inside'
const CALLERS: readonly Caller[] = ['anonymous', 'school', 'staffA', 'staffB', 'admin']

/** Base A is the one every base-scoped request names; staff of base B must not reach it. */
const A = 'geological-museum-of-china'
const B = 'hunan-geo-museum'

interface Context {
  /** A value no other request used (usernames, device ids). */
  unique(): string
  eventId: string
  newPendingAccount(): Promise<string>
}

interface Entry {
  who: Record<Caller, Outcome>
  /** A valid request for this route (method and auth headers are added by the test). */
  request(ctx: Context): InjectOptions | Promise<InjectOptions>
  /** For 'refused-inside': asserts the body says the item was refused. */
  refusedInside?(response: LightMyRequestResponse): void
}

const everyone: Record<Caller, Outcome> = { anonymous: 'allow', school: 'allow', staffA: 'allow', staffB: 'allow', admin: 'allow' }
const nobody: Record<Caller, Outcome> = { anonymous: 'deny', school: 'deny', staffA: 'deny', staffB: 'deny', admin: 'deny' }
const adminOnly: Record<Caller, Outcome> = { ...nobody, admin: 'allow' }
/** Staff of the base the request is about (A), and admins. */
const baseStaffOrAdmin: Record<Caller, Outcome> = { ...nobody, staffA: 'allow', admin: 'allow' }
const get = (url: string) => () => ({ url })

/**
 * Add every new route here: key `METHOD /url` exactly as registered (with `:params`). HEAD routes
 * that mirror a GET use the GET entry.
 */
const MATRIX: Record<string, Entry> = {
  // System, docs and the PWA shell: public.
  'GET /api/health': { who: everyone, request: get('/api/health') },
  'GET /api/docs': { who: everyone, request: get('/api/docs') },
  'HEAD /api/docs/': { who: everyone, request: get('/api/docs/') },
  'GET /api/docs/static/index.html': { who: everyone, request: get('/api/docs/static/index.html') },
  'GET /api/docs/static/swagger-initializer.js': { who: everyone, request: get('/api/docs/static/swagger-initializer.js') },
  'GET /api/docs/json': { who: everyone, request: get('/api/docs/json') },
  'GET /api/docs/yaml': { who: everyone, request: get('/api/docs/yaml') },
  'GET /api/docs/static/*': { who: everyone, request: get('/api/docs/static/swagger-ui.css') },
  'GET /': { who: everyone, request: get('/') },
  'GET /*': { who: everyone, request: get('/assets/app-1234abcd.js') },

  // Public content.
  'GET /api/bases.geojson': { who: everyone, request: get('/api/bases.geojson') },
  'GET /api/bases/:id': { who: everyone, request: get(`/api/bases/${A}`) },
  'GET /api/events': { who: everyone, request: get('/api/events?from=2026-04-01&to=2026-05-01') },
  'GET /api/events/:id': { who: everyone, request: (c) => ({ url: `/api/events/${c.eventId}` }) },
  'GET /api/events/:id.ics': { who: everyone, request: (c) => ({ url: `/api/events/${c.eventId}.ics` }) },
  'GET /api/calendar.ics': { who: everyone, request: get('/api/calendar.ics') },
  'POST /api/ratings': { who: everyone, request: (c) => ({ url: '/api/ratings', payload: { baseId: A, deviceId: `device-${c.unique()}`, score: 5 } }) },

  // Accounts.
  'GET /api/auth/session': { who: everyone, request: get('/api/auth/session') },
  'POST /api/auth/login': { who: everyone, request: () => ({ url: '/api/auth/login', payload: { username: 'matrix-login', password: 'matrix-login-password' } }) },
  'POST /api/auth/logout': { who: everyone, request: () => ({ url: '/api/auth/logout' }) },
  // Once an admin exists the setup link is dead for everyone, signed in or not.
  'POST /api/auth/setup': { who: nobody, request: (c) => ({ url: '/api/auth/setup', payload: { token: `setup-token-${c.unique()}`, username: `setup-${c.unique()}`, password: 'setup-password-1', displayName: 'x' } }) },
  'POST /api/auth/signup': {
    who: everyone,
    request: (c) => ({ url: '/api/auth/signup', payload: { username: `school-${c.unique()}`, password: 'school-password-1', displayName: '王老师', school: { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: 'teacher@example.cn' } } }),
  },
  'GET /api/admin/accounts': { who: adminOnly, request: get('/api/admin/accounts?status=pending') },
  'POST /api/admin/accounts': { who: adminOnly, request: (c) => ({ url: '/api/admin/accounts', payload: { username: `staff-${c.unique()}`, password: 'staff-password-1', displayName: '门岗', baseId: A } }) },
  'POST /api/admin/accounts/:id/approve': { who: adminOnly, request: async (c) => ({ url: `/api/admin/accounts/${await c.newPendingAccount()}/approve` }) },

  // Staff records: the request is allowed for any staff; each record is checked against its base.
  'POST /api/sync/push': {
    who: { ...nobody, staffA: 'allow', staffB: 'refused-inside', admin: 'allow' },
    request: (c) => ({ url: '/api/sync/push', payload: { deviceId: `device-${c.unique()}`, records: [{ id: uuidv7(), kind: 'tally', baseId: A, payload: { audience: 'public', count: 1, at: '2026-05-12T10:00:00+08:00' } }] } }),
    refusedInside: (response) => {
      expect(response.statusCode).toBe(200)
      expect(response.json<{ acks: PushAck[] }>().acks).toEqual([expect.objectContaining({ status: 'rejected', reason: expect.stringMatching(/^forbidden/) as unknown })])
    },
  },
  'GET /api/sync/pull': { who: baseStaffOrAdmin, request: get(`/api/sync/pull?baseId=${A}`) },

  // Dashboards and exports.
  'GET /api/stats/bases/:baseId': { who: baseStaffOrAdmin, request: get(`/api/stats/bases/${A}?from=2026-05-01&to=2026-05-31`) },
  'GET /api/stats/national': { who: adminOnly, request: get('/api/stats/national?from=2026-05-01&to=2026-05-31') },
  'GET /api/stats/export.csv': { who: baseStaffOrAdmin, request: get(`/api/stats/export.csv?from=2026-05-01&to=2026-05-31&baseId=${A}`) },
  'GET /api/stats/export.xlsx': { who: baseStaffOrAdmin, request: get(`/api/stats/export.xlsx?from=2026-05-01&to=2026-05-31&baseId=${A}`) },
}

let t: TestApp
let staticDir: string
const accountIds = new Map<Caller, string>()
let counter = 0
let ctx: Context

beforeAll(async () => {
  // A built PWA stand-in, so the static-file routes are registered as in production.
  staticDir = mkdtempSync(join(tmpdir(), 'zk-matrix-static-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>zk</title>')
  writeFileSync(join(staticDir, 'assets', 'app-1234abcd.js'), 'export {}')
  t = await buildTestApp({ STATIC_DIR: staticDir })
  accountIds.set('school', (await seedAccount(t, 'matrix-school', 'school')).account.id)
  accountIds.set('staffA', (await seedAccount(t, 'matrix-staff-a', 'base_staff', { baseId: A })).account.id)
  accountIds.set('staffB', (await seedAccount(t, 'matrix-staff-b', 'base_staff', { baseId: B })).account.id)
  accountIds.set('admin', (await seedAccount(t, 'matrix-admin', 'admin')).account.id)
  // The login entry signs in as this account (seedAccount's password is `${username}-password`).
  await seedAccount(t, 'matrix-login', 'school')

  const unique = () => `${String(++counter)}-${Math.random().toString(36).slice(2, 8)}`
  const eventId = uuidv7()
  const adminToken = (await createSession(t.database.db, accountIds.get('admin')!)).token
  const pushed = await t.app.inject({
    method: 'POST', url: '/api/sync/push', headers: { cookie: `zk_session=${adminToken}`, origin: ORIGIN },
    payload: { deviceId: 'matrix-setup-device', records: [{ id: eventId, kind: 'event', baseId: A, baseVersion: 0, payload: { title: '开放日', start: '2026-04-22T09:00:00+08:00', end: '2026-04-22T16:00:00+08:00' } }] },
  })
  expect(pushed.json<{ acks: PushAck[] }>().acks[0]?.status, pushed.body).toBe('accepted')
  ctx = {
    unique,
    eventId,
    async newPendingAccount() {
      return (await seedAccount(t, `pending-${unique()}`, 'school', { status: 'pending' })).account.id
    },
  }
}, 180_000) // five argon2 hashes and a database: slow on a busy CI machine
afterAll(async () => {
  await t.close()
  rmSync(staticDir, { recursive: true, force: true })
})

/** The entry for a registered route; HEAD falls back to the GET entry of the same URL. */
function entryFor(method: string, url: string): Entry | undefined {
  return MATRIX[`${method} ${url}`] ?? (method === 'HEAD' ? MATRIX[`GET ${url}`] : undefined)
}

/** Sends the entry's request as `caller`: a fresh session of its own, our Origin on writes, its own address. */
async function send(method: string, entry: Entry, caller: Caller): Promise<LightMyRequestResponse> {
  const request = await entry.request(ctx)
  const headers: Record<string, string> = { ...(request.headers as Record<string, string> | undefined) }
  const accountId = accountIds.get(caller)
  if (accountId) headers.cookie = `zk_session=${(await createSession(t.database.db, accountId)).token}`
  if (method !== 'GET' && method !== 'HEAD') headers.origin = ORIGIN
  // Each request from its own address, so per-address limits (ratings, sign-in) never answer instead.
  const n = ++counter
  const remoteAddress = `10.${String((n >> 16) & 255)}.${String((n >> 8) & 255)}.${String(n & 255)}`
  return t.app.inject({ ...request, method: method as InjectOptions['method'], headers, remoteAddress })
}

describe('authorization matrix', () => {
  it('has an entry for every route the app registers', () => {
    const routes = t.app.registeredRoutes
    expect(routes.length).toBeGreaterThan(20)
    const missing = routes.filter((r) => !entryFor(r.method, r.url)).map((r) => `${r.method} ${r.url}`)
    expect(missing, `Routes without an authorization decision: add each to MATRIX in test/server/authorization-matrix.test.ts, saying which callers may use it:\n  ${missing.join('\n  ')}`).toEqual([])
    const stale = Object.keys(MATRIX).filter((key) => !routes.some((r) => `${r.method} ${r.url}` === key))
    expect(stale, 'MATRIX entries for routes the app no longer registers: remove them').toEqual([])
  })

  it('answers every route for every caller as the matrix says', async () => {
    const failures: string[] = []
    for (const route of t.app.registeredRoutes) {
      const entry = entryFor(route.method, route.url)
      if (!entry) continue // reported by the test above
      for (const caller of CALLERS) {
        const expected = entry.who[caller]
        const response = await send(route.method, entry, caller)
        const status = response.statusCode
        const denied = status === 401 || status === 403
        const label = `${route.method} ${route.url} as ${caller}: expected ${expected}, got ${String(status)} ${response.body.slice(0, 160)}`
        if (status >= 500) failures.push(label)
        else if (expected === 'deny' && !denied) failures.push(label)
        else if (expected !== 'deny' && denied) failures.push(label)
        else if (expected === 'refused-inside') {
          try { entry.refusedInside!(response) } catch (error) { failures.push(`${label} — ${(error as Error).message}`) }
        }
      }
    }
    expect(failures).toEqual([])
    // Sign-ups, sign-ins and staff creation hash passwords (argon2, slow on purpose): allow time.
  }, 240_000)

  it('matches the roles each route declares (config.auth) with the matrix', () => {
    // A route that declares roles must deny anonymous callers, and allow some role: catches a
    // matrix entry that was copied as `everyone` for a protected route.
    for (const route of t.app.registeredRoutes) {
      const entry = entryFor(route.method, route.url)
      if (!entry || !route.roles) continue
      expect(entry.who.anonymous, `${route.method} ${route.url} declares roles ${route.roles.join(', ')}`).toBe('deny')
      expect(Object.values(entry.who), `${route.method} ${route.url}`).toContain('allow')
    }
  })
})
