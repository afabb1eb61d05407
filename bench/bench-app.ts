// An in-process app on a fresh embedded (or PostgreSQL) database, seeded with the given bases, for
// the benches that measure what the server builds (map-cluster's table, base-publish's latency).
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { openDatabase, type DatabaseTarget, type OpenDatabase } from '../src/server/db/connect.ts'
import { seedBases } from '../src/server/db/seed.ts'
import type { BuiltBase } from '../src/shared/index.ts'
import type { SyntheticBase } from './synthetic-bases.ts'

export interface BenchApp {
  app: FastifyInstance
  database: OpenDatabase
  /** `http://127.0.0.1:port` of the listening app. */
  origin: string
  close(): Promise<void>
}

/** `prepare: false` for a second instance on a database another one already migrated and seeded. */
export async function startBenchApp(
  bases: readonly BuiltBase[],
  target: DatabaseTarget = { driver: 'pglite', dataDir: 'memory://' },
  { prepare = true }: { prepare?: boolean } = {},
): Promise<BenchApp> {
  const database = await openDatabase(target)
  if (prepare) {
    await database.migrate()
    await seedBases(database.db, bases)
  }
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent-static-dir' }), {
    db: database.db,
    content: { bases: [...bases], themeDays: [], works: [], guides: [], expertBatches: [] },
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    app,
    database,
    origin: `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`,
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}

/** A synthetic map point as the server stores a base. */
export function builtFromSynthetic(point: SyntheticBase): BuiltBase {
  return {
    id: point.id,
    name: { zh: point.label, en: point.label },
    category: point.category,
    province: '北京市',
    city: null,
    location: { lat: point.lat, lon: point.lon, precision: point.precision, confidence: 'medium' },
    designation: { title: null, year: null, verified: false },
    website: null,
    sources: [],
    approximate: point.approximate,
    search: { pinyin: '', initials: '' },
  }
}
