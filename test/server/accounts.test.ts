import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { issueSetupToken } from '../../src/server/services/setup-service.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

let t: TestApp

// A route used only here, declaring the same kind of requirement later features will.
function testOnlyRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/test/bases/:baseId/records',
    {
      config: { auth: { roles: ['base_staff', 'admin'], base: (req) => (req.params as { baseId: string }).baseId } },
      schema: { params: z.object({ baseId: z.string() }) },
    },
    (req) => Promise.resolve({ wroteFor: req.params.baseId }),
  )
}

beforeAll(async () => {
  t = await buildTestApp({}, testOnlyRoutes)
})
afterAll(async () => {
  await t.close()
})

describe('first admin', () => {
  it('creates the first admin with the one-time setup link, once', async () => {
    const client = new TestClient(t.app)
    expect((await client.request({ url: '/api/auth/session' })).json()).toEqual({ account: null, setupRequired: true })
    const token = (await issueSetupToken(t.database.db))!
    const body = { token, username: 'chief', password: 'chief-password-1', displayName: '管理员' }
    const created = await client.request({ method: 'POST', url: '/api/auth/setup', payload: body })
    expect(created.statusCode).toBe(201)
    expect((await client.request({ url: '/api/auth/session' })).json()).toMatchObject({
      account: { username: 'chief', role: 'admin' },
      setupRequired: false,
    })

    const again = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { ...body, username: 'intruder' },
    })
    expect(again.statusCode).toBe(403)
    expect(await issueSetupToken(t.database.db)).toBeNull()
  })
})

describe('signing in', () => {
  it('gives the same error for an unknown user and a wrong password', async () => {
    await seedAccount(t, 'alice', 'school')
    const unknown = await new TestClient(t.app).login('nobody-here', 'whatever-password')
    const wrong = await new TestClient(t.app).login('alice', 'wrong-password-x')
    expect(unknown.statusCode).toBe(401)
    expect(wrong.statusCode).toBe(401)
    expect(unknown.json().message).toBe(wrong.json().message)
    expect(wrong.json().message).toMatch(/用户名或密码错误/)
  })

  it('sets an httpOnly SameSite session cookie, rotates it on each login, and logout ends it', async () => {
    const { password } = await seedAccount(t, 'bob', 'school')
    const client = new TestClient(t.app)
    const first = await client.login('bob', password)
    expect(first.statusCode).toBe(200)
    const cookie = first.cookies.find((c) => c.name === 'zk_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    const firstCookie = client.cookie

    await client.login('bob', password)
    expect(client.cookie).not.toBe(firstCookie)
    const stale = await t.app.inject({ url: '/api/auth/session', headers: { cookie: firstCookie! } })
    expect(stale.json().account).toBeNull()

    const stolen = client.cookie!
    await client.request({ method: 'POST', url: '/api/auth/logout' })
    expect((await t.app.inject({ url: '/api/auth/session', headers: { cookie: stolen } })).json().account).toBeNull()
  })

  it('marks the session cookie Secure behind an HTTPS proxy when trusted', async () => {
    const secure = await buildTestApp({ TRUST_PROXY: 'true' })
    try {
      const { password } = await seedAccount(secure, 'carol', 'school')
      const res = await new TestClient(secure.app).request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'carol', password },
        headers: { 'x-forwarded-proto': 'https', origin: 'https://localhost:80' },
      })
      expect(res.statusCode).toBe(200)
      expect(res.cookies.find((c) => c.name === 'zk_session')?.secure).toBe(true)
    } finally {
      await secure.close()
    }
  })

  it('limits failed attempts per user and address, with Retry-After', async () => {
    const { password } = await seedAccount(t, 'dave', 'school')
    const client = new TestClient(t.app, '10.9.9.9')
    for (let i = 0; i < 5; i++) expect((await client.login('dave', 'wrong-password-x')).statusCode).toBe(401)
    const blocked = await client.login('dave', password)
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    // Another address is not blocked by this one's failures.
    expect((await new TestClient(t.app, '10.9.9.10').login('dave', password)).statusCode).toBe(200)
  })
})

