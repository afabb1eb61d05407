import { expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test'
import { E2E_ADMIN } from '../../../playwright.config.ts'
import { originHeaders, signInApi } from './app.ts'

/*
 * What a journey needs on the server before its first tap (accounts, squadrons, events), made
 * through the API the way the admin, a school or a staff phone makes them. Each helper checks its
 * answer, so a failed set-up says where it failed instead of a screen later missing something.
 */

export interface Person {
  username: string
  password: string
  displayName: string
}
export type Playwright = PlaywrightWorkerArgs['playwright']

/** The admin the e2e server creates (test/e2e/support/serve.ts), as a person who signs in. */
export const ADMIN: Person = { ...E2E_ADMIN, displayName: '测试管理员' }

/** Beijing date `days` from today, as YYYY-MM-DD. */
export const beijingDate = (days: number): string =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)

/** An API client of its own (its own cookies), signed in as `who`. Dispose of it when done. */
export async function apiSignedIn(
  playwright: Playwright,
  baseURL: string,
  who: Pick<Person, 'username' | 'password'>,
): Promise<APIRequestContext> {
  const api = await playwright.request.newContext({ baseURL })
  await signInApi(api, baseURL, who.username, who.password)
  return api
}

/** An API client signed in as the admin. */
export const adminApi = (playwright: Playwright, baseURL: string): Promise<APIRequestContext> =>
  apiSignedIn(playwright, baseURL, E2E_ADMIN)

/**
 * A staff account of `baseId`, made by the admin. With `existing: 'ok'`, an account made already
 * (by a test before a retry in a fresh worker) is no failure: the answer says which it was.
 */
export async function createStaff(
  admin: APIRequestContext,
  baseURL: string,
  who: Person,
  baseId: string,
  options: { existing?: 'ok' } = {},
): Promise<'created' | 'existed'> {
  const made = await admin.post('/api/admin/accounts', { headers: originHeaders(baseURL), data: { ...who, baseId } })
  if (made.status() === 409 && options.existing === 'ok') return 'existed'
  expect(made.status(), await made.text()).toBe(201)
  return 'created'
}

export interface School {
  name: string
  province: string
  city: string
  contact: string
}

/** A school account signed up through the API and approved by the admin: its id. */
export async function createSchool(
  playwright: Playwright,
  admin: APIRequestContext,
  baseURL: string,
  who: Person,
  school: Partial<School> = {},
): Promise<string> {
  const signup = await playwright.request.newContext({ baseURL })
  const made = await signup.post('/api/auth/signup', {
    headers: originHeaders(baseURL),
    data: {
      ...who,
      school: {
        name: `${who.displayName}的学校`,
        province: '浙江省',
        city: '杭州市',
        contact: '0571-88880000',
        ...school,
      },
    },
  })
  expect(made.status(), await made.text()).toBe(201)
  const id = ((await made.json()) as { account: { id: string } }).account.id
  await signup.dispose()
  expect(
    (await admin.post(`/api/admin/accounts/${id}/approve`, { headers: originHeaders(baseURL), data: {} })).status(),
  ).toBe(200)
  return id
}

/** A squadron of the signed-in school: its id. */
export async function createSquadron(
  school: APIRequestContext,
  baseURL: string,
  squadron: { name: string; grade: number; headcount: number; teacher: string },
): Promise<string> {
  const made = await school.post('/api/school/squadrons', { headers: originHeaders(baseURL), data: squadron })
  expect(made.status(), await made.text()).toBe(201)
  return ((await made.json()) as { squadron: { id: string } }).squadron.id
}

/** An event at `baseId`, published from the signed-in staff member's phone (an `event` sync record): its id. */
export async function publishEvent(
  staff: APIRequestContext,
  baseURL: string,
  baseId: string,
  payload: Record<string, unknown>,
  deviceId = 'e2e-setup',
): Promise<string> {
  const id = crypto.randomUUID()
  const pushed = await staff.post('/api/sync/push', {
    headers: originHeaders(baseURL),
    data: { deviceId, records: [{ id, baseId, kind: 'event', baseVersion: 0, payload }] },
  })
  expect(((await pushed.json()) as { acks: { status: string }[] }).acks[0]?.status, await pushed.text()).toBe(
    'accepted',
  )
  return id
}
