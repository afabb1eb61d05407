import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accounts, bases, baseHistory, reviewConflicts } from '../../src/server/db/schema.ts'
import type { Application, DesignationBatch, NamingCall, SelfReport } from '../../src/shared/index.ts'
import { buildExpertApp, type ExpertApp } from './helpers/expert-fixtures.ts'
import { minimalPdf, phonePhoto, uploadWhole } from './helpers/media-fixtures.ts'
import { seedJudge, signIn } from './helpers/review-fixtures.ts'
import { TestClient } from './helpers/test-app.ts'

/*
 * Becoming a base (issue 24) end to end on the server: a call, applicants and their applications,
 * the formal check, expert review on the review engine, naming a batch and a yearly evaluation.
 * The tests run in order and share the call.
 */

type Client = TestClient & { accountId: string }
let t: ExpertApp
let admin: Client
let judgeA: Client & { expertId: string }
let judgeB: Client & { expertId: string }
let judgeC: Client & { expertId: string }
let judgeD: Client & { expertId: string }
let call: NamingCall
let app1: Application
let app2: Application
let applicant1: Client
let applicant2: Client
let panelId: string
let batch: DesignationBatch
const MUSEUM = 'geological-museum-of-china'

const criteria = [
  { id: 'conditions', label: { zh: '科普条件', en: 'Conditions' }, weight: 60, maxScore: 10 },
  { id: 'plans', label: { zh: '工作计划', en: 'Plans' }, weight: 40, maxScore: 10 },
]

function form(place: { name: string; province: string; lat: number; lon: number }, institution: string) {
  return {
    institution: {
      name: institution,
      authority: '某省自然资源厅',
      contactName: '王老师',
      contactPhone: '010-12345678',
    },
    place: {
      name: place.name,
      baseCategory: 'geology_museum',
      province: place.province,
      city: null,
      address: `${place.province}某路 1 号`,
      location: { lat: place.lat, lon: place.lon },
      website: null,
    },
    conditions: {
      venueAreaM2: 5000,
      exhibits: 1200,
      staff: 20,
      volunteers: 60,
      years: [
        { year: 2025, visitors: 120000, activities: 40 },
        { year: 2024, visitors: 100000, activities: 35 },
      ],
    },
    plans: '每年举办地球日、土地日主题活动，建设研学课程。',
  }
}

async function newApplicant(username: string, institution: string): Promise<Client> {
  const anonymous = new TestClient(t.app)
  const signup = await anonymous.request({
    method: 'POST',
    url: '/api/auth/applicant-signup',
    payload: {
      username,
      password: `${username}-long-password`,
      displayName: institution,
      institution: { name: institution, province: '湖南省', contact: '0731-1234567' },
    },
  })
  expect(signup.statusCode, signup.body).toBe(201)
  const account = signup.json<{ account: { id: string; status: string; role: string } }>().account
  expect(account).toMatchObject({ status: 'pending', role: 'applicant' })
  const client = new TestClient(t.app)
  expect((await client.login(username, `${username}-long-password`)).statusCode).not.toBe(200)
  expect((await admin.request({ method: 'POST', url: `/api/admin/accounts/${account.id}/approve` })).statusCode).toBe(
    200,
  )
  expect((await client.login(username, `${username}-long-password`)).statusCode).toBe(200)
  return Object.assign(client, { accountId: account.id })
}

async function start(client: Client): Promise<Application> {
  const r = await client.request({ method: 'POST', url: `/api/applicant/calls/${call.id}/applications` })
  expect(r.statusCode, r.body).toBe(201)
  return r.json<{ application: Application }>().application
}

async function save(client: Client, app: Application, body: Record<string, unknown>) {
  return client.request({
    method: 'PUT',
    url: `/api/applicant/applications/${app.id}`,
    payload: { version: app.version, ...body },
  })
}

