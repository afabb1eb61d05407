import { eq } from 'drizzle-orm'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bases, media } from '../../src/server/db/schema.ts'
import { seedBases } from '../../src/server/db/seed.ts'
import { createSession } from '../../src/server/services/session-service.ts'
import type { BuiltBase } from '../../src/shared/index.ts'
import type {
  BaseEditConflict,
  BaseEditRecord,
  BaseHistoryEntry,
  BaseProposal,
  BaseProposalInput,
} from '../../src/shared/schemas/base-edit.ts'
import { toMapPoints } from '../../src/client/bases/map/map-points.ts'
import { groupByCategory } from '../../src/shared/domain/base-clusters.ts'
import { GridClusterIndex, type ClusterTable } from '../../src/shared/domain/grid-cluster.ts'
import { buildTestApp, seedAccount, TestClient, testContent, type TestApp } from './helpers/test-app.ts'

/*
 * Bases kept by their staff (issue 21): proposals, review, direct publishing of minor fields,
 * stale edits, photos, history, and the content import that must leave app edits alone.
 */

const A = 'geological-museum-of-china'
const B = 'hunan-geo-museum'

let t: TestApp
let staffA: TestClient
let staffB: TestClient
let admin: TestClient
let visitor: TestClient
let staffAId: string
let staffBId: string

async function signedIn(username: string, role: 'base_staff' | 'admin', baseId?: string) {
  const { account } = await seedAccount(t, username, role, baseId ? { baseId } : {})
  const client = new TestClient(t.app)
  client.cookie = `zk_session=${(await createSession(t.database.db, account.id)).token}`
  return { client, id: account.id }
}

beforeAll(async () => {
  t = await buildTestApp()
  ;({ client: staffA, id: staffAId } = await signedIn('profile-staff-a', 'base_staff', A))
  ;({ client: staffB, id: staffBId } = await signedIn('profile-staff-b', 'base_staff', B))
  ;({ client: admin } = await signedIn('profile-admin', 'admin'))
  visitor = new TestClient(t.app)
}, 120_000)
afterAll(async () => {
  await t.close()
})

