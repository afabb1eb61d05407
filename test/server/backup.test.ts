import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { asc, getTableColumns } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/server/app.ts'
import { loadConfig } from '../../src/server/config.ts'
import { backupDatabase, BackupError, restoreDatabase } from '../../src/server/db/backup.ts'
import { openDatabase, type DatabaseTarget, type OpenDatabase } from '../../src/server/db/connect.ts'
import { seedBases } from '../../src/server/db/seed.ts'
import { createAccount } from '../../src/server/services/account-service.ts'
import { createSession } from '../../src/server/services/session-service.ts'
import type { PushAck } from '../../src/shared/index.ts'
import { schemaTables } from './helpers/stored-rows.ts'
import { freshDatabase, ORIGIN, TEST_DB, testContent } from './helpers/test-app.ts'

/*
 * npm run backup / npm run restore, round trip: data written through the API (accounts, sessions,
 * sync records, ratings) is backed up, restored into a fresh target, and every table compares
 * equal; the restored database then takes new writes (sequences came along).
 */

const A = 'geological-museum-of-china'
const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

async function target(): Promise<DatabaseTarget> {
  if (TEST_DB === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'zk-backup-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return { driver: 'pglite', dataDir: dir }
  }
  const { target: t, drop } = await freshDatabase()
  cleanups.push(drop)
  return t
}

/** Every table's rows, ordered by their first column, as plain JSON. */
async function snapshot(database: OpenDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const [name, table] of schemaTables()) {
    const first = Object.values(getTableColumns(table))[0]!
    out[name] = JSON.parse(JSON.stringify(await database.db.select().from(table).orderBy(asc(first)))) as unknown[]
  }
  return out
}

async function withApp<T>(
  database: OpenDatabase,
  work: (
    inject: (o: {
      method?: 'GET' | 'POST'
      url: string
      payload?: object
      cookie?: string
    }) => Promise<{ statusCode: number; json<J>(): J }>,
  ) => Promise<T>,
): Promise<T> {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent' }), {
    db: database.db,
    content: await testContent(),
  })
  try {
    return await work((o) =>
      app.inject({
        method: o.method ?? 'GET',
        url: o.url,
        payload: o.payload,
        headers: { origin: ORIGIN, ...(o.cookie ? { cookie: o.cookie } : {}) },
      }),
    )
  } finally {
    await app.close()
  }
}

describe('backup and restore', () => {
  it(`round-trips accounts, sessions, sync records and ratings (${TEST_DB})`, async () => {
    const source = await target()
    const file = join(
      mkdtempSync(join(tmpdir(), 'zk-backup-file-')),
      TEST_DB === 'pglite' ? 'backup.tar.gz' : 'backup.dump',
    )
    cleanups.push(() => rmSync(join(file, '..'), { recursive: true, force: true }))

    const original = await openDatabase(source)
    await original.migrate()
    await seedBases(original.db, (await testContent()).bases)
    const staff = await createAccount(original.db, {
      username: 'backup-staff',
      password: 'backup-password-1',
      displayName: '门岗',
      role: 'base_staff',
      status: 'active',
      baseId: A,
    })
    await createAccount(original.db, {
      username: 'backup-school',
      password: 'backup-password-2',
      displayName: '王老师',
      role: 'school',
      status: 'pending',
      school: { name: '长沙市实验小学', province: '湖南省', city: '长沙市', contact: 'teacher@example.cn' },
    })
    const cookie = `zk_session=${(await createSession(original.db, staff.id)).token}`
    await withApp(original, async (inject) => {
      const records = [
        ...Array.from({ length: 30 }, (_, i) => ({
          id: uuidv7(),
          kind: 'tally',
          baseId: A,
          payload: { audience: 'student', count: i + 1, at: '2026-05-12T10:00:00+08:00' },
        })),
        {
          id: uuidv7(),
          kind: 'activity',
          baseId: A,
          baseVersion: 0,
          payload: { type: 'lecture', title: '地球日讲座', date: '2026-04-22', participants: 120 },
        },
      ]
      const pushed = await inject({
        method: 'POST',
        url: '/api/sync/push',
        payload: { deviceId: 'backup-device', records },
        cookie,
      })
      expect(pushed.json<{ acks: PushAck[] }>().acks.every((a) => a.status === 'accepted')).toBe(true)
      for (const score of [5, 4, 3]) {
        const { deviceToken } = (await inject({ method: 'POST', url: '/api/ratings/device' })).json<{
          deviceToken: string
        }>()
        expect(
          (
            await inject({
              method: 'POST',
              url: '/api/ratings',
              payload: { baseId: A, deviceId: deviceToken, score, comment: '很好' },
            })
          ).statusCode,
        ).toBe(201)
      }
    })
    const before = await snapshot(original)
    expect(before.sync_records).toHaveLength(31)
    // The embedded database must be closed (server stopped) for a consistent copy: as documented.
    await original.close()

    const { bytes } = await backupDatabase(source, file)
    expect(bytes).toBeGreaterThan(1000)

    const fresh = await target()
    await restoreDatabase(fresh, file)
    const restored = await openDatabase(fresh)
    cleanups.push(() => restored.close())
    await restored.migrate() // nothing to do: the migrations table came along
    expect(await snapshot(restored)).toEqual(before)

    // The restored database works: the session still signs in, and new records get later change numbers.
    const maxChange = Math.max(...(before.sync_records as { change: number }[]).map((r) => r.change))
    await withApp(restored, async (inject) => {
      expect(
        (await inject({ url: '/api/auth/session', cookie })).json<{ account: { username: string } }>().account.username,
      ).toBe('backup-staff')
      const pushed = await inject({
        method: 'POST',
        url: '/api/sync/push',
        payload: {
          deviceId: 'backup-device',
          records: [
            {
              id: uuidv7(),
              kind: 'tally',
              baseId: A,
              payload: { audience: 'public', count: 1, at: '2026-05-13T10:00:00+08:00' },
            },
          ],
        },
        cookie,
      })
      expect(pushed.json<{ acks: PushAck[] }>().acks[0]?.status).toBe('accepted')
      const pulled = await inject({ url: `/api/sync/pull?baseId=${A}&cursor=${String(maxChange)}`, cookie })
      expect(pulled.json<{ records: unknown[] }>().records).toHaveLength(1)
    })
  }, 300_000)

  it('refuses to restore over an existing embedded database unless asked, and keeps the old one', async () => {
    if (TEST_DB !== 'pglite') {
      // PostgreSQL restores replace in one transaction; a missing file is still a clear error.
      await expect(restoreDatabase(await target(), '/nonexistent/backup.dump')).rejects.toThrow(BackupError)
      return
    }
    const source = await target()
    if (source.driver !== 'pglite') throw new Error('unreachable')
    const db = await openDatabase(source)
    await db.migrate()
    await db.close()
    const file = join(source.dataDir, 'b.tar.gz')
    await backupDatabase(source, file)
    await expect(restoreDatabase(source, file)).rejects.toThrow(/already holds a database.*--replace/)
    const { keptAs } = await restoreDatabase(source, file, { replace: true })
    expect(keptAs).toMatch(/pglite\.before-restore-/)
  }, 180_000)
})
