import { expect } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import { buildApp } from '../../../src/server/app.ts'
import { squadrons } from '../../../src/server/db/schema.ts'
import { addDays, todayInChina } from '../../../src/shared/domain/calendar-date.ts'
import type { PushAck, Registration, RegistrationStatus } from '../../../src/shared/index.ts'
import { seededDatabase, seedAccount, TestClient, type TestApp } from './test-app.ts'

/** 李四光中队 tests: the real app on a fresh database, with a clock the test moves. */
export interface SquadronApp extends TestApp {
  clock: { now: Date; advanceHours(hours: number): void }
}

export async function buildSquadronApp(env: Record<string, string> = {}): Promise<SquadronApp> {
  const { database, content, config, drop } = await seededDatabase(env)
  const clock = {
    now: new Date(),
    advanceHours(hours: number) {
      this.now = new Date(this.now.getTime() + hours * 3_600_000)
    },
  }
  const app = await buildApp(config, { db: database.db, content, now: () => clock.now })
  await app.ready()
  return {
    app,
    database,
    config,
    clock,
    close: async () => {
      await app.close()
      await database.close()
      await drop()
    },
  }
}

export type SignedInClient = TestClient & { accountId: string }

export async function signedIn(
  t: TestApp,
  username: string,
  role: 'admin' | 'base_staff' | 'school',
  baseId?: string,
): Promise<SignedInClient> {
  const { account, password } = await seedAccount(t, username, role, baseId ? { baseId } : {})
  const client = new TestClient(t.app) as TestClient & { accountId: string }
  client.accountId = account.id
  expect((await client.login(username, password)).statusCode).toBe(200)
  return client
}

/** `count` squadrons of one school, straight into the table (fast enough for 300). */
export async function seedSquadrons(
  t: TestApp,
  schoolAccountId: string,
  count: number,
  prefix = '五年级',
): Promise<string[]> {
  const rows = await t.database.db
    .insert(squadrons)
    .values(
      Array.from({ length: count }, (_, i) => ({
        schoolAccountId,
        name: `${prefix}${i + 1}班李四光中队`,
        grade: 5,
        headcount: 40,
        teacher: `老师${i + 1}`,
      })),
    )
    .returning({ id: squadrons.id })
  return rows.map((r) => r.id)
}

/** Creates a squadron event (audience squadron) `inDays` days from today, 09:00–11:00 Shanghai. */
export async function pushEvent(
  staff: TestClient,
  baseId: string,
  capacity: number,
  inDays = 10,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = uuidv7()
  const day = addDays(todayInChina(), inDays)
  const acks = await pushRecords(staff, [
    {
      id,
      kind: 'event',
      baseId,
      baseVersion: 0,
      payload: {
        title: '李四光中队地质研学',
        start: `${day}T09:00:00+08:00`,
        end: `${day}T11:00:00+08:00`,
        audience: 'squadron',
        capacity,
        registrationRequired: true,
        ...extra,
      },
    },
  ])
  expect(acks[0]?.status, JSON.stringify(acks)).toBe('accepted')
  return id
}

export async function pushRecords(
  client: TestClient,
  records: unknown[],
  deviceId = 'device-squadron-1',
): Promise<PushAck[]> {
  const response = await client.request({ method: 'POST', url: '/api/sync/push', payload: { deviceId, records } })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ acks: PushAck[] }>().acks
}

export async function registerSquadron(
  teacher: TestClient,
  eventId: string,
  squadronId: string,
  headcount: number,
  requestId = uuidv7(),
) {
  const response = await teacher.request({
    method: 'POST',
    url: `/api/events/${eventId}/registrations`,
    payload: { squadronId, headcount, requestId },
  })
  return {
    status: response.statusCode,
    body: response.json<{ registration: Registration; message?: string }>(),
    requestId,
  }
}

export async function act(client: TestClient, path: string, payload?: Record<string, unknown>) {
  const response = await client.request({
    method: path.includes('PATCH ') ? 'PATCH' : 'POST',
    url: path.replace('PATCH ', ''),
    ...(payload === undefined ? {} : { payload }),
  })
  return { status: response.statusCode, body: response.json<{ registration: Registration; message?: string }>() }
}

export function statusesOf(list: readonly Registration[]): Record<string, RegistrationStatus> {
  return Object.fromEntries(list.map((r) => [r.squadronName, r.status]))
}