async function upload(client: Client, bytes: Buffer, filename: string): Promise<string> {
  const r = await uploadWhole(client, bytes, { purpose: 'attachment', filename })
  expect(r.statusCode, r.body).toBe(200)
  return r.json<{ media: { id: string } }>().media.id
}

const submit = (client: Client, app: Application) =>
  client.request({ method: 'POST', url: `/api/applicant/applications/${app.id}/submit` })

const sheet = (conditions: number, plans: number, submitSheet = true) => ({
  scores: [
    { criterion: 'conditions', score: conditions, comment: '条件较好' },
    { criterion: 'plans', score: plans, comment: '' },
  ],
  submit: submitSheet,
})

beforeAll(async () => {
  t = await buildExpertApp()
  admin = await signIn(t, 'naming-admin', 'admin')
  judgeA = await seedJudge(t, 'judge-a', { name: '甲评委', institution: '中国地质大学' })
  judgeB = await seedJudge(t, 'judge-b', { name: '乙评委', institution: '南京大学' })
  judgeC = await seedJudge(t, 'judge-c', { name: '丙评委', institution: '中山大学' })
  judgeD = await seedJudge(t, 'judge-d', { name: '丁评委', institution: '湘江地学科普中心' })
})
afterAll(async () => {
  await t.close()
})

