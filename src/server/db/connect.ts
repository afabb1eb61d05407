import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import * as schema from './schema.ts'

/** One handle type for both drivers (the union of the two driver types breaks `.returning()`). */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>

export type DatabaseTarget = { driver: 'pglite'; dataDir: string } | { driver: 'postgres'; url: string }

export interface OpenDatabase {
  db: Database
  driver: DatabaseTarget['driver']
  /** Runs pending migrations from src/server/db/migrations (the same files for both drivers). */
  migrate(): Promise<void>
  close(): Promise<void>
}

/** What a job queue (pg-boss, server/jobs/) needs to reach the same database: the embedded PGlite itself, or the URL. */
export type QueueConnection = { driver: 'pglite'; client: PGlite } | { driver: 'postgres'; url: string }
const queueConnections = new WeakMap<Database, QueueConnection>()
/** The connection behind a handle made by openDatabase(); undefined for any other handle. */
export function queueConnectionOf(db: Database): QueueConnection | undefined {
  return queueConnections.get(db)
}

const migrationsFolder = join(import.meta.dirname, 'migrations')

export class DatabaseConnectError extends Error {
  override name = 'DatabaseConnectError'
}

/** Where a PostgreSQL URL points, without its password, for error messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || '5432'}/${u.pathname.slice(1) || 'postgres'} as ${decodeURIComponent(u.username) || '(default user)'}`
  } catch {
    return '(unparsable URL)'
  }
}

export function targetFromConfig(config: { databaseUrl: string | undefined; dataDir: string }): DatabaseTarget {
  return config.databaseUrl
    ? { driver: 'postgres', url: config.databaseUrl }
    : { driver: 'pglite', dataDir: config.dataDir }
}

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.driver === 'pglite') {
    const memory = target.dataDir.startsWith('memory://')
    const path = memory ? target.dataDir : resolve(target.dataDir, 'pglite')
    if (!memory) mkdirSync(path, { recursive: true })
    const client = await PGlite.create(path)
    const db = drizzlePglite({ client, schema })
    queueConnections.set(db, { driver: 'pglite', client })
    return {
      db: db as unknown as Database,
      driver: 'pglite',
      migrate: () => migratePglite(db, { migrationsFolder }),
      close: () => client.close(),
    }
  }
  // A burst (hundreds of teachers registering the moment an event opens) queues for the pool's
  // connections; waiting is better than failing, so a request may wait up to 30 s for one. The
  // first connection below is bounded separately, so a wrong DATABASE_URL still fails fast.
  const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 30_000 })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  try {
    const probe = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 5000 })
    probe.on('error', () => {})
    await probe.connect().finally(() => probe.end().catch(() => {}))
  } catch (error) {
    await pool.end().catch(() => {})
    const reason = error instanceof Error ? error.message : String(error)
    throw new DatabaseConnectError(
      `Cannot connect to PostgreSQL at ${describeUrl(target.url)}: ${reason.replaceAll(target.url, '(DATABASE_URL)')}. Check DATABASE_URL.`,
    )
  }
  const db = drizzlePg({ client: pool, schema })
  queueConnections.set(db, { driver: 'postgres', url: target.url })
  return {
    db: db as unknown as Database,
    driver: 'postgres',
    migrate: () => migratePg(db, { migrationsFolder }),
    close: () => pool.end(),
  }
}
