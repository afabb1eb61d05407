// Pushing visitor tallies from staff phones' queues to the server over loopback HTTP, in the
// protocol's batches (PUSH_BATCH_MAX per POST /api/sync/push, one ack per record), on PGlite and on
// PostgreSQL, against a plain batched INSERT (Drizzle's multi-row VALUES) of the same rows into the
// same table of the same database in the same run. ratio = ours / peer: what the protocol costs
// (HTTP, JSON, per-record validation, authorization, duplicate check, acks, the push locks) over
// writing the rows directly. Twice per database: one phone (10,000 tallies), then four phones at
// four bases, each its own staff account, session and deviceId, draining 10,000 tallies each at
// once, against four writers inserting at once (`devices` in the line). The phones run in a worker
// thread (sync-push-phones.ts), as they are other machines; the server and the peer share the main one.
// PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (an admin URL; a fresh database is created),
// otherwise a throwaway cluster is started with scripts/pg-throwaway.sh (Debian's postgresql).
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { v7 as uuidv7 } from 'uuid'
import { createThrowawayDatabase } from '../scripts/throwaway-database.ts'
import { buildApp } from '../src/server/app.ts'
import { loadConfig } from '../src/server/config.ts'
import { loadContent } from '../src/server/content/load-content.ts'
import { openDatabase, type DatabaseTarget, type OpenDatabase } from '../src/server/db/connect.ts'
import { syncRecords } from '../src/server/db/schema.ts'
import { seedBases } from '../src/server/db/seed.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import { PUSH_BATCH_MAX, VISITOR_AUDIENCES } from '../src/shared/index.ts'
import type { PhonesAnswer, PhonesData } from './sync-push-phones.ts'

export interface SyncPushFigure {
  bench: 'sync-push'
  db: 'pglite' | 'postgres'
  /** Phones draining their queues at once, each its own staff account, base, session and deviceId. */
  devices: number
  /** Rows written in the measurement (every device's queue). */
  records: number
  records_per_s: number
  peer: 'batched-insert'
  peer_records_per_s: number
  ratio: number
}

/** One base per phone: the national scale is many bases counting at once. */
const BASES = [
  'geological-museum-of-china',
  'hunan-geo-museum',
  'zhejiang-mapping-museum',
  'chengdu-natural-history-museum',
]
const round = (v: number, digits = 3) => Number(v.toPrecision(digits))

function tallies(n: number, baseId: string) {
  const start = Date.parse('2026-05-12T01:00:00Z')
  return Array.from({ length: n }, (_, i) => ({
    id: uuidv7(),
    kind: 'tally' as const,
    baseId,
    payload: {
      audience: VISITOR_AUDIENCES[i % VISITOR_AUDIENCES.length]!,
      count: 1 + (i % 3),
      at: new Date(start + i * 1000).toISOString(),
    },
  }))
}

interface Phone {
  baseId: string
  accountId: string
  cookie: string
  deviceId: string
}