describe('applications', () => {
  it('opens a call with its own criteria, attachments and grades', async () => {
    const r = await admin.request({
      method: 'POST',
      url: '/api/admin/naming/calls',
      payload: {
        title: '2026 年国家自然资源科普基地申报',
        year: 2026,
        list: 'national',
        category: '科普场馆类',
        deadline: new Date(t.clock.now().getTime() + 5 * 86_400_000).toISOString(),
        attachments: [
          { id: 'license', label: '法人证书', kinds: ['pdf'] },
          { id: 'photos', label: '场馆照片', kinds: ['image'], required: false },
        ],
        criteria,
      },
    })
    expect(r.statusCode, r.body).toBe(201)
    call = r.json<{ call: NamingCall }>().call
    expect(call.grades).toEqual(['优秀', '合格', '不合格'])
    const listed = await new TestClient(t.app).request({ url: '/api/naming/calls' })
    expect(listed.json<{ calls: NamingCall[] }>().calls.map((c) => c.id)).toContain(call.id)
  })

  it('keeps a draft on the server and refuses an incomplete submission, naming what is missing', async () => {
    applicant1 = await newApplicant('xiangjiang-center', '湘江地学科普中心')
    app1 = await start(applicant1)
    const again = await applicant1.request({ method: 'POST', url: `/api/applicant/calls/${call.id}/applications` })
    expect(again.statusCode).toBe(409)
    const saved = await save(applicant1, app1, { form: { place: { name: '湘江地学科普馆' } } })
    expect(saved.statusCode, saved.body).toBe(200)
    app1 = saved.json<{ application: Application }>().application
    expect(app1.form.place?.name).toBe('湘江地学科普馆')
    const stale = await save(applicant1, { ...app1, version: 0 }, { form: {} })
    expect(stale.statusCode).toBe(409)
    const r = await submit(applicant1, app1)
    expect(r.statusCode).toBe(400)
    expect(r.body).toContain('attachments.license')
    expect(r.body).toContain('institution')
  })

  it('refuses an attachment that is not what its name says, and one not of the slot’s kind', async () => {
    const photoAsPdf = await upload(applicant1, await phonePhoto(800, 600), '法人证书.pdf')
    const full = form({ name: '湘江地学科普馆', province: '湖南省', lat: 28.2, lon: 112.95 }, '湘江地学科普中心')
    const saved = await save(applicant1, app1, { form: full, attachments: [{ slot: 'license', mediaId: photoAsPdf }] })
    app1 = saved.json<{ application: Application }>().application
    const r = await submit(applicant1, app1)
    expect(r.statusCode).toBe(400)
    expect(r.body).toContain('the file is image')
    expect(r.body).toContain('its content is image')
  })

  it('refuses someone else’s upload as an attachment', async () => {
    const other = await upload(admin, minimalPdf(), 'x.pdf')
    const r = await save(applicant1, app1, { form: app1.form, attachments: [{ slot: 'license', mediaId: other }] })
    expect(r.statusCode).toBe(400)
  })

  it('submits a complete application with its attachments', async () => {
    const pdf = await upload(applicant1, minimalPdf(), '法人证书.pdf')
    const photo = await upload(applicant1, await phonePhoto(800, 600), '展厅.jpg')
    const saved = await save(applicant1, app1, {
      form: app1.form,
      attachments: [
        { slot: 'license', mediaId: pdf },
        { slot: 'photos', mediaId: photo },
      ],
    })
    expect(saved.statusCode, saved.body).toBe(200)
    app1 = saved.json<{ application: Application }>().application
    const r = await submit(applicant1, app1)
    expect(r.statusCode, r.body).toBe(200)
    app1 = r.json<{ application: Application }>().application
    expect(app1.status).toBe('submitted')
    expect((await save(applicant1, app1, { form: app1.form })).statusCode).toBe(409)
  })

  it('returns an application with reasons, takes the fix within the window, then accepts it', async () => {
    const returned = await admin.request({
      method: 'POST',
      url: `/api/admin/naming/applications/${app1.id}/check`,
      payload: { decision: 'return', reasons: ['法人证书须加盖公章'] },
    })
    expect(returned.statusCode, returned.body).toBe(200)
    app1 = returned.json<{ application: Application }>().application
    expect(app1).toMatchObject({ status: 'returned', returnReasons: ['法人证书须加盖公章'] })
    expect(app1.fixUntil).not.toBeNull()
    const fixed = await save(applicant1, app1, {
      form: app1.form,
      attachments: app1.attachments.map(({ slot, mediaId }) => ({ slot, mediaId })),
    })
    app1 = fixed.json<{ application: Application }>().application
    expect((await submit(applicant1, app1)).statusCode).toBe(200)
    const accepted = await admin.request({
      method: 'POST',
      url: `/api/admin/naming/applications/${app1.id}/check`,
      payload: { decision: 'accept' },
    })
    expect(accepted.json<{ application: Application }>().application.status).toBe('accepted')
  })

  it('accepts a second application, for a place that is already a base', async () => {
    const [museum] = await t.database.db.select().from(bases).where(eq(bases.id, MUSEUM))
    applicant2 = await newApplicant('museum-applicant', '中国地质博物馆')
    app2 = await start(applicant2)
    const pdf = await upload(applicant2, minimalPdf(), 'license.pdf')
    const saved = await save(applicant2, app2, {
      form: form(
        { name: museum!.nameZh, province: museum!.province, lat: museum!.lat + 0.01, lon: museum!.lon },
        '中国地质博物馆',
      ),
      attachments: [{ slot: 'license', mediaId: pdf }],
    })
    app2 = saved.json<{ application: Application }>().application
    expect((await submit(applicant2, app2)).statusCode).toBe(200)
    const accepted = await admin.request({
      method: 'POST',
      url: `/api/admin/naming/applications/${app2.id}/check`,
      payload: { decision: 'accept' },
    })
    expect(accepted.statusCode, accepted.body).toBe(200)
  })

  it('closes submission at the deadline on the server’s clock', async () => {
    const late = await newApplicant('late-applicant', '迟到的博物馆')
    const app = await start(late)
    t.clock.advanceDays(6)
    try {
      const r = await submit(late, app)
      expect(r.statusCode).toBe(409)
      expect(r.body).toContain('北京时间')
      expect(
        (await late.request({ method: 'POST', url: `/api/applicant/calls/${call.id}/applications` })).statusCode,
      ).toBe(409)
    } finally {
      t.clock.setTo(null)
    }
  })

  it('exports the applications as CSV and XLSX with Chinese headers', async () => {
    const csv = await admin.request({ url: `/api/admin/naming/calls/${call.id}/applications/export?format=csv` })
    expect(csv.statusCode).toBe(200)
    expect(csv.body.charCodeAt(0)).toBe(0xfeff)
    expect(csv.body).toContain('申报单位')
    expect(csv.body).toContain('湘江地学科普馆')
    const xlsx = await admin.request({ url: `/api/admin/naming/calls/${call.id}/applications/export?format=xlsx` })
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK')
  })
})

