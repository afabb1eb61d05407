import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/server/app.ts'
import { claimAttempt, MAX_FAILURES_PER_ADDRESS } from '../../src/server/services/login-throttle.ts'
import { issueSetupToken } from '../../src/server/services/setup-service.ts'
import { buildTestApp, ORIGIN, seededDatabase, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * Session safety as a user (or an attacker) meets it: cookie flags per transport, a new session
 * on every sign-in, cross-site writes refused, and no password or session token in the log.
 * (The per-account sign-in limit: accounts.test.ts; limits shared between instances:
 * postgres-only/two-instances.test.ts.)
 */

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => {
  await t.close()
})

const sessionCookie = (response: {
  cookies: { name: string; value: string; secure?: boolean; httpOnly?: boolean; sameSite?: string }[]
}) => response.cookies.find((c) => c.name === 'zk_session')

describe('session cookie flags', () => {
  it('over plain HTTP: HttpOnly and SameSite=Lax, not Secure (a Secure cookie would never come back)', async () => {
    const { password } = await seedAccount(t, 'plain-http', 'school')
    const cookie = sessionCookie(await new TestClient(t.app).login('plain-http', password))
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(cookie?.secure).not.toBe(true)
  })

  it('ignores X-Forwarded-Proto unless TRUST_PROXY is set: a client cannot fake HTTPS', async () => {
    const { password } = await seedAccount(t, 'fake-https', 'school')
    const response = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'fake-https', password },
      headers: { 'x-forwarded-proto': 'https' },
    })
    expect(response.statusCode).toBe(200)
    expect(sessionCookie(response)?.secure).not.toBe(true)
  })

  it('behind a trusted HTTPS proxy: Secure, HttpOnly, SameSite=Lax; and the logout cookie too', async () => {
    const proxied = await buildTestApp({ TRUST_PROXY: 'true' })
    try {
      const { password } = await seedAccount(proxied, 'behind-proxy', 'school')
      const headers = { 'x-forwarded-proto': 'https', origin: 'https://localhost:80' }
      const client = new TestClient(proxied.app)
      const login = await client.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'behind-proxy', password },
        headers,
      })
      expect(sessionCookie(login)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' })
      const logout = await client.request({ method: 'POST', url: '/api/auth/logout', headers })
      expect(logout.statusCode).toBe(200)
      expect(sessionCookie(logout)).toMatchObject({ value: '', secure: true, httpOnly: true })
    } finally {
      await proxied.close()
    }
  }, 120_000) // a second database and app: slow on a busy machine

  it('COOKIE_SECURE=true marks the cookie Secure even on a plain hop (TLS ended in front, proxy headers not trusted)', async () => {
    const forced = await buildTestApp({ COOKIE_SECURE: 'true' })
    try {
      const { password } = await seedAccount(forced, 'forced-secure', 'school')
      expect(sessionCookie(await new TestClient(forced.app).login('forced-secure', password))?.secure).toBe(true)
    } finally {
      await forced.close()
    }
  }, 120_000) // a second database and app: slow on a busy machine
})

describe('session rotation', () => {
  it('a cookie planted before sign-in (session fixation) is never adopted: sign-in issues a new token', async () => {
    const { password } = await seedAccount(t, 'fixation', 'school')
    const planted = 'attacker-chosen-session-token-0123456789abcdef'
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'fixation', password },
      headers: { cookie: `zk_session=${planted}`, origin: ORIGIN },
    })
    expect(response.statusCode).toBe(200)
    expect(sessionCookie(response)?.value).not.toBe(planted)
    expect(
      (await t.app.inject({ url: '/api/auth/session', headers: { cookie: `zk_session=${planted}` } })).json().account,
    ).toBeNull()
  })

  it('the session held before signing in again (e.g. as another account) is dead afterwards', async () => {
    const first = await seedAccount(t, 'rotate-one', 'school')
    const second = await seedAccount(t, 'rotate-two', 'admin')
    const client = new TestClient(t.app)
    await client.login('rotate-one', first.password)
    const before = client.cookie!
    expect(
      (await t.app.inject({ url: '/api/auth/session', headers: { cookie: before } })).json().account.username,
    ).toBe('rotate-one')
    expect((await client.login('rotate-two', second.password)).statusCode).toBe(200)
    expect(client.cookie).not.toBe(before)
    expect((await t.app.inject({ url: '/api/auth/session', headers: { cookie: before } })).json().account).toBeNull()
    expect((await client.request({ url: '/api/auth/session' })).json().account.username).toBe('rotate-two')
  })
})

