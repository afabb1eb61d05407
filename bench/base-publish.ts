// From an admin's approval of a base edit to the new value in GET /api/bases.geojson, as a visitor's
// phone asks for it: the staff member proposes a new name over HTTP, the visitor's copy of the
// GeoJSON is warm in the server's cache, then the clock starts, the admin approves, and the visitor
// asks again and again until the new name is there. On PGlite (one instance), and on PostgreSQL
// with two instances: the admin approves through one and the visitor reads from the other, which
// learns of the write from NOTIFY (cache/data-versions.ts). Median and worst of the runs.
import { performance } from 'node:perf_hooks'
import { loadContent } from '../src/server/content/load-content.ts'
import type { DatabaseTarget } from '../src/server/db/connect.ts'
import { createAccount } from '../src/server/services/account-service.ts'
import { createSession } from '../src/server/services/session-service.ts'
import type { BaseEditRecord, BaseProposal } from '../src/shared/schemas/base-edit.ts'
import { startBenchApp, type BenchApp } from './bench-app.ts'
import { postgresTarget } from './sync-push.ts'

export interface BasePublishFigure {
  bench: 'base-publish'
  db: 'pglite' | 'postgres'
  instances: 1 | 2
  runs: number
  /** Median ms from sending the approval to the new value in the visitor's GeoJSON. */
  ms_to_visible: number
  max_ms: number
  /** Median of the approval request alone. */
  approve_ms: number
}

const BASE = 'geological-museum-of-china'
const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
const round = (v: number) => Math.round(v * 10) / 10

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok)
    throw new Error(`base-publish: ${what} answered ${String(response.status)} ${await response.text()}`)
  return (await response.json()) as T
}

async function nameIn(origin: string): Promise<string | undefined> {
  const body = await json<{ features: { id: string; properties: { name_zh: string } }[] }>(
    await fetch(`${origin}/api/bases.geojson`),
    'GET /api/bases.geojson',
  )
  return body.features.find((f) => f.id === BASE)?.properties.name_zh
}

async function measureOn(db: 'pglite' | 'postgres', target: DatabaseTarget, runs: number): Promise<BasePublishFigure> {
  const content = await loadContent('content')
  if (!content.ok) throw new Error('base-publish: content/ does not build')
  const writer = await startBenchApp(content.content.bases, target)
  let reader: BenchApp = writer
  if (db === 'postgres') reader = await startBenchApp(content.content.bases, target, { prepare: false })
  try {
    const account = (role: 'admin' | 'base_staff') =>
      createAccount(writer.database.db, {
        username: `bench-${role}`,
        password: `bench-${role}-password`,
        displayName: role,
        role,
        status: 'active',
        baseId: role === 'base_staff' ? BASE : null,
      })
    const headers = async (id: string) => ({
      'content-type': 'application/json',
      origin: writer.origin,
      cookie: `zk_session=${(await createSession(writer.database.db, id)).token}`,
    })
    const staff = await headers((await account('base_staff')).id)
    const admin = await headers((await account('admin')).id)

    const visible: number[] = []
    const approving: number[] = []
    for (let run = 0; run < runs; run++) {
      const record = await json<BaseEditRecord>(
        await fetch(`${writer.origin}/api/base-profiles/${BASE}`, { headers: staff }),
        'GET record',
      )
      const name = `中国地质博物馆（第 ${String(run + 1)} 次更名）`
      const { proposal } = await json<{ proposal: BaseProposal }>(
        await fetch(`${writer.origin}/api/base-profiles/${BASE}/proposals`, {
          method: 'POST',
          headers: staff,
          body: JSON.stringify({
            changes: { name: { ...record.values.name, zh: name } },
            loadedVersions: { name: record.fields.name.version },
          }),
        }),
        'POST proposal',
      )
      // The visitor's copy is cached on the reading instance, as on a busy day.
      if ((await nameIn(reader.origin)) === name) throw new Error('base-publish: published before approval')
      const started = performance.now()
      await json(
        await fetch(`${writer.origin}/api/admin/base-proposals/${proposal.id}/approve`, {
          method: 'POST',
          headers: admin,
          body: '{}',
        }),
        'POST approve',
      )
      approving.push(performance.now() - started)
      while ((await nameIn(reader.origin)) !== name) {
        if (performance.now() - started > 10_000) throw new Error('base-publish: not visible after 10 s')
      }
      visible.push(performance.now() - started)
    }
    return {
      bench: 'base-publish',
      db,
      instances: reader === writer ? 1 : 2,
      runs,
      ms_to_visible: round(median(visible)),
      max_ms: round(Math.max(...visible)),
      approve_ms: round(median(approving)),
    }
  } finally {
    if (reader !== writer) await reader.close()
    await writer.close()
  }
}

export async function measureBasePublish(runs = 20): Promise<BasePublishFigure[]> {
  const figures = [await measureOn('pglite', { driver: 'pglite', dataDir: 'memory://' }, runs)]
  const { target, done } = await postgresTarget()
  try {
    figures.push(await measureOn('postgres', target, runs))
  } finally {
    await done()
  }
  return figures
}
