import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueSetupToken } from '../../src/server/services/setup-service.ts'
import { passwordProblem } from '../../src/server/services/password-policy.ts'
import type { ApiError } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TestClient, type TestApp } from './helpers/test-app.ts'

/* Passwords guessed first are refused where accounts are made (issue 18, finding 9). */

let t: TestApp
let admin: TestClient
const school = { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: 'teacher@example.cn' }
let n = 0
const signup = (password: string, username = `pw-school-${String(++n)}`) =>
  new TestClient(t.app).request({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { username, password, displayName: '王老师', school: { ...school, contact: `${username}@example.cn` } },
  })

beforeAll(async () => {
  t = await buildTestApp()
  const a = await seedAccount(t, 'pw-admin', 'admin')
  admin = new TestClient(t.app)
  expect((await admin.login('pw-admin', a.password)).statusCode).toBe(200)
})
afterAll(async () => {
  await t.close()
})

describe('choosing a password', () => {
  it('refuses 1234567890 at sign-up, under the password field, in both languages', async () => {
    const response = await signup('1234567890')
    expect(response.statusCode).toBe(400)
    const body = response.json<ApiError>()
    expect(body.issues).toEqual([
      { path: 'body.password', message: expect.stringMatching(/[\u4e00-\u9fff].*\/ .*sequence/) },
    ])
    expect(body.message).toContain('body.password')
  })

  it.each(['password123', 'qwertyuiop', 'Password123', 'QWERTYUIOP', 'iloveyou12', 'qwertyuiop1'])(
    'refuses the common password %s, whatever its case',
    async (password) => {
      const response = await signup(password)
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>().issues).toEqual([
        { path: 'body.password', message: expect.stringMatching(/\S/) },
      ])
    },
  )

  it.each([
    ['the username', 'pw-school-same', 'PW-School-Same', 'username'],
    ['one repeated character', 'pw-school-aaa', 'aaaaaaaaaaaa', 'repeated'],
    ['a letter sequence', 'pw-school-abc', 'abcdefghijkl', 'sequence'],
    ['a descending sequence', 'pw-school-down', '9876543210', 'sequence'],
    ['a keyboard row', 'pw-school-row', 'asdfghjkl;'.slice(0, 9) + 'a', 'sequence'],
  ])('refuses %s', async (_, username, password, why) => {
    const response = await signup(password, username)
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json<ApiError>().issues?.[0]).toMatchObject({
      path: 'body.password',
      message: expect.stringContaining(why),
    })
  })

  it('accepts a long random passphrase', async () => {
    expect((await signup('granite-otter-lantern-47')).statusCode).toBe(201)
    expect((await signup('Ru9#kT2!vLq8@wZ')).statusCode).toBe(201)
  })

  it('refuses a common password for a new staff account and for the first admin too', async () => {
    const staff = await admin.request({
      method: 'POST',
      url: '/api/admin/accounts',
      payload: { username: 'pw-staff', password: 'letmein123', displayName: '门岗', baseId: 'hunan-geo-museum' },
    })
    expect(staff.statusCode).toBe(400)
    expect(staff.json<ApiError>().issues?.[0]?.path).toBe('body.password')
    const fresh = await buildTestApp()
    try {
      const token = (await issueSetupToken(fresh.database.db))!
      const setup = await new TestClient(fresh.app).request({
        method: 'POST',
        url: '/api/auth/setup',
        payload: { token, username: 'chief', password: 'letmein123', displayName: '管理员' },
      })
      expect(setup.statusCode).toBe(400)
    } finally {
      await fresh.close()
    }
  })

  it('checks offline against the ranked list of common passwords, loaded once', async () => {
    expect(await passwordProblem('lantern-otter-9', 'someone')).toBeNull()
    expect(await passwordProblem('1q2w3e4r5t', 'someone')).toMatch(/too common/)
    expect(await passwordProblem('football12', 'someone')).toMatch(/too common/)
  })
})