describe('schools and staff', () => {
  const school = { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: 'teacher@example.cn' }

  it('lets a school sign up, keeps it out until an admin approves it', async () => {
    const signup = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { username: 'cs-shiyan', password: 'school-password-1', displayName: '王老师', school },
    })
    expect(signup.statusCode).toBe(201)
    expect(signup.json().account).toMatchObject({ role: 'school', status: 'pending' })
    expect((await new TestClient(t.app).login('cs-shiyan', 'school-password-1')).statusCode).toBe(403)

    const dup = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { username: 'CS-Shiyan', password: 'school-password-1', displayName: '李老师', school },
    })
    expect(dup.statusCode).toBe(409)
    expect(dup.json().message).toMatch(/已被使用/)

    const admin = new TestClient(t.app)
    await admin.login('chief', 'chief-password-1')
    const pending = (await admin.request({ url: '/api/admin/accounts?status=pending' })).json<{
      accounts: { id: string; username: string }[]
    }>()
    const id = pending.accounts.find((a) => a.username === 'cs-shiyan')!.id
    expect((await admin.request({ method: 'POST', url: `/api/admin/accounts/${id}/approve` })).statusCode).toBe(200)
    expect((await new TestClient(t.app).login('cs-shiyan', 'school-password-1')).statusCode).toBe(200)
  })

  it('only an admin creates base staff, and only for a base that exists', async () => {
    const staff = {
      username: 'hunan-gate',
      password: 'staff-password-1',
      displayName: '门岗',
      baseId: 'hunan-geo-museum',
    }
    expect(
      (await new TestClient(t.app).request({ method: 'POST', url: '/api/admin/accounts', payload: staff })).statusCode,
    ).toBe(401)
    const schoolClient = new TestClient(t.app)
    await schoolClient.login('cs-shiyan', 'school-password-1')
    expect(
      (await schoolClient.request({ method: 'POST', url: '/api/admin/accounts', payload: staff })).statusCode,
    ).toBe(403)

    const admin = new TestClient(t.app)
    await admin.login('chief', 'chief-password-1')
    const unknownBase = await admin.request({
      method: 'POST',
      url: '/api/admin/accounts',
      payload: { ...staff, baseId: 'atlantis' },
    })
    expect(unknownBase.statusCode).toBe(400)
    expect((await t.app.inject({ url: '/api/admin/accounts' })).statusCode).toBe(401)
    const created = await admin.request({ method: 'POST', url: '/api/admin/accounts', payload: staff })
    expect(created.statusCode).toBe(201)
    expect(created.json().account).toMatchObject({ role: 'base_staff', baseId: 'hunan-geo-museum', status: 'active' })
  })
})

describe('authorization and CSRF', () => {
  it('lets staff write for their own base only; admins for any', async () => {
    const { password } = await seedAccount(t, 'gate-a', 'base_staff', { baseId: 'hunan-geo-museum' })
    const staff = new TestClient(t.app)
    await staff.login('gate-a', password)
    expect((await staff.request({ method: 'POST', url: '/api/test/bases/hunan-geo-museum/records' })).statusCode).toBe(
      200,
    )
    expect(
      (await staff.request({ method: 'POST', url: '/api/test/bases/zhangjiakou-geo-museum/records' })).statusCode,
    ).toBe(403)
    const admin = new TestClient(t.app)
    await admin.login('chief', 'chief-password-1')
    expect(
      (await admin.request({ method: 'POST', url: '/api/test/bases/zhangjiakou-geo-museum/records' })).statusCode,
    ).toBe(200)
    expect(
      (await new TestClient(t.app).request({ method: 'POST', url: '/api/test/bases/hunan-geo-museum/records' }))
        .statusCode,
    ).toBe(401)
  })

  it('refuses a cookie-carrying write from another site or without an Origin', async () => {
    const admin = new TestClient(t.app)
    await admin.login('chief', 'chief-password-1')
    const payload = {
      username: 'evil-staff',
      password: 'staff-password-1',
      displayName: 'x',
      baseId: 'hunan-geo-museum',
    }
    const crossSite = await admin.request({
      method: 'POST',
      url: '/api/admin/accounts',
      payload,
      headers: { origin: 'https://evil.example' },
    })
    expect(crossSite.statusCode).toBe(403)
    const noOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/admin/accounts',
      payload,
      headers: { cookie: admin.cookie! },
    })
    expect(noOrigin.statusCode).toBe(403)
    const list = (await admin.request({ url: '/api/admin/accounts' })).json<{ accounts: { username: string }[] }>()
    expect(list.accounts.map((a) => a.username)).not.toContain('evil-staff')
  })
})
