import { eq } from 'drizzle-orm'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appWorks } from '../../src/server/db/schema.ts'
import type {
  BuiltWork,
  ExpertPage,
  ExpertsResponse,
  MediaRecord,
  OwnExpertProfile,
  WorkExpertsResponse,
} from '../../src/shared/index.ts'
import { acceptInvite, buildExpertApp, inviteExpert, signedInAs, type ExpertApp } from './helpers/expert-fixtures.ts'
import { minimalPdf, phonePhoto, uploadWhole } from './helpers/media-fixtures.ts'
import { TestClient } from './helpers/test-app.ts'

/*
 * An expert's photo (an `expert-photo` upload, shown at once) and the works that credit experts
 * (content front matter `credits`, app works' `experts`), on their public page and the work's.
 * Credits here are fixtures: the reference supports none for the real 2017 experts.
 */

let t: ExpertApp
let dataDir: string
let expert: TestClient
let expertId = ''
const visitor = () => new TestClient(t.app)
const SU_KEY = 'chief-experts-2017/苏德辰'

/** A work of the real content, renamed, crediting whom the test says. */
const fixtureWork = (content: { works: BuiltWork[] }, id: string, credits: BuiltWork['credits']): BuiltWork => ({
  ...content.works[0]!,
  id,
  title: { zh: `测试作品 ${id}`, en: `Test work ${id}` },
  credits,
})

