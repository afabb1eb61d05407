import { randomBytes } from 'node:crypto'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { createThrowawayDatabase } from '../../../scripts/throwaway-database.ts'
import { buildApp } from '../../../src/server/app.ts'
import { loadConfig, type AppConfig } from '../../../src/server/config.ts'
import type { BuiltContent } from '../../../src/server/content/built-content.ts'
import { loadContent } from '../../../src/server/content/load-content.ts'
import { openDatabase, type DatabaseTarget, type OpenDatabase } from '../../../src/server/db/connect.ts'
import { seedBases, seedExperts } from '../../../src/server/db/seed.ts'
import { seedWorks } from '../../../src/server/db/seed-works.ts'
import { createAccount } from '../../../src/server/services/account-service.ts'
import type { Role } from '../../../src/shared/index.ts'

/** 'pglite' or 'postgres': set per Vitest project (vitest.config.ts). */
export const TEST_DB = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'

let contentPromise: Promise<BuiltContent> | undefined
export function testContent(): Promise<BuiltContent> {
  contentPromise ??= loadContent('content').then((r) => {
    if (!r.ok) throw new Error(`content/ does not build: ${JSON.stringify(r.errors.slice(0, 3))}`)
    return r.content
  })
  return contentPromise
}

/** A fresh, empty database for one test file: in-memory PGlite, or a new PostgreSQL database. */
export async function freshDatabase(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  if (TEST_DB === 'pglite') return { target: { driver: 'pglite', dataDir: 'memory://' }, drop: async () => {} }
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL')
  const { url, drop } = await createThrowawayDatabase(adminUrl, `zk_test_${randomBytes(6).toString('hex')}`)
  return { target: { driver: 'postgres', url }, drop }
}

export interface TestApp {
  app: FastifyInstance
  database: OpenDatabase
  config: AppConfig
  close(): Promise<void>
}

/** A fresh, migrated database seeded with the content's bases, and the config the test app runs with. */
export async function seededDatabase(env: Record<string, string> = {}): Promise<{
  database: OpenDatabase
  target: DatabaseTarget
  content: BuiltContent
  config: AppConfig
  drop: () => Promise<void>
}> {
  const { target, drop } = await freshDatabase()
  const database = await openDatabase(target)
  await database.migrate()
  const content = await testContent()
  await seedBases(database.db, content.bases)
  await seedExperts(database.db, content.expertBatches)
  await seedWorks(database.db, content.works)
  const config = loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent-static-dir', ...env })
  return { database, target, content, config, drop }
}

/** The real app (buildApp) on a fresh, migrated and seeded database. Close it in afterAll. */
export async function buildTestApp(
  env: Record<string, string> = {},
  setup?: (app: FastifyInstance) => void,
): Promise<TestApp> {
  const { database, content, config, drop } = await seededDatabase(env)
  const app = await buildApp(config, { db: database.db, content })
  setup?.(app)
  await app.ready()
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close()
      await database.close()
      await drop()
    },
  }
}

export const ORIGIN = 'http://localhost:80'

/** A browser-like client: keeps the session cookie and sends our own Origin on writes. */
export class TestClient {
  cookie: string | undefined
  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(options.headers as Record<string, string> | undefined) }
    if (this.cookie) headers.cookie = this.cookie
    if (options.method && options.method !== 'GET' && !('origin' in headers)) headers.origin = ORIGIN
    const response = await this.app.inject({ remoteAddress: this.ip, ...options, headers })
    const set = response.cookies.find((c) => c.name === 'zk_session')
    if (set) this.cookie = set.value ? `zk_session=${set.value}` : undefined
    return response
  }

  login(username: string, password: string) {
    return this.request({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  }
}

/** A rating device token as a phone gets it (`POST /api/ratings/device`), asked from its own address. */
export async function ratingDeviceToken(app: FastifyInstance, ip = '198.51.100.200'): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/ratings/device',
    remoteAddress: ip,
    headers: { origin: ORIGIN },
  })
  if (response.statusCode !== 201) throw new Error(`device token: ${response.statusCode} ${response.body}`)
  return response.json<{ deviceToken: string }>().deviceToken
}

/** Creates an account straight through the service (tests of other features need staff fast). */
export async function seedAccount(
  t: TestApp,
  username: string,
  role: Role,
  extra: { baseId?: string; status?: 'active' | 'pending' } = {},
) {
  const password = `${username}-password`
  const account = await createAccount(t.database.db, {
    username,
    password,
    displayName: username,
    role,
    status: extra.status ?? 'active',
    baseId: extra.baseId ?? null,
  })
  return { account, password }
}