describe('sign-in limits', () => {
  it('stops password spraying: one address guessing many accounts is blocked for all of them, other addresses are not', async () => {
    const { password } = await seedAccount(t, 'sprayed', 'school')
    const ip = '10.66.0.1'
    // Earlier guesses, one per account (each under the per-account limit), recorded as the route
    // records them (each real attempt costs an argon2 verification: seconds on a busy machine).
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS - 1; i++) await claimAttempt(t.database.db, `victim-${String(i)}`, ip)
    // The last guess still gets through to a password check (401), and reaches the limit.
    expect((await new TestClient(t.app, ip).login('victim-last', 'Summer2026!!')).statusCode).toBe(401)
    const blocked = await new TestClient(t.app, ip).login('sprayed', password)
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(60)
    expect(blocked.cookies.find((c) => c.name === 'zk_session')).toBeUndefined()
    expect((await new TestClient(t.app, '10.66.0.2').login('sprayed', password)).statusCode).toBe(200)
  }, 120_000)
})

describe('CSRF', () => {
  let admin: TestClient
  const staffBody = (username: string) => ({
    username,
    password: 'staff-password-1',
    displayName: '门岗',
    baseId: 'hunan-geo-museum',
  })
  beforeAll(async () => {
    const { password } = await seedAccount(t, 'csrf-admin', 'admin')
    admin = new TestClient(t.app)
    await admin.login('csrf-admin', password)
  })
  const created = async (username: string) =>
    (await admin.request({ url: '/api/admin/accounts' }))
      .json<{ accounts: { username: string }[] }>()
      .accounts.some((a) => a.username === username)

  it('refuses a write from another site, from a look-alike origin and from an opaque (null) origin, and stores nothing', async () => {
    for (const origin of [
      'https://evil.example',
      'http://localhost:80.evil.example',
      'http://localhost:8080',
      'null',
      'https://localhost:80',
    ]) {
      const response = await admin.request({
        method: 'POST',
        url: '/api/admin/accounts',
        payload: staffBody('csrf-x'),
        headers: { origin },
      })
      expect(response.statusCode, origin).toBe(403)
    }
    expect(await created('csrf-x')).toBe(false)
  })

  it('refuses a cookie-carrying write with no Origin unless the browser says it is same-origin', async () => {
    const cookie = admin.cookie!
    const send = (headers: Record<string, string>, username: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/accounts',
        payload: staffBody(username),
        headers: { cookie, ...headers },
      })
    expect((await send({}, 'csrf-none')).statusCode).toBe(403)
    expect((await send({ 'sec-fetch-site': 'cross-site' }, 'csrf-cross')).statusCode).toBe(403)
    expect((await send({ 'sec-fetch-site': 'same-site' }, 'csrf-sibling')).statusCode).toBe(403)
    expect((await send({ 'sec-fetch-site': 'same-origin' }, 'csrf-same')).statusCode).toBe(201)
    expect(await created('csrf-none')).toBe(false)
    expect(await created('csrf-same')).toBe(true)
  })

  it('accepts our own origin (the app calling its API) and a cross-site form with no cookie gets no session', async () => {
    expect(
      (await admin.request({ method: 'POST', url: '/api/admin/accounts', payload: staffBody('csrf-own') })).statusCode,
    ).toBe(201)
    // Without a cookie there is no authority to abuse: such a write is just anonymous.
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/admin/accounts',
      payload: staffBody('csrf-anon'),
    })
    expect(anonymous.statusCode).toBe(401)
  })
})