async function uploadPhoto(client: TestClient, bytes: Buffer, purpose = 'expert-photo') {
  return uploadWhole(client, bytes, { purpose, filename: 'portrait-private-name.jpg' })
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zk-expert-photos-'))
  t = await buildExpertApp({
    env: { DATA_DIR: dataDir },
    content: (c) => ({
      ...c,
      works: [...c.works, fixtureWork(c, 'fixture-su-book', [{ expert: SU_KEY, role: 'author' }])],
    }),
  })
  const admin = await signedInAs(t, 'photo-admin', 'admin')
  const invited = await inviteExpert(admin, { name: '照片测试专家', title: '研究员' })
  expertId = invited.expert.id
  expert = await acceptInvite(t, invited.invite.token, 'photo-expert')
  // Built after the expert exists: content names an expert who joined in the app by id.
  t.content.works.push(fixtureWork(t.content, 'fixture-hosted-video', [{ expert: expertId, role: 'featured' }]))
  await t.database.db.insert(appWorks).values({
    kind: 'video',
    titleZh: '获奖微视频（测试）',
    titleEn: null,
    credits: [{ role: 'entrant', name: '测试学校' }],
    expertCredits: [{ expertId, role: 'featured' }],
    licence: 'CC BY-NC 4.0',
    mediaIds: [],
    source: 'contest',
    // What visitors see: a work without a published copy is credited nowhere.
    published: {
      type: 'video',
      title: { zh: '获奖微视频（测试）' },
      summary: { zh: '获奖微视频（测试）' },
      topics: [],
      bases: [],
      themeDays: [],
      sources: [],
      body: '',
      media: { file: '0190f3a0-0000-7000-8000-00000000e001' },
      credits: [{ role: 'entrant', name: '测试学校' }],
      licence: 'CC BY-NC 4.0',
    },
  })
}, 120_000)
afterAll(async () => {
  await t.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe("an expert's photo", () => {
  it('refuses a file that is not an image, with a clear message', async () => {
    const text = Buffer.from('这不是照片 / not a photo\n'.repeat(40))
    const refused = await uploadPhoto(expert, text)
    expect(refused.statusCode).toBe(422)
    expect(refused.json().message).toMatch(
      /plain text, whatever its name says; accepted here: JPEG, PNG, WebP or AVIF images/,
    )

    // A PDF uploaded for another purpose cannot become the photo either.
    const pdf = await uploadWhole(expert, minimalPdf(), { purpose: 'attachment' })
    expect(pdf.statusCode, pdf.body).toBe(200)
    const set = await expert.request({
      method: 'PUT',
      url: '/api/expert/photo',
      payload: { mediaId: pdf.json<{ media: MediaRecord }>().media.id },
    })
    expect(set.statusCode).toBe(400)
    expect(set.json().message).toMatch(/not an image/)
    expect((await visitor().request({ url: `/api/experts/${expertId}` })).json<ExpertPage>().photo).toBeNull()
  })

  it('shows an uploaded photo at once on the public page and list, with its files public', async () => {
    const upload = await uploadPhoto(expert, await phonePhoto(900, 1200))
    expect(upload.statusCode, upload.body).toBe(200)
    const { media } = upload.json<{ media: MediaRecord }>()
    const set = await expert.request({ method: 'PUT', url: '/api/expert/photo', payload: { mediaId: media.id } })
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json<{ profile: OwnExpertProfile }>().profile.photo).toMatchObject({ mediaId: media.id })

    const page = (await visitor().request({ url: `/api/experts/${expertId}` })).json<ExpertPage>()
    expect(page.photo).toMatchObject({ mediaId: media.id, width: media.width, height: media.height })
    expect(page.photo!.variants.length).toBeGreaterThan(0)
    const list = (await visitor().request({ url: '/api/experts' })).json<ExpertsResponse>()
    expect(list.experts.find((e) => e.id === expertId)?.photo?.mediaId).toBe(media.id)
    const file = await visitor().request({ url: page.photo!.variants[0]!.url })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toMatch(/^image\//)
    // The name the expert's file had is theirs: no public answer carries it.
    expect(JSON.stringify(page)).not.toContain('portrait-private-name')
  })

  it('unpublishes a replaced photo and removes the photo on null', async () => {
    const before = (await visitor().request({ url: `/api/experts/${expertId}` })).json<ExpertPage>().photo!
    const upload = await uploadPhoto(expert, await phonePhoto(800, 800))
    const { media } = upload.json<{ media: MediaRecord }>()
    await expert.request({ method: 'PUT', url: '/api/expert/photo', payload: { mediaId: media.id } })
    expect((await visitor().request({ url: before.variants[0]!.url })).statusCode).toBe(404)
    const now = (await visitor().request({ url: `/api/experts/${expertId}` })).json<ExpertPage>().photo!
    expect(now.mediaId).toBe(media.id)

    const removed = await expert.request({ method: 'PUT', url: '/api/expert/photo', payload: { mediaId: null } })
    expect(removed.json<{ profile: OwnExpertProfile }>().profile.photo).toBeNull()
    expect((await visitor().request({ url: `/api/experts/${expertId}` })).json<ExpertPage>().photo).toBeNull()
    expect((await visitor().request({ url: now.variants[0]!.url })).statusCode).toBe(404)
  })

  it("refuses another account's upload", async () => {
    const admin = await signedInAs(t, 'photo-admin-2', 'admin')
    const other = await inviteExpert(admin, { name: '另一位专家' })
    const otherClient = await acceptInvite(t, other.invite.token, 'photo-expert-2')
    const mine = (await uploadPhoto(otherClient, await phonePhoto(400, 400))).json<{ media: MediaRecord }>().media
    const set = await expert.request({ method: 'PUT', url: '/api/expert/photo', payload: { mediaId: mine.id } })
    expect(set.statusCode).toBe(404)
  })

  it('gives none of the announced 2017 experts a photo', async () => {
    const list = (await visitor().request({ url: '/api/experts' })).json<ExpertsResponse>()
    const announced = list.experts.filter((e) => e.appointment?.batch === 1)
    expect(announced).toHaveLength(12)
    expect(announced.map((e) => e.photo)).toEqual(announced.map(() => null))
  })
})

describe('works that credit experts', () => {
  it("lists the works an expert wrote or appears in on the expert's page", async () => {
    const page = (await visitor().request({ url: `/api/experts/${expertId}` })).json<ExpertPage>()
    expect(page.works.map((w) => [w.source, w.id.startsWith('fixture') ? w.id : w.title.zh, w.role])).toEqual([
      ['content', 'fixture-hosted-video', 'featured'],
      ['app', '获奖微视频（测试）', 'featured'],
    ])
    const list = (await visitor().request({ url: '/api/experts' })).json<ExpertsResponse>()
    const su = list.experts.find((e) => e.name === '苏德辰')!
    const suPage = (await visitor().request({ url: `/api/experts/${su.id}` })).json<ExpertPage>()
    expect(suPage.works).toMatchObject([{ source: 'content', id: 'fixture-su-book', role: 'author' }])
  })

  it("names a work's credited experts, linking back, and only listed ones", async () => {
    const hosted = await visitor().request({ url: '/api/works/fixture-hosted-video/experts' })
    expect(hosted.statusCode, hosted.body).toBe(200)
    expect(hosted.json<WorkExpertsResponse>().experts).toMatchObject([
      { id: expertId, name: '照片测试专家', role: 'featured' },
    ])
    const book = (await visitor().request({ url: '/api/works/fixture-su-book/experts' })).json<WorkExpertsResponse>()
    expect(book.experts).toMatchObject([{ name: '苏德辰', role: 'author', photo: null }])
    const [app] = await t.database.db.select({ id: appWorks.id }).from(appWorks).where(eq(appWorks.source, 'contest'))
    const fromApp = (await visitor().request({ url: `/api/works/${app!.id}/experts` })).json<WorkExpertsResponse>()
    expect(fromApp.experts.map((e) => e.id)).toEqual([expertId])
    // Works crediting nobody answer an empty list; unknown works a 404.
    expect((await visitor().request({ url: `/api/works/${t.content.works[0]!.id}/experts` })).json()).toEqual({
      experts: [],
    })
    expect((await visitor().request({ url: '/api/works/no-such-work/experts' })).statusCode).toBe(404)

    // An invited expert who has not set up their account is credited nowhere yet.
    const admin = await signedInAs(t, 'photo-admin-3', 'admin')
    const pending = await inviteExpert(admin, { name: '未开通的专家' })
    t.content.works.push(fixtureWork(t.content, 'fixture-pending', [{ expert: pending.expert.id, role: 'author' }]))
    expect((await visitor().request({ url: '/api/works/fixture-pending/experts' })).json()).toEqual({ experts: [] })
  })
})