describe('expert review', () => {
  it('assigns every reviewer except one from the applicant’s institution, and records that conflict', async () => {
    const r = await admin.request({
      method: 'POST',
      url: `/api/admin/naming/calls/${call.id}/panels`,
      payload: { expertIds: [judgeA.expertId, judgeB.expertId, judgeC.expertId, judgeD.expertId] },
    })
    expect(r.statusCode, r.body).toBe(201)
    const created = r.json<{ panel: { id: string }; conflicts: { reviewerAccountId: string; itemId: string }[] }>()
    panelId = created.panel.id
    expect(created.conflicts).toEqual([
      expect.objectContaining({ reviewerAccountId: judgeD.accountId, itemId: app1.id, reason: 'same-organisation' }),
    ])
    const blocked = await judgeD.request({
      method: 'PUT',
      url: `/api/review/naming-panels/${panelId}/items/${app1.id}/scores`,
      payload: sheet(8, 8),
    })
    expect(blocked.statusCode).toBe(403)
    expect(blocked.body).toContain('conflict')
  })

  it('shows an application’s attachments to its reviewers, not to a conflicted one', async () => {
    const pdf = app1.attachments.find((a) => a.slot === 'license')!
    const record = await admin.request({ url: `/api/media/${pdf.mediaId}` })
    const url = record.json<{ media: { original: { url: string } } }>().media.original.url
    expect((await judgeA.request({ url })).statusCode).toBe(200)
    expect((await judgeD.request({ url })).statusCode).toBe(404)
    expect((await applicant2.request({ url })).statusCode).toBe(404)
  })

  it('records a declared conflict and blocks scoring the application from then on', async () => {
    const declared = await judgeD.request({
      method: 'POST',
      url: `/api/review/naming-panels/${panelId}/items/${app2.id}/conflict`,
      payload: { note: '曾在该馆兼职' },
    })
    expect(declared.statusCode, declared.body).toBe(201)
    const rows = await t.database.db
      .select()
      .from(reviewConflicts)
      .where(eq(reviewConflicts.accountId, judgeD.accountId))
    expect(rows.map((c) => c.reason).sort()).toEqual(['declared', 'same-organisation'])
    const r = await judgeD.request({
      method: 'PUT',
      url: `/api/review/naming-panels/${panelId}/items/${app2.id}/scores`,
      payload: sheet(5, 5),
    })
    expect(r.statusCode).toBe(403)
  })

  it('refuses a score above the criterion’s range', async () => {
    const r = await judgeA.request({
      method: 'PUT',
      url: `/api/review/naming-panels/${panelId}/items/${app1.id}/scores`,
      payload: sheet(11, 8),
    })
    expect(r.statusCode).toBe(400)
    expect(r.body).toContain('above the highest score')
  })

  it('keeps each reviewer’s scores hidden until every reviewer of the application has submitted', async () => {
    const put = (judge: Client, item: string, body: ReturnType<typeof sheet>) =>
      judge.request({ method: 'PUT', url: `/api/review/naming-panels/${panelId}/items/${item}/scores`, payload: body })
    expect((await put(judgeA, app1.id, sheet(9.5, 9.5))).statusCode).toBe(200)
    expect((await put(judgeB, app1.id, sheet(6, 6))).statusCode).toBe(200)
    type View = { items: { id: string; title: string; others: unknown[] | null; complete: boolean }[] }
    const before = (await judgeB.request({ url: `/api/review/naming-panels/${panelId}` })).json<View>()
    const item = before.items.find((i) => i.id === app1.id)!
    expect(item).toMatchObject({ title: '湘江地学科普馆', complete: false, others: null })
    expect((await put(judgeC, app1.id, sheet(6.2, 6.2))).statusCode).toBe(200)
    const after = (await judgeB.request({ url: `/api/review/naming-panels/${panelId}` })).json<View>()
    expect(after.items.find((i) => i.id === app1.id)!.others).toHaveLength(2)
    expect((await put(judgeB, app1.id, sheet(7, 7))).statusCode).toBe(409)
    for (const judge of [judgeA, judgeB, judgeC]) expect((await put(judge, app2.id, sheet(8, 8))).statusCode).toBe(200)
  })

  it('ranks with each reviewer’s scores and flags the reviewer far from the median', async () => {
    const r = await admin.request({ url: `/api/admin/naming-panels/${panelId}/ranking` })
    expect(r.statusCode, r.body).toBe(200)
    const { ranking, titles } = r.json<{
      ranking: {
        items: {
          itemId: string
          rank: number
          median: number
          sheets: { reviewerAccountId: string; outlier: boolean; total: number }[]
        }[]
      }
      titles: Record<string, string>
    }>()
    expect(ranking.items.map((i) => [titles[i.itemId], i.rank])).toEqual([
      ['中国地质博物馆', 1],
      ['湘江地学科普馆', 2],
    ])
    const first = ranking.items.find((i) => i.itemId === app1.id)!
    expect(first.median).toBe(62)
    // 95 lies 33 points from the median 62: more than the call's 20.
    expect(first.sheets.filter((s) => s.outlier).map((s) => s.reviewerAccountId)).toEqual([judgeA.accountId])
    const csv = await admin.request({ url: `/api/admin/naming-panels/${panelId}/scores/export?format=csv` })
    expect(csv.body).toContain('加权总分')
    expect(csv.body).toContain('甲评委')
  })

  it('opens a second round for the application with the outlier', async () => {
    const r = await admin.request({
      method: 'POST',
      url: `/api/admin/naming-panels/${panelId}/next-round`,
      payload: { itemIds: [app1.id] },
    })
    expect(r.statusCode, r.body).toBe(201)
    const created = r.json<{ panel: { round: number }; assigned: number }>()
    expect(created.panel.round).toBe(2)
    // Judge D stays conflicted with it: three sheets, not four.
    expect(created.assigned).toBe(3)
  })

  it('lists the call’s panels for the admin and each reviewer’s panels with their progress', async () => {
    const panels = await admin.request({ url: `/api/admin/naming/calls/${call.id}/panels` })
    expect(panels.statusCode, panels.body).toBe(200)
    expect(panels.json<{ panels: { round: number }[] }>().panels.map((p) => p.round)).toEqual([1, 2])
    const mine = await judgeD.request({ url: '/api/review/naming-panels' })
    expect(mine.statusCode, mine.body).toBe(200)
    type Mine = { panels: { panel: { id: string }; subject: { kind: string; title: string }; assigned: number }[] }
    const first = mine.json<Mine>().panels.find((p) => p.panel.id === panelId)!
    // Both applications left judge D's sheets: one for the institution, one declared.
    expect(first).toMatchObject({ subject: { kind: 'naming-call', title: call.title }, assigned: 0 })
  })
})

