// Pushing 10,000 visitor tallies from a staff phone's queue to the server over loopback HTTP, in
// the protocol's batches (PUSH_BATCH_MAX per POST /api/sync/push, one ack per record), on PGlite
// and on PostgreSQL, against a plain batched INSERT of the same number of rows into the same table
// of the same database in the same run. ratio = ours / peer: what the protocol costs (HTTP, JSON,
// per-record validation, authorization, duplicate check, acks) over writing the rows directly.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (an admin URL; a fresh database is created),
// otherwise a throwaway cluster is started with scripts/pg-throwaway.sh (Debian's postgresql).
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import { createThrowawayDatabase } from '../scripts/throwaway-database.ts'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { loadContent } from '../src/server/content/load-content.ts'
import { openDatabase, type DatabaseTarget } from '../src/server/db/connect.ts'
import { syncRecords } from '../src/server/db/schema.ts'
import { seedBases } from '../src/server/db/seed.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import { PUSH_BATCH_MAX, VISITOR_AUDIENCES, type PushResponse } from '../src/shared/index.ts'

export interface SyncPushFigure {
  bench: 'sync-push'
  db: 'pglite' | 'postgres'
  records: number
  records_per_s: number
  peer: 'batched-insert'
  peer_records_per_s: number
  ratio: number
}

const BASE = 'geological-museum-of-china'
const round = (v: number, digits = 3) => Number(v.toPrecision(digits))

function tallies(n: number) {
  const start = Date.parse('2026-05-12T01:00:00Z')
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    kind: 'tally' as const,
    baseId: BASE,
    payload: {
      audience: VISITOR_AUDIENCES[i % VISITOR_AUDIENCES.length]!,
      count: 1 + (i % 3),
      at: new Date(start + i * 1000).toISOString(),
    },
  }))
}

async function measureOn(
  kind: 'pglite' | 'postgres',
  target: DatabaseTarget,
  records: number,
): Promise<SyncPushFigure> {
  const database = await openDatabase(target)
  await database.migrate()
  const content = await loadContent('content')
  if (!content.ok) throw new Error('sync-push: content/ does not build')
  await seedBases(database.db, content.content.bases)
  await createAccount(database.db, {
    username: 'bench-staff',
    password: 'bench-staff-password',
    displayName: 'bench',
    role: 'base_staff',
    status: 'active',
    baseId: BASE,
  })
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent-static-dir' }), {
    db: database.db,
    content: content.content,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const origin = `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`
  try {
    const login = await fetch(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'bench-staff', password: 'bench-staff-password' }),
    })
    if (!login.ok) throw new Error(`sync-push: login failed ${String(login.status)}`)
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!

    // Ours: the phone's queue drained batch by batch, each answered before the next (as the engine does).
    const queue = tallies(records)
    const oursStart = performance.now()
    for (let i = 0; i < queue.length; i += PUSH_BATCH_MAX) {
      const response = await fetch(`${origin}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, cookie },
        body: JSON.stringify({ deviceId: 'bench-device-1', records: queue.slice(i, i + PUSH_BATCH_MAX) }),
      })
      const body = (await response.json()) as PushResponse
      if (!response.ok || body.acks.some((a) => a.status !== 'accepted'))
        throw new Error(`sync-push: batch ${String(i)} not accepted: ${JSON.stringify(body).slice(0, 300)}`)
    }
    const oursS = (performance.now() - oursStart) / 1000

    // Peer: the same number of rows, same columns, written straight into the same table.
    const rows = tallies(records).map((r) => ({
      id: r.id,
      kind: r.kind,
      baseId: r.baseId,
      version: 1,
      payload: r.payload,
      deviceId: 'bench-device-2',
      day: r.payload.at.slice(0, 10),
      category: r.payload.audience,
      amount: r.payload.count,
    }))
    const peerStart = performance.now()
    for (let i = 0; i < rows.length; i += PUSH_BATCH_MAX)
      await database.db.insert(syncRecords).values(rows.slice(i, i + PUSH_BATCH_MAX))
    const peerS = (performance.now() - peerStart) / 1000

    const oursRate = records / oursS
    const peerRate = records / peerS
    return {
      bench: 'sync-push',
      db: kind,
      records,
      records_per_s: Math.round(oursRate),
      peer: 'batched-insert',
      peer_records_per_s: Math.round(peerRate),
      ratio: round(oursRate / peerRate),
    }
  } finally {
    await app.close()
    await database.close()
  }
}

/** A fresh PostgreSQL database for the run, and how to drop it (and the cluster, if we started one). */
export async function postgresTarget(): Promise<{ target: DatabaseTarget; done: () => Promise<void> }> {
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  let cluster: string | null = null
  if (!adminUrl) {
    cluster = mkdtempSync(join(tmpdir(), 'zk-bench-pg-'))
    adminUrl = execFileSync('bash', ['scripts/pg-throwaway.sh', 'start', cluster, '55461'], { encoding: 'utf8' }).trim()
  }
  const { url, drop } = await createThrowawayDatabase(adminUrl, `zk_bench_${String(process.pid)}`)
  return {
    target: { driver: 'postgres', url },
    done: async () => {
      await drop()
      if (cluster) execFileSync('bash', ['scripts/pg-throwaway.sh', 'stop', cluster])
    },
  }
}

export async function measureSyncPush(records = 10_000): Promise<SyncPushFigure[]> {
  const figures = [await measureOn('pglite', { driver: 'pglite', dataDir: 'memory://' }, records)]
  const { target, done } = await postgresTarget()
  try {
    figures.push(await measureOn('postgres', target, records))
  } finally {
    await done()
  }
  return figures
}
