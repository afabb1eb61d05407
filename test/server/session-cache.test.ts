import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { FALLBACK_MS } from '../../src/server/cache/data-versions.ts'
import { SessionCache } from '../../src/server/cache/session-cache.ts'
import { sessions } from '../../src/server/db/schema.ts'
import type { Account } from '../../src/shared/index.ts'
import { buildTestApp, seedAccount, TEST_DB, TestClient, type TestApp } from './helpers/test-app.ts'

/*
 * Each instance remembers the sessions it read for FALLBACK_MS at most (cache/session-cache.ts),
 * and forgets them all after any signed-in write that may have changed one, unless its route says
 * it changes no account (`config.sessions`). Two instances on PostgreSQL:
 * postgres-only/two-instances.test.ts.
 */

const A = 'geological-museum-of-china'
const changed = vi.spyOn(SessionCache.prototype, 'changed')
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(async () => {
  changed.mockRestore()
  await t.close()
})

async function signedIn(username: string, role: 'base_staff' | 'admin' = 'base_staff'): Promise<TestClient> {
  const { password } = await seedAccount(t, username, role, role === 'base_staff' ? { baseId: A } : {})
  const client = new TestClient(t.app)
  expect((await client.login(username, password)).statusCode).toBe(200)
  return client
}

const whoami = async (client: TestClient) =>
  (await client.request({ url: '/api/auth/session' })).json<{ account: Account | null }>().account?.username ?? null

describe('SessionCache', () => {
  const account = { id: 'a', username: 'u' } as Account
  const later = (ms: number) => new Date(Date.now() + ms)

  it('keeps a session for FALLBACK_MS, and never past its expiry', () => {
    let now = 1_000_000
    const cache = new SessionCache(t.database.db, () => now)
    cache.remember('s1', { account, expiresAt: new Date(now + 10 * FALLBACK_MS) }, cache.mark())
    cache.remember('s2', { account, expiresAt: new Date(now + FALLBACK_MS / 2) }, cache.mark())
    expect(cache.get('s1')?.account).toBe(account)
    now += FALLBACK_MS / 2
    expect(cache.get('s2')).toBeUndefined()
    expect(cache.get('s1')?.account).toBe(account)
    now += FALLBACK_MS / 2
    expect(cache.get('s1')).toBeUndefined()
  })

  it('forgets everything when told, and keeps no read that began before', () => {
    const cache = new SessionCache(t.database.db)
    const before = cache.mark()
    cache.remember('s1', { account, expiresAt: later(60_000) }, before)
    cache.invalidate()
    expect(cache.get('s1')).toBeUndefined()
    // A lookup that was reading while the write landed may have read the old row: not kept.
    cache.remember('s1', { account, expiresAt: later(60_000) }, before)
    expect(cache.get('s1')).toBeUndefined()
  })

  it('shares one read among the requests that ask for a session at the same moment', async () => {
    const cache = new SessionCache(t.database.db)
    const read = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { account, expiresAt: later(60_000) }
    })
    const found = await Promise.all([1, 2, 3].map(() => cache.lookup('s1', read)))
    expect(found.map((s) => s?.account)).toEqual([account, account, account])
    expect(read).toHaveBeenCalledTimes(1)
    // Not shared across a write: a read that began before it may have seen the old row.
    const before = cache.lookup('s2', read)
    cache.invalidate()
    await cache.lookup('s2', read)
    await before
    expect(read).toHaveBeenCalledTimes(3)
  })
})

describe(`sessions remembered by an instance (${TEST_DB})`, () => {
  it('a session deleted behind the server is refused within FALLBACK_MS', async () => {
    const phone = await signedIn('cache-ghost')
    expect(await whoami(phone)).toBe('cache-ghost')
    await t.database.db.delete(sessions)
    // Remembered: the write did not come through an instance, so no instance was told.
    expect(await whoami(phone)).toBe('cache-ghost')
    await new Promise((resolve) => setTimeout(resolve, FALLBACK_MS + 50))
    expect(await whoami(phone)).toBeNull()
  })

  it('a sync push leaves them; signing out, a new password and a disabled account end them at once', async () => {
    const phone = await signedIn('cache-staff')
    const other = await signedIn('cache-staff-2')
    const admin = await signedIn('cache-admin', 'admin')
    expect([await whoami(phone), await whoami(other)]).toEqual(['cache-staff', 'cache-staff-2'])
    changed.mockClear()

    const pushed = await phone.request({
      method: 'POST',
      url: '/api/sync/push',
      payload: {
        deviceId: 'cache-phone',
        records: [
          {
            id: uuidv7(),
            kind: 'tally',
            baseId: A,
            payload: { audience: 'student', count: 2, at: '2026-05-12T10:00:00+08:00' },
          },
        ],
      },
    })
    expect(pushed.statusCode).toBe(200)
    expect(changed).not.toHaveBeenCalled()

    // The same account on a second phone, both remembered; the first changes the password.
    const second = new TestClient(t.app)
    expect((await second.login('cache-staff', 'cache-staff-password')).statusCode).toBe(200)
    expect(await whoami(second)).toBe('cache-staff')
    const renewed = await phone.request({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'cache-staff-password', password: 'a-new-long-passphrase-42' },
    })
    expect(renewed.statusCode, renewed.body).toBe(200)
    expect(changed).toHaveBeenCalledTimes(1)
    expect(await whoami(second)).toBeNull()
    expect(await whoami(phone)).toBe('cache-staff')

    const otherId = (await other.request({ url: '/api/auth/session' })).json<{ account: Account }>().account.id
    const disabled = await admin.request({
      method: 'POST',
      url: `/api/admin/accounts/${otherId}/disable`,
      payload: { reason: '离职' },
    })
    expect(disabled.statusCode, disabled.body).toBe(200)
    expect(await whoami(other)).toBeNull()

    expect((await phone.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200)
    expect(await whoami(phone)).toBeNull()
  })
})