describe('naming', () => {
  it('makes one base of each named application, matches the base the app has, and makes the applicants staff', async () => {
    const before = (await t.database.db.select({ id: bases.id }).from(bases)).length
    // The public list is served from the cache until a batch is published.
    const empty = await new TestClient(t.app).request({ url: '/api/designations' })
    expect(empty.json<{ batches: unknown[] }>().batches).toEqual([])
    const r = await admin.request({
      method: 'POST',
      url: '/api/admin/naming/batches',
      payload: {
        title: '第二批国家自然资源科普基地',
        year: 2026,
        list: 'national',
        applicationIds: [app1.id, app2.id],
      },
    })
    expect(r.statusCode, r.body).toBe(201)
    batch = r.json<{ batch: DesignationBatch }>().batch
    expect(batch.bases.map((b) => [b.name, b.renamed]).sort()).toEqual([
      ['中国地质博物馆', true],
      ['湘江地学科普馆', false],
    ])
    expect((await t.database.db.select({ id: bases.id }).from(bases)).length).toBe(before + 1)
    const newBase = batch.bases.find((b) => !b.renamed)!
    const [staff1] = await t.database.db.select().from(accounts).where(eq(accounts.id, applicant1.accountId))
    const [staff2] = await t.database.db.select().from(accounts).where(eq(accounts.id, applicant2.accountId))
    expect([staff1!.role, staff1!.baseId]).toEqual(['base_staff', newBase.id])
    expect([staff2!.role, staff2!.baseId]).toEqual(['base_staff', MUSEUM])
    const page = await new TestClient(t.app).request({ url: `/api/bases/${newBase.id}` })
    expect(page.statusCode, page.body).toBe(200)
    expect(page.json<{ designations: { title: string }[] }>().designations).toEqual([
      expect.objectContaining({ title: '第二批国家自然资源科普基地', year: 2026 }),
    ])
    const map = await new TestClient(t.app).request({ url: '/api/bases.geojson' })
    expect(map.body).toContain(newBase.id)
    // Phones that never heard of it are told (their release does not ship it).
    const changes = await new TestClient(t.app).request({ url: '/api/bases/changes' })
    expect(changes.json<{ bases: { id: string }[] }>().bases.map((b) => b.id)).toContain(newBase.id)
    const publicList = await new TestClient(t.app).request({ url: '/api/designations' })
    expect(publicList.json<{ batches: DesignationBatch[] }>().batches.map((b) => b.id)).toEqual([batch.id])
  })

  it('refuses to name an application twice', async () => {
    const r = await admin.request({
      method: 'POST',
      url: '/api/admin/naming/batches',
      payload: { title: '重复命名', year: 2026, list: 'national', applicationIds: [app1.id] },
    })
    expect(r.statusCode).toBe(409)
    expect(r.body).toContain('already named')
  })

  it('refuses a second naming of the same place to the same list, and leaves nothing behind', async () => {
    const again = await newApplicant('xiangjiang-again', '湘江地学科普中心二部')
    const app = await start(again)
    const pdf = await upload(again, minimalPdf(), 'license.pdf')
    const saved = await save(again, app, {
      form: form({ name: '湘江 地学科普馆', province: '湖南省', lat: 28.21, lon: 112.95 }, '湘江地学科普中心二部'),
      attachments: [{ slot: 'license', mediaId: pdf }],
    })
    expect((await submit(again, saved.json<{ application: Application }>().application)).statusCode).toBe(200)
    await admin.request({
      method: 'POST',
      url: `/api/admin/naming/applications/${app.id}/check`,
      payload: { decision: 'accept' },
    })
    const r = await admin.request({
      method: 'POST',
      url: '/api/admin/naming/batches',
      payload: { title: '第三批', year: 2027, list: 'national', applicationIds: [app.id] },
    })
    expect(r.statusCode).toBe(409)
    expect(r.body).toContain('cannot be named again')
    const publicList = await new TestClient(t.app).request({ url: '/api/designations' })
    expect(publicList.json<{ batches: unknown[] }>().batches).toHaveLength(1)
  })
})