async function record(baseId = A): Promise<BaseEditRecord> {
  const response = await staffA.request({ url: `/api/base-profiles/${baseId}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<BaseEditRecord>()
}

/** Proposes `changes` as `who`, loaded at the record's current versions. */
async function propose(
  changes: BaseProposalInput['changes'],
  options: { who?: TestClient; baseId?: string; mode?: 'review' | 'publish'; loaded?: BaseEditRecord } = {},
) {
  const { who = staffA, baseId = A, mode } = options
  // Loaded as an admin, who may read any base: the proposal itself is what is checked.
  const loaded = options.loaded ?? (await admin.request({ url: `/api/base-profiles/${baseId}` })).json<BaseEditRecord>()
  const loadedVersions = Object.fromEntries(
    Object.keys(changes).map((f) => [f, loaded.fields[f as keyof typeof loaded.fields].version]),
  )
  return who.request({
    method: 'POST',
    url: `/api/base-profiles/${baseId}/proposals`,
    payload: { changes, loadedVersions, ...(mode ? { mode } : {}) },
  })
}

async function proposed(changes: BaseProposalInput['changes'], options: Parameters<typeof propose>[1] = {}) {
  const response = await propose(changes, options)
  expect(response.statusCode, response.body).toBe(201)
  return response.json<{ proposal: BaseProposal }>().proposal
}

const approve = (id: string) => admin.request({ method: 'POST', url: `/api/admin/base-proposals/${id}/approve` })

async function publicBase(id = A) {
  const response = await visitor.request({ url: `/api/bases/${id}` })
  expect(response.statusCode).toBe(200)
  return { base: response.json<BuiltBase>(), etag: response.headers.etag }
}

async function geojsonFeature(id = A) {
  const response = await visitor.request({ url: '/api/bases.geojson' })
  const body = response.json<{
    features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[]
  }>()
  return { feature: body.features.find((f) => f.id === id)!, etag: response.headers.etag, count: body.features.length }
}

describe('the map clusters', () => {
  it('serves the national clusters for exactly the bases the map draws when nothing is filtered', async () => {
    const content = await testContent()
    const response = await visitor.request({ url: '/api/bases/clusters.json' })
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toBeTruthy()
    const index = new GridClusterIndex(toMapPoints(content.bases, 'zh'), {
      groupBy: groupByCategory,
      table: response.json<ClusterTable>(),
    })
    expect(index.usesTable).toBe(true)
    expect(index.clustersAt(4).reduce((n, c) => n + c.count, 0)).toBe(content.bases.length)
    // The same order as the map's other source of bases.
    const geojson = (await visitor.request({ url: '/api/bases.geojson' })).json<{ features: { id: string }[] }>()
    expect(geojson.features.map((f) => f.id)).toEqual(content.bases.map((b) => b.id))
  })
})

describe('staff propose, admins review', () => {
  it('publishes an approved proposal at once in /api/bases.geojson and /api/bases/:id, with new ETags', async () => {
    const before = await geojsonFeature()
    const page = await publicBase()
    const proposal = await proposed({
      name: { zh: '中国地质博物馆（新馆名）', en: 'Geological Museum of China' },
      openingHours: 'Tu-Su 09:00-16:30; Mo off',
    })
    expect(proposal).toMatchObject({ status: 'pending', baseId: A, proposedBy: { id: staffAId } })
    expect(proposal.diff.map((d) => d.field)).toEqual(['name', 'openingHours'])
    expect(proposal.diff[0]).toMatchObject({
      before: page.base.name,
      after: { zh: '中国地质博物馆（新馆名）' },
      stale: false,
    })
    // Waiting for review: nothing public moved.
    expect((await geojsonFeature()).etag).toBe(before.etag)

    const pending = await admin.request({ url: '/api/admin/base-proposals?status=pending' })
    expect(pending.json<{ proposals: BaseProposal[] }>().proposals.map((p) => p.id)).toContain(proposal.id)

    const approved = await approve(proposal.id)
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json<{ proposal: BaseProposal }>().proposal).toMatchObject({ status: 'approved' })

    const after = await geojsonFeature()
    expect(after.etag).not.toBe(before.etag)
    expect(after.feature.properties.name_zh).toBe('中国地质博物馆（新馆名）')
    const now = await publicBase()
    expect(now.etag).not.toBe(page.etag)
    expect(now.base).toMatchObject({ openingHours: 'Tu-Su 09:00-16:30; Mo off', version: page.base.version! + 1 })
    expect(now.base.search.initials).toBe('zgdzbwgxgm')
    expect((await record()).fields.name).toEqual({ version: page.base.version! + 1, provenance: 'app' })
  })

  it('keeps the published record when a proposal is rejected, and tells its author why', async () => {
    const page = await publicBase()
    const proposal = await proposed({ phone: '010-12345678' })
    const rejected = await admin.request({
      method: 'POST',
      url: `/api/admin/base-proposals/${proposal.id}/reject`,
      payload: { reason: '号码与官网不符' },
    })
    expect(rejected.statusCode, rejected.body).toBe(200)
    expect((await publicBase()).base).toEqual(page.base)
    const own = await staffA.request({ url: `/api/base-profiles/${A}/proposals` })
    expect(own.json<{ proposals: BaseProposal[] }>().proposals.find((p) => p.id === proposal.id)).toMatchObject({
      status: 'rejected',
      reason: '号码与官网不符',
    })
    const again = await approve(proposal.id)
    expect(again.statusCode).toBe(409)
  })

  it('refuses staff of base A a proposal for base B, with a message that says why', async () => {
    const loaded = (await admin.request({ url: `/api/base-profiles/${B}` })).json<BaseEditRecord>()
    const response = await propose({ phone: '0731-1234567' }, { baseId: B, loaded })
    expect(response.statusCode).toBe(403)
    expect(response.json<{ message: string }>().message).toContain('own base')
    expect((await staffA.request({ url: `/api/base-profiles/${B}` })).statusCode).toBe(403)
    expect((await staffB.request({ url: `/api/base-profiles/${B}` })).statusCode).toBe(200)
    expect((await staffA.request({ url: '/api/admin/base-proposals' })).statusCode).toBe(403)
  })

  it('answers a stale edit with a conflict naming the field and its current value, never an overwrite', async () => {
    const loaded = await record()
    const first = await proposed({ booking: '请提前一天预约。' }, { loaded })
    const second = await proposed({ booking: '无需预约。' }, { loaded })
    expect((await approve(first.id)).statusCode).toBe(200)
    const listed = await admin.request({ url: '/api/admin/base-proposals?status=pending' })
    expect(
      listed.json<{ proposals: BaseProposal[] }>().proposals.find((p) => p.id === second.id)?.diff[0],
    ).toMatchObject({
      field: 'booking',
      current: '请提前一天预约。',
      stale: true,
    })
    const conflict = await approve(second.id)
    expect(conflict.statusCode).toBe(409)
    expect(conflict.json<BaseEditConflict>()).toMatchObject({ field: 'booking', current: '请提前一天预约。' })
    // The same for a new proposal made from the old copy.
    const late = await propose({ booking: '周一闭馆。' }, { loaded })
    expect(late.statusCode).toBe(409)
    expect(late.json<BaseEditConflict>()).toMatchObject({ field: 'booking', current: '请提前一天预约。' })
    expect((await publicBase()).base.booking).toBe('请提前一天预约。')
  })

  it('names the field of bad input: a pin outside China, hours the editor cannot read', async () => {
    const abroad = await propose({ location: { lat: 37.57, lon: 126.98 } })
    expect(abroad.statusCode).toBe(400)
    expect(abroad.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual(['body.changes.location'])
    const hours = await propose({ openingHours: 'weekdays nine to five' })
    expect(hours.statusCode).toBe(400)
    expect(hours.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual([
      'body.changes.openingHours',
    ])
  })

  it('turns a staff pin into an exact site and moves the map clusters with it', async () => {
    const clusters = await visitor.request({ url: '/api/bases/clusters.json' })
    expect(clusters.statusCode).toBe(200)
    const cached = await visitor.request({
      url: '/api/bases/clusters.json',
      headers: { 'if-none-match': clusters.headers.etag as string },
    })
    expect(cached.statusCode).toBe(304)
    const proposal = await proposed({ location: { lat: 39.9243, lon: 116.3663 } })
    expect((await approve(proposal.id)).statusCode).toBe(200)
    const { base } = await publicBase()
    expect(base.location).toEqual({ lat: 39.9243, lon: 116.3663, precision: 'site', confidence: 'high' })
    expect(base.approximate).toBe(false)
    const moved = await visitor.request({ url: '/api/bases/clusters.json' })
    expect(moved.headers.etag).not.toBe(clusters.headers.etag)
    // A publish that moves no point keeps the table (and its ETag).
    const phone = await proposed({ tourLanguages: ['zh', 'en'] })
    expect((await approve(phone.id)).statusCode).toBe(200)
    expect((await visitor.request({ url: '/api/bases/clusters.json' })).headers.etag).toBe(moved.headers.etag)
  })
})

describe('minor fields without review', () => {
  it('publishes hours, closures and phone directly once an admin allows it, and nothing else', async () => {
    const refused = await propose({ phone: '010-66557858' }, { mode: 'publish' })
    expect(refused.statusCode).toBe(403)
    const allowed = await admin.request({
      method: 'PUT',
      url: `/api/admin/base-profiles/${A}/settings`,
      payload: { minorFieldsDirect: true },
    })
    expect(allowed.statusCode, allowed.body).toBe(200)
    expect((await record()).minorFieldsDirect).toBe(true)

    const closures = [{ from: '2026-07-01', to: '2026-07-03', reason: { zh: '设备检修' } }]
    const direct = await proposed({ phone: '010-66557858', closures }, { mode: 'publish' })
    expect(direct.status).toBe('published')
    expect((await publicBase()).base).toMatchObject({ phone: '010-66557858', closures })

    const major = await propose({ phone: '010-66557859', address: '北京市西城区西四羊肉胡同15号' }, { mode: 'publish' })
    expect(major.statusCode).toBe(403)
    expect(major.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual(['changes.address'])
  })
})

describe('photos', () => {
  async function storedMedia(ownerId: string, kind: 'image' | 'pdf', purpose: 'base-photo' | 'attachment') {
    const id = uuidv7()
    await t.database.db.insert(media).values({
      id,
      ownerId,
      purpose,
      kind,
      contentType: kind === 'image' ? 'image/jpeg' : 'application/pdf',
      bytes: 1000,
      width: kind === 'image' ? 1600 : null,
      height: kind === 'image' ? 1200 : null,
      dominantColor: kind === 'image' ? '#557799' : null,
      variants:
        kind === 'image'
          ? [
              { width: 800, height: 600, format: 'webp', key: `media/${id}/aaaa-800.webp`, bytes: 400 },
              { width: 320, height: 240, format: 'jpeg', key: `media/${id}/bbbb-320.jpg`, bytes: 100 },
            ]
          : [],
    })
    return id
  }

  it("refuses someone else's upload and a file that is not an image, naming the photo", async () => {
    const others = await storedMedia(staffBId, 'image', 'base-photo')
    const pdf = await storedMedia(staffAId, 'pdf', 'attachment')
    const response = await propose({ photos: [{ mediaId: others, caption: { zh: '外景' } }] })
    expect(response.statusCode).toBe(400)
    expect(response.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual([
      'changes.photos.0.mediaId',
    ])
    const notImage = await propose({ photos: [{ mediaId: pdf, caption: { zh: '说明书' } }] })
    expect(notImage.statusCode).toBe(400)
    expect(notImage.json<{ message: string }>().message).toContain('not an image')
    const many = await propose({
      photos: Array.from({ length: 13 }, () => ({ mediaId: uuidv7(), caption: { zh: '照' } })),
    })
    expect(many.statusCode).toBe(400)
  })

  it('publishes own photos with their sizes, in order, and makes their media public', async () => {
    const hall = await storedMedia(staffAId, 'image', 'base-photo')
    const fossil = await storedMedia(staffAId, 'image', 'base-photo')
    const proposal = await proposed({
      photos: [
        { mediaId: fossil, caption: { zh: '恐龙化石', en: 'Dinosaur fossil' } },
        { mediaId: hall, caption: { zh: '大厅' } },
      ],
    })
    expect((await visitor.request({ url: `/api/media/${hall}` })).statusCode).toBe(404)
    expect((await approve(proposal.id)).statusCode).toBe(200)
    const { base } = await publicBase()
    expect(base.photos!.map((p) => p.mediaId)).toEqual([fossil, hall])
    expect(base.photos![0]).toMatchObject({ width: 1600, height: 1200, dominantColor: '#557799' })
    expect(base.photos![0]!.variants.map((v) => v.width)).toEqual([320, 800])
    expect((await visitor.request({ url: `/api/media/${hall}` })).statusCode).toBe(200)
  })
})

describe('history', () => {
  it('records every write: who, when, the field, its previous and new value', async () => {
    const response = await admin.request({ url: `/api/admin/base-profiles/${A}/history` })
    expect(response.statusCode).toBe(200)
    const history = response.json<{ history: BaseHistoryEntry[] }>().history
    const published = history.filter((h) => h.action === 'publish')
    expect(published.find((h) => h.field === 'openingHours')).toMatchObject({
      previous: 'Tu-Su 09:00-16:30',
      value: 'Tu-Su 09:00-16:30; Mo off',
      by: { displayName: 'profile-admin' },
    })
    expect(published.find((h) => h.field === 'phone')).toMatchObject({ value: '010-66557858', by: { id: staffAId } })
    expect(history.some((h) => h.action === 'reject' && h.value === '号码与官网不符')).toBe(true)
    expect(history.some((h) => h.action === 'settings' && h.value === true)).toBe(true)
    expect(history.filter((h) => h.action === 'propose').length).toBeGreaterThanOrEqual(8)
    expect(history.at(-1)).toMatchObject({ action: 'import', by: null })
    expect((await staffA.request({ url: `/api/admin/base-profiles/${A}/history` })).statusCode).toBe(403)
  })
})

describe('the content import', () => {
  it('updates fields still from content, keeps fields edited in the app, and logs what it changed', async () => {
    const content = await testContent()
    const edited = content.bases.map((b) =>
      b.id === A
        ? { ...b, phone: '010-00000000', address: '北京市西城区（内容更新）', openingHours: 'Mo-Su 08:00-18:00' }
        : b,
    )
    const before = await record()
    await seedBases(t.database.db, edited)
    const after = await record()
    expect(after.values.phone).toBe('010-66557858') // edited in the app
    expect(after.values.openingHours).toBe('Tu-Su 09:00-16:30; Mo off') // edited in the app
    expect(after.values.address).toBe('北京市西城区（内容更新）') // still content's
    expect(after.version).toBe(before.version + 1)
    expect(after.fields.address).toEqual({ version: after.version, provenance: 'content' })
    const history = (await admin.request({ url: `/api/admin/base-profiles/${A}/history` })).json<{
      history: BaseHistoryEntry[]
    }>().history
    expect(history[0]).toMatchObject({
      action: 'import',
      field: 'address',
      value: '北京市西城区（内容更新）',
      by: null,
    })
  })

  it('imports the geoparks once: a restart adds no base, changes no version and no ETag', async () => {
    const content = await testContent()
    await seedBases(t.database.db, content.bases)
    const before = await geojsonFeature('lushan-geopark')
    expect(before.feature.properties).toMatchObject({
      name_zh: '庐山世界地质公园',
      approximate: true,
      precision: 'county',
    })
    const versions = await t.database.db.select({ id: bases.id, version: bases.version }).from(bases)
    await seedBases(t.database.db, content.bases)
    const after = await geojsonFeature('lushan-geopark')
    expect(after.count).toBe(before.count)
    expect(after.etag).toBe(before.etag)
    expect(await t.database.db.select({ id: bases.id, version: bases.version }).from(bases)).toEqual(versions)
  })

  it('skips a new base whose name a listed base already has', async () => {
    const content = await testContent()
    const lushan = content.bases.find((b) => b.id === 'lushan-geopark')!
    await seedBases(t.database.db, [
      ...content.bases,
      { ...lushan, id: 'lushan-again', name: { ...lushan.name, zh: '庐山 世界地质公园' } },
    ])
    const [again] = await t.database.db.select().from(bases).where(eq(bases.id, 'lushan-again'))
    expect(again).toBeUndefined()
  })
})

describe('what phones take over their shipped copies', () => {
  const changes = (query = '', headers: Record<string, string> = {}) =>
    visitor.request({ url: `/api/bases/changes${query}`, headers })
  type Changes = { cursor: string | null; bases: BuiltBase[]; removed: string[] }

  it('sends only bases edited in the app, then what changed after the cursor, with an ETag', async () => {
    const first = await changes()
    expect(first.statusCode, first.body).toBe(200)
    const body = first.json<Changes>()
    const sent = body.bases.map((b) => b.id)
    // A was edited above; a base nobody touched in the app is what the phone already ships.
    expect(sent).toContain(A)
    expect(sent).not.toContain('lushan-geopark')
    expect(body.cursor).toMatch(/Z$/)
    expect((await changes('', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304)

    const quiet = (await changes(`?since=${body.cursor!}`)).json<Changes>()
    expect(quiet).toEqual({ cursor: body.cursor, bases: [], removed: [] })

    const proposal = await proposed({ phone: '010-12345678' })
    expect((await approve(proposal.id)).statusCode).toBe(200)
    const after = (await changes(`?since=${body.cursor!}`)).json<Changes>()
    expect(after.bases.map((b) => [b.id, b.phone])).toEqual([[A, '010-12345678']])
    expect(after.cursor! > body.cursor!).toBe(true)
  })

  it('lists a base that left the content as removed, and refuses a cursor that is not a time', async () => {
    const { cursor } = (await changes()).json<Changes>()
    const content = await testContent()
    await seedBases(
      t.database.db,
      content.bases.filter((b) => b.id !== 'lushan-geopark'),
    )
    const after = (await changes(`?since=${cursor!}`)).json<Changes>()
    expect(after.removed).toEqual(['lushan-geopark'])
    expect((await changes()).json<Changes>().removed).toContain('lushan-geopark')
    await seedBases(t.database.db, content.bases)
    const back = (await changes(`?since=${after.cursor!}`)).json<Changes>()
    expect(back.bases.map((b) => b.id)).toEqual(['lushan-geopark'])

    const bad = await changes('?since=yesterday')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ issues: { path: string }[] }>().issues.map((i) => i.path)).toEqual(['querystring.since'])
  })
})

describe('a flood of proposals', () => {
  it('stops a base at 20 waiting for review, with a message, and takes more once one is decided', async () => {
    const { MAX_PENDING_PROPOSALS } = await import('../../src/server/services/base-profile-service.ts')
    const pending = (await admin.request({ url: `/api/admin/base-proposals?status=pending&baseId=${B}` })).json<{
      proposals: BaseProposal[]
    }>().proposals.length
    let last: BaseProposal | undefined
    for (let i = pending; i < MAX_PENDING_PROPOSALS; i++)
      last = await proposed({ booking: `请提前 ${i + 1} 天预约。` }, { who: staffB, baseId: B })
    const refused = await propose({ booking: '再来一条' }, { who: staffB, baseId: B })
    expect(refused.statusCode).toBe(429)
    expect(refused.json<{ message: string }>().message).toContain('等待审核')
    const reject = await admin.request({
      method: 'POST',
      url: `/api/admin/base-proposals/${last!.id}/reject`,
      payload: { reason: '重复' },
    })
    expect(reject.statusCode, reject.body).toBe(200)
    expect((await propose({ booking: '再来一条' }, { who: staffB, baseId: B })).statusCode).toBe(201)
  })
})
