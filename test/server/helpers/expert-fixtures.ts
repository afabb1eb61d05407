import { expect } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { buildApp } from '../../../src/server/app.ts'
import type { BuiltContent } from '../../../src/server/content/built-content.ts'
import type { ExpertInviteResponse, PushAck } from '../../../src/shared/index.ts'
import { seededDatabase, seedAccount, TestClient, type TestApp } from './test-app.ts'

/** The server's clock: real time, shifted as a test says. */
export interface TestClock {
  now: () => Date
  advanceDays: (days: number) => void
  setTo: (at: Date | null) => void
}

/** 科普专家库 tests: the real app on a fresh database, a clock the test moves, content a test may add to. */
export interface ExpertApp extends TestApp {
  clock: TestClock
  content: BuiltContent
}

export async function buildExpertApp(
  options: { content?: (content: BuiltContent) => BuiltContent; env?: Record<string, string> } = {},
): Promise<ExpertApp> {
  const { database, content: seeded, config, drop } = await seededDatabase(options.env)
  const content = options.content?.(seeded) ?? seeded
  let offset = 0
  const clock: TestClock = {
    now: () => new Date(Date.now() + offset),
    advanceDays: (days) => {
      offset += days * 86_400_000
    },
    setTo: (at) => {
      offset = at === null ? 0 : at.getTime() - Date.now()
    },
  }
  const app = await buildApp(config, { db: database.db, content, now: clock.now })
  await app.ready()
  return {
    app,
    database,
    config,
    clock,
    content,
    close: async () => {
      await app.close()
      await database.close()
      await drop()
    },
  }
}

export async function signedInAs(
  t: TestApp,
  username: string,
  role: 'admin' | 'base_staff' | 'school',
  baseId?: string,
): Promise<TestClient> {
  const { password } = await seedAccount(t, username, role, baseId ? { baseId } : {})
  const client = new TestClient(t.app)
  expect((await client.login(username, password)).statusCode).toBe(200)
  return client
}

/** An admin adds an expert; the answer carries the one-time link. */
export async function inviteExpert(admin: TestClient, body: Record<string, unknown>): Promise<ExpertInviteResponse> {
  const response = await admin.request({ method: 'POST', url: '/api/admin/experts', payload: body })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<ExpertInviteResponse>()
}

/** The invited expert sets up their account from the token; returns their signed-in client. */
export async function acceptInvite(t: TestApp, token: string, username: string): Promise<TestClient> {
  const client = new TestClient(t.app)
  const response = await client.request({
    method: 'POST',
    url: '/api/expert-invites/accept',
    payload: { token, username, password: `${username}-long-passphrase` },
  })
  expect(response.statusCode, response.body).toBe(201)
  return client
}

/** An expert with an account, signed in: invited, then set up. */
export async function activeExpert(
  t: TestApp,
  admin: TestClient,
  name: string,
  username: string,
): Promise<{ id: string; client: TestClient }> {
  const { expert, invite } = await inviteExpert(admin, { name })
  return { id: expert.id, client: await acceptInvite(t, invite.token, username) }
}

/** A base event from `start` to `end` (ISO with +08:00), pushed as staff do; its id. */
export async function pushEvent(
  staff: TestClient,
  baseId: string,
  start: string,
  end: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = uuidv7()
  const response = await staff.request({
    method: 'POST',
    url: '/api/sync/push',
    payload: {
      deviceId: 'device-experts-1',
      records: [
        { id, kind: 'event', baseId, baseVersion: 0, payload: { title: '地球日科普讲座', start, end, ...extra } },
      ],
    },
  })
  expect(response.statusCode, response.body).toBe(200)
  expect(response.json<{ acks: PushAck[] }>().acks[0]?.status, response.body).toBe('accepted')
  return id
}
