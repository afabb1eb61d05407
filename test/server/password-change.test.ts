import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Account, ApiError } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * Changing one's own password (POST /api/auth/password). A password an admin chose (a new staff
 * account, a reset) is marked temporary until its holder changes it; changing it ends the holder's
 * other sessions and keeps this one.
 */

let t: TestApp
let admin: TestClient

beforeAll(async () => {
  t = await buildTestApp()
  const { password } = await seedAccount(t, 'pw-admin', 'admin')
  admin = new TestClient(t.app)
  await admin.login('pw-admin', password)
}, 120_000)
afterAll(async () => {
  await t.close()
})

const session = async (client: TestClient) =>
  (await client.request({ url: '/api/auth/session' })).json<{ account: Account | null }>().account
const change = (client: TestClient, currentPassword: string, password: string) =>
  client.request({ method: 'POST', url: '/api/auth/password', payload: { currentPassword, password } })

describe('a password an admin chose', () => {
  it('is temporary for a new staff account and after a reset, until its holder changes it', async () => {
    const created = await admin.request({
      method: 'POST',
      url: '/api/admin/accounts',
      payload: {
        username: 'pw-staff',
        password: 'Chosen-by-admin-1',
        displayName: '讲解员',
        baseId: 'hunan-geo-museum',
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const staff = new TestClient(t.app)
    expect((await staff.login('pw-staff', 'Chosen-by-admin-1')).json<{ account: Account }>().account).toMatchObject({
      passwordTemporary: true,
    })
    // A second phone signed in with the same password.
    const otherPhone = new TestClient(t.app)
    await otherPhone.login('pw-staff', 'Chosen-by-admin-1')

    const changed = await change(staff, 'Chosen-by-admin-1', 'My-own-secret-77')
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json<{ account: Account }>().account.passwordTemporary).toBe(false)
    // This phone stays signed in; the other one is signed out; the old password is gone.
    expect(await session(staff)).toMatchObject({ username: 'pw-staff', passwordTemporary: false })
    expect(await session(otherPhone)).toBeNull()
    expect((await new TestClient(t.app).login('pw-staff', 'Chosen-by-admin-1')).statusCode).toBe(401)
    expect((await new TestClient(t.app).login('pw-staff', 'My-own-secret-77')).statusCode).toBe(200)

    // A reset makes it temporary again.
    const id = (await session(staff))!.id
    const reset = await admin.request({ method: 'POST', url: `/api/admin/accounts/${id}/password` })
    expect(reset.statusCode).toBe(200)
    const temporary = reset.json<{ temporaryPassword: string }>().temporaryPassword
    const again = new TestClient(t.app)
    expect((await again.login('pw-staff', temporary)).json<{ account: Account }>().account.passwordTemporary).toBe(true)
  })

  it('is not temporary when its holder chose it (a school signing up)', async () => {
    const signup = await new TestClient(t.app).request({
      method: 'POST',
      url: '/api/auth/signup',
      payload: {
        username: 'pw-school',
        password: 'School-chosen-pass-1',
        displayName: '李老师',
        school: { name: '湘江小学', province: '湖南省', city: '长沙市', contact: '0731-12345678' },
      },
    })
    expect(signup.statusCode, signup.body).toBe(201)
    expect(signup.json<{ account: Account }>().account.passwordTemporary).toBe(false)
  })
})

describe('changing my password', () => {
  it('asks for the right current password, under its field, and changes nothing otherwise', async () => {
    const { password } = await seedAccount(t, 'pw-wrong', 'school')
    const client = new TestClient(t.app)
    await client.login('pw-wrong', password)
    const wrong = await change(client, 'not-my-password', 'A-new-password-1')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json<ApiError>().issues).toEqual([
      { path: 'body.currentPassword', message: expect.stringContaining('当前密码不对') as unknown },
    ])
    expect((await new TestClient(t.app).login('pw-wrong', password)).statusCode).toBe(200)
  })

  it('refuses a weak or unchanged new password under the new password’s field', async () => {
    const { password } = await seedAccount(t, 'pw-weak', 'school')
    const client = new TestClient(t.app)
    await client.login('pw-weak', password)
    const same = await change(client, password, password)
    expect(same.statusCode).toBe(400)
    expect(same.json<ApiError>().issues?.[0]?.path).toBe('body.password')
    const weak = await change(client, password, 'password123')
    expect(weak.statusCode).toBe(400)
    expect(weak.json<ApiError>().issues?.[0]?.path).toBe('body.password')
    // Refusals of the new password do not count as guesses: the right change still goes through.
    for (let i = 0; i < 6; i++) await change(client, password, 'password123')
    expect((await change(client, password, 'A-strong-new-one-9')).statusCode).toBe(200)
  })

  it('stops guessing the current password from a stolen session', async () => {
    const { password } = await seedAccount(t, 'pw-guess', 'school')
    const thief = new TestClient(t.app)
    await thief.login('pw-guess', password)
    const answers: number[] = []
    for (let i = 0; i < 12; i++)
      answers.push((await change(thief, `guess-number-${String(i)}`, 'Thief-password-1')).statusCode)
    expect(answers).toContain(429)
    expect(answers.filter((s) => s !== 400 && s !== 429)).toEqual([])
  })

  it('needs a session', async () => {
    expect((await change(new TestClient(t.app), 'whatever-password', 'A-new-password-1')).statusCode).toBe(401)
  })
})