describe('yearly evaluation', () => {
  let evaluationId: string
  const newBaseId = () => batch.bases.find((b) => !b.renamed)!.id

  it('pre-fills each base’s self-report from what the app knows, and takes the rest', async () => {
    const opened = await admin.request({
      method: 'POST',
      url: '/api/admin/evaluations',
      payload: {
        year: 2026,
        deadline: new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString(),
        criteria,
      },
    })
    expect(opened.statusCode, opened.body).toBe(201)
    evaluationId = opened.json<{ evaluation: { id: string } }>().evaluation.id
    const read = await applicant1.request({ url: `/api/staff/bases/${newBaseId()}/evaluation` })
    expect(read.statusCode, read.body).toBe(200)
    const report = read.json<{ report: SelfReport }>().report
    expect(report.prefill).toMatchObject({ visitors: 0, squadronVisits: 0, satisfaction: { mean: null, count: 0 } })
    expect(report.prefill.profileCompleteness).toBeGreaterThan(0)
    const other = await applicant1.request({ url: `/api/staff/bases/${MUSEUM}/evaluation` })
    expect(other.statusCode).toBe(403)
    const sent = await applicant1.request({
      method: 'PUT',
      url: `/api/staff/bases/${newBaseId()}/evaluation`,
      payload: { summary: '全年开展科普活动四十场。', staff: 20, submit: true },
    })
    expect(sent.statusCode, sent.body).toBe(200)
    expect(sent.json<{ report: SelfReport }>().report.status).toBe('submitted')
  })

  it('publishes only the evaluation’s grades, onto the base’s page', async () => {
    const panel = await admin.request({
      method: 'POST',
      url: `/api/admin/evaluations/${evaluationId}/panels`,
      payload: { expertIds: [judgeA.expertId, judgeB.expertId] },
    })
    expect(panel.statusCode, panel.body).toBe(201)
    const listed = await admin.request({ url: '/api/admin/evaluations' })
    expect(listed.json<{ evaluations: { id: string; status: string }[] }>().evaluations).toContainEqual(
      expect.objectContaining({ id: evaluationId, status: 'open' }),
    )
    const panels = await admin.request({ url: `/api/admin/evaluations/${evaluationId}/panels` })
    expect(panels.json<{ panels: unknown[] }>().panels).toHaveLength(1)
    const wrong = await admin.request({
      method: 'POST',
      url: `/api/admin/evaluations/${evaluationId}/publish`,
      payload: { grades: [{ baseId: newBaseId(), grade: 'A+' }] },
    })
    expect(wrong.statusCode).toBe(400)
    const r = await admin.request({
      method: 'POST',
      url: `/api/admin/evaluations/${evaluationId}/publish`,
      payload: { grades: [{ baseId: newBaseId(), grade: '优秀' }] },
    })
    expect(r.statusCode, r.body).toBe(200)
    const page = await new TestClient(t.app).request({ url: `/api/bases/${newBaseId()}` })
    expect(page.json<{ evaluations: unknown[] }>().evaluations).toEqual([{ year: 2026, grade: '优秀' }])
    const csv = await admin.request({ url: `/api/admin/evaluations/${evaluationId}/results/export?format=csv` })
    expect(csv.body).toContain('评估等级')
    expect(csv.body).toContain('优秀')
  })

  it('unlists a withdrawn base from the map and keeps its history', async () => {
    const r = await admin.request({
      method: 'POST',
      url: `/api/admin/bases/${newBaseId()}/withdraw`,
      payload: { reason: '评估不合格，撤销命名' },
    })
    expect(r.statusCode, r.body).toBe(204)
    const map = await new TestClient(t.app).request({ url: '/api/bases.geojson' })
    expect(map.body).not.toContain(newBaseId())
    const changes = await new TestClient(t.app).request({ url: '/api/bases/changes' })
    expect(changes.json<{ removed: string[] }>().removed).toContain(newBaseId())
    const history = await t.database.db.select().from(baseHistory).where(eq(baseHistory.baseId, newBaseId()))
    expect(history.map((h) => h.action)).toEqual(['designate', 'evaluate', 'withdraw'])
    const publicList = await new TestClient(t.app).request({ url: '/api/designations' })
    expect(publicList.body).toContain(newBaseId())
  })
})