describe('the log', () => {
  it('never contains a password, a session token or the setup token, whatever the flow', async () => {
    const lines: string[] = []
    const { database, content, config, drop } = await seededDatabase({ LOG_LEVEL: 'trace' })
    let app: FastifyInstance | undefined
    try {
      app = await buildApp(config, {
        db: database.db,
        content,
        logStream: {
          write: (line) => {
            lines.push(line)
          },
        },
      })
      await app.ready()
      const secrets: string[] = []
      const remember = <T extends string>(s: T): T => {
        secrets.push(s)
        return s
      }
      const client = new TestClient(app)

      const setupToken = remember((await issueSetupToken(database.db))!)
      const adminPassword = remember('Admin-Pässwörd-Секрет-1')
      expect(
        (
          await client.request({
            method: 'POST',
            url: '/api/auth/setup',
            payload: { token: setupToken, username: 'log-admin', password: adminPassword, displayName: '管理员' },
          })
        ).statusCode,
      ).toBe(201)
      remember(client.cookie!.split('=')[1]!)
      // A bad body that carries a password (400), a wrong password (401), a right one (200).
      await client.request({
        method: 'POST',
        url: '/api/auth/setup',
        payload: { token: setupToken, username: 'x', password: remember('Second-Setup-Password-9') },
      })
      const schoolPassword = remember('School-Password-Very-Secret-7')
      const school = { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: 'teacher@example.cn' }
      expect(
        (
          await new TestClient(app).request({
            method: 'POST',
            url: '/api/auth/signup',
            payload: { username: 'log-school', password: schoolPassword, displayName: '王老师', school },
          })
        ).statusCode,
      ).toBe(201)
      await new TestClient(app).request({
        method: 'POST',
        url: '/api/auth/signup',
        payload: { username: '!!', password: remember('Rejected-Signup-Password-3'), displayName: '', school },
      })
      const staffPassword = remember('Staff-Password-Also-Secret-5')
      expect(
        (
          await client.request({
            method: 'POST',
            url: '/api/admin/accounts',
            payload: {
              username: 'log-staff',
              password: staffPassword,
              displayName: '门岗',
              baseId: 'hunan-geo-museum',
            },
          })
        ).statusCode,
      ).toBe(201)
      const staff = new TestClient(app)
      expect((await staff.login('log-staff', remember('Wrong-Password-Guess-42'))).statusCode).toBe(401)
      expect((await staff.login('log-staff', staffPassword)).statusCode).toBe(200)
      const staffToken = remember(staff.cookie!.split('=')[1]!)
      await staff.request({ url: '/api/sync/pull?baseId=hunan-geo-museum' })
      // A cross-site attempt with the cookie, then logging out.
      await staff.request({ method: 'POST', url: '/api/auth/logout', headers: { origin: 'https://evil.example' } })
      await staff.request({ method: 'POST', url: '/api/auth/logout' })
      await app.inject({
        url: '/api/auth/session',
        headers: { cookie: `zk_session=${staffToken}`, authorization: `Bearer ${staffToken}` },
      })

      const log = lines.join('')
      // The log was really written (a silent logger would pass every check below).
      expect(lines.length).toBeGreaterThan(20)
      expect(log).toContain('/api/auth/login')
      for (const secret of secrets)
        expect(log.includes(secret), `the log contains the secret ${secret.slice(0, 6)}…`).toBe(false)
      // Nor the argon2 hashes of the passwords.
      expect(log).not.toMatch(/\$argon2id\$/)
    } finally {
      await app?.close()
      await database.close()
      await drop()
    }
  }, 120_000)
})