/** The phones drain their queues at once from a worker thread (sync-push-phones.ts); the seconds that took. */
async function drainAll(origin: string, phones: readonly Phone[], queues: readonly unknown[][]): Promise<number> {
  const data: PhonesData = {
    origin,
    phones: phones.map((p, n) => ({ cookie: p.cookie, deviceId: p.deviceId, records: queues[n]! })),
  }
  // A worker does not inherit tsx's loader from `--import tsx`: it registers it, then loads the phones.
  const phonesUrl = new URL('./sync-push-phones.ts', import.meta.url).href
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(phonesUrl)}) })`,
    { eval: true, workerData: data },
  )
  try {
    const answer = await new Promise<PhonesAnswer>((resolve, reject) => {
      worker.on('error', reject)
      worker.on('message', (message: 'ready' | PhonesAnswer) => {
        if (message === 'ready') worker.postMessage('go')
        else resolve(message)
      })
    })
    if ('error' in answer) throw new Error(answer.error)
    return answer.seconds
  } finally {
    await worker.terminate()
  }
}

/** The peer's writer: the same rows, same columns, written straight into the same table in the same batches. */
async function insertDirectly(database: OpenDatabase, phone: Phone, queue: ReturnType<typeof tallies>): Promise<void> {
  const rows = queue.map((r) => ({
    id: r.id,
    kind: r.kind,
    baseId: r.baseId,
    version: 1,
    payload: r.payload,
    authorId: phone.accountId,
    deviceId: `${phone.deviceId}-peer`,
    day: r.payload.at.slice(0, 10),
    category: r.payload.audience,
    amount: r.payload.count,
  }))
  for (let i = 0; i < rows.length; i += PUSH_BATCH_MAX)
    await database.db.insert(syncRecords).values(rows.slice(i, i + PUSH_BATCH_MAX))
}

async function measureOn(
  kind: 'pglite' | 'postgres',
  target: DatabaseTarget,
  perDevice: number,
  deviceCounts: readonly number[],
): Promise<SyncPushFigure[]> {
  const database = await openDatabase(target)
  await database.migrate()
  const content = await loadContent('content')
  if (!content.ok) throw new Error('sync-push: content/ does not build')
  await seedBases(database.db, content.content.bases)
  const most = Math.max(...deviceCounts)
  const accountIds: string[] = []
  for (const [n, baseId] of BASES.slice(0, most).entries()) {
    accountIds.push(
      (
        await createAccount(database.db, {
          username: `bench-staff-${String(n)}`,
          password: 'bench-staff-password',
          displayName: 'bench',
          role: 'base_staff',
          status: 'active',
          baseId,
        })
      ).id,
    )
  }
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', STATIC_DIR: '/nonexistent-static-dir' }), {
    db: database.db,
    content: content.content,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const origin = `http://127.0.0.1:${String((app.server.address() as AddressInfo).port)}`
  try {
    const phones: Phone[] = []
    for (const [n, baseId] of BASES.slice(0, most).entries()) {
      const login = await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ username: `bench-staff-${String(n)}`, password: 'bench-staff-password' }),
      })
      if (!login.ok) throw new Error(`sync-push: login failed ${String(login.status)}`)
      phones.push({
        baseId,
        accountId: accountIds[n]!,
        cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!,
        deviceId: `bench-device-${String(n)}`,
      })
    }
    const figures: SyncPushFigure[] = []
    for (const devices of deviceCounts) {
      const active = phones.slice(0, devices)
      const queues = active.map((p) => tallies(perDevice, p.baseId))
      const oursS = await drainAll(origin, active, queues)

      // Peer: as many writers as phones, at once, each its own connection on PostgreSQL.
      const peerQueues = active.map((p) => tallies(perDevice, p.baseId))
      const peerStart = performance.now()
      await Promise.all(active.map((p, n) => insertDirectly(database, p, peerQueues[n]!)))
      const peerS = (performance.now() - peerStart) / 1000

      const records = perDevice * devices
      const oursRate = records / oursS
      const peerRate = records / peerS
      figures.push({
        bench: 'sync-push',
        db: kind,
        devices,
        records,
        records_per_s: Math.round(oursRate),
        peer: 'batched-insert',
        peer_records_per_s: Math.round(peerRate),
        ratio: round(oursRate / peerRate),
      })
    }
    return figures
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

/** Each device's queue is `perDevice` tallies; one line per database and device count. */
export async function measureSyncPush(
  perDevice = 10_000,
  deviceCounts: readonly number[] = [1, 4],
  databases: readonly ('pglite' | 'postgres')[] = ['pglite', 'postgres'],
): Promise<SyncPushFigure[]> {
  const figures: SyncPushFigure[] = []
  if (databases.includes('pglite'))
    figures.push(...(await measureOn('pglite', { driver: 'pglite', dataDir: 'memory://' }, perDevice, deviceCounts)))
  if (!databases.includes('postgres')) return figures
  const { target, done } = await postgresTarget()
  try {
    figures.push(...(await measureOn('postgres', target, perDevice, deviceCounts)))
  } finally {
    await done()
  }
  return figures
}
