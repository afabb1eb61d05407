import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedWorks } from '../../src/server/db/seed-works.ts'
import type {
  EditorWork,
  MediaRecord,
  SearchResponse,
  WorkDocumentInput,
  WorkHistoryEntry,
  WorksFeed,
} from '../../src/shared/index.ts'
import { signedInAs } from './helpers/expert-fixtures.ts'
import { VTT } from './helpers/contest-fixtures.ts'
import { phonePhoto, sampleMp4, uploadWhole } from './helpers/media-fixtures.ts'
import { buildTestApp, TestClient, testContent, type TestApp } from './helpers/test-app.ts'

let t: TestApp
let admin: TestClient
let editor: TestClient
let staff: TestClient
let visitor: TestClient
let editorId: string

const XIXI = 'xixi-wetland'
const article = (title = '黑土地里的蚯蚓', body = '蚯蚓让**黑土**疏松透气。'): WorkDocumentInput => ({
  type: 'article',
  title: { zh: title },
  summary: { zh: '一篇关于土壤生物的短文。' },
  topics: ['farmland'],
  body,
})

async function ok<T>(client: TestClient, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> {
  const response = await client.request({ method, url, ...(payload ? { payload } : {}) })
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300)
  return response.json<T>()
}
const work = async (client: TestClient, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  (await ok<{ work: EditorWork }>(client, method, url, payload)).work
const step = (client: TestClient, w: EditorWork, name: string) =>
  work(client, 'POST', `/api/editor/works/${w.id}/${name}`, { version: w.version })

/** Draft → review by the admin → published: what every published work goes through. */
async function publishedArticle(doc: WorkDocumentInput): Promise<EditorWork> {
  const draft = await work(editor, 'POST', '/api/editor/works', { document: doc })
  const submitted = await step(editor, draft, 'submit')
  const approved = await step(admin, submitted, 'approve')
  return step(editor, approved, 'publish')
}
const feed = (since?: number) =>
  ok<WorksFeed>(visitor, 'GET', `/api/works${since === undefined ? '' : `?since=${since}`}`)
async function searchIds(q: string): Promise<string[]> {
  const body = await ok<SearchResponse>(visitor, 'GET', `/api/search?q=${encodeURIComponent(q)}&kind=work`)
  return body.groups.flatMap((g) => g.hits.map((h) => h.id))
}

beforeAll(async () => {
  t = await buildTestApp()
  admin = await signedInAs(t, 'works-admin', 'admin')
  editor = await signedInAs(t, 'works-editor', 'base_staff', XIXI)
  staff = await signedInAs(t, 'works-staff', 'base_staff', XIXI)
  visitor = new TestClient(t.app)
  const me = await ok<{ account: { id: string } }>(editor, 'GET', '/api/auth/session')
  editorId = me.account.id
  await ok(admin, 'PUT', `/api/admin/accounts/${editorId}/works-editor`, { allowed: true })
})
afterAll(async () => {
  await t.close()
})

describe('works in the app', () => {
  it('lets only admins and the staff an admin allowed write works', async () => {
    const refused = await staff.request({ method: 'POST', url: '/api/editor/works', payload: { document: article() } })
    expect(refused.statusCode).toBe(403)
    expect((await visitor.request({ url: '/api/editor/works' })).statusCode).toBe(401)
    const me = await ok<{ account: { worksEditor?: boolean } }>(editor, 'GET', '/api/auth/session')
    expect(me.account.worksEditor).toBe(true)
  })

  it('shows a work to visitors only once a second editor approved and it was published', async () => {
    const before = await feed()
    const draft = await work(editor, 'POST', '/api/editor/works', { document: article('湿地里的候鸟驿站') })
    expect(draft).toMatchObject({ state: 'draft', listed: false, version: 1 })
    const submitted = await step(editor, draft, 'submit')
    expect(submitted.state).toBe('in_review')
    expect((await feed()).works.map((w) => w.id)).not.toContain(draft.publicId)

    // The author of the last change cannot approve it.
    const self = await editor.request({
      method: 'POST',
      url: `/api/editor/works/${draft.id}/approve`,
      payload: { version: submitted.version },
    })
    expect(self.statusCode).toBe(403)
    const approved = await step(admin, submitted, 'approve')
    expect((await feed()).works.map((w) => w.id)).not.toContain(draft.publicId)
    const published = await step(editor, approved, 'publish')
    expect(published).toMatchObject({ state: 'published', listed: true })

    const after = await feed()
    const shown = after.works.find((w) => w.id === draft.publicId)
    expect(shown).toMatchObject({ type: 'article', title: { zh: '湿地里的候鸟驿站', en: '湿地里的候鸟驿站' } })
    const delta = await feed(before.version)
    expect(delta).toMatchObject({ full: false, removed: [] })
    expect(delta.works.map((w) => w.id)).toEqual([draft.publicId])
    expect((await feed(after.version)).works).toEqual([])
    // Online search finds it by its characters and by pinyin initials.
    expect(await searchIds('候鸟驿站')).toContain(draft.publicId)
    expect(await searchIds('sdldhn')).toContain(draft.publicId)
  })

  it('hides an unpublished work from the feed, its deltas and search', async () => {
    const published = await publishedArticle(article('冰川退缩的证据'))
    const before = await feed()
    expect(await searchIds('冰川退缩')).toContain(published.publicId)
    await step(admin, published, 'unpublish')
    const delta = await feed(before.version)
    expect(delta.removed).toEqual([published.publicId])
    expect(delta.works).toEqual([])
    const all = await feed()
    expect(all.works.map((w) => w.id)).not.toContain(published.publicId)
    expect(all.removed).toContain(published.publicId)
    expect(await searchIds('冰川退缩')).not.toContain(published.publicId)
  })

  it('keeps every version with who and when, and refuses a save made on a stale copy', async () => {
    const published = await publishedArticle(article('土壤的颜色'))
    const edited = await work(admin, 'PUT', `/api/editor/works/${published.id}`, {
      version: published.version,
      document: article('土壤的颜色（修订）'),
    })
    // Visitors still see the published text while the edit waits for review.
    expect(edited).toMatchObject({ state: 'draft', listed: true })
    expect(edited.published?.title.zh).toBe('土壤的颜色')
    const stale = await editor.request({
      method: 'PUT',
      url: `/api/editor/works/${published.id}`,
      payload: { version: published.version, document: article('另一个标题') },
    })
    expect(stale.statusCode).toBe(409)
    const { entries } = await ok<{ entries: WorkHistoryEntry[] }>(
      editor,
      'GET',
      `/api/editor/works/${published.id}/history`,
    )
    expect(entries.map((e) => e.action)).toEqual(['save', 'publish', 'approve', 'submit', 'create'])
    expect(entries[0]).toMatchObject({ by: { name: 'works-admin' }, document: { title: { zh: '土壤的颜色（修订）' } } })
    expect(entries.at(-1)?.document?.title.zh).toBe('土壤的颜色')
    // The editor approves the admin's change: a second person.
    const approved = await step(editor, await step(admin, edited, 'submit'), 'approve')
    const republished = await step(admin, approved, 'publish')
    expect((await feed()).works.find((w) => w.id === published.publicId)).toMatchObject({
      title: { zh: '土壤的颜色（修订）' },
      version: republished.version,
    })
  })

  it('returns a draft with the reviewer’s reason', async () => {
    const draft = await step(
      editor,
      await work(editor, 'POST', '/api/editor/works', { document: article('退回测试') }),
      'submit',
    )
    const returned = await work(admin, 'POST', `/api/editor/works/${draft.id}/return`, {
      version: draft.version,
      reason: '请补充来源',
    })
    expect(returned).toMatchObject({ state: 'draft', returnReason: '请补充来源' })
  })

  it('refuses raw HTML, script addresses and broken text in what editors write', async () => {
    for (const body of [
      '<script>alert(1)</script>',
      '看这里 <img src=x onerror=alert(1)>',
      '[点我](javascript:alert(1))',
      '![图](http://example.com/a.png)',
    ]) {
      const response = await editor.request({
        method: 'POST',
        url: '/api/editor/works',
        payload: { document: article('坏正文', body) },
      })
      expect(response.statusCode, body).toBe(400)
    }
    const bidi = await editor.request({
      method: 'POST',
      url: '/api/editor/works',
      payload: { document: article('标题\u202Egnp.exe') },
    })
    expect(bidi.statusCode).toBe(400)
    const captions = await editor.request({
      method: 'POST',
      url: '/api/editor/works',
      payload: {
        document: {
          ...article('视频'),
          type: 'video',
          media: { file: crypto.randomUUID(), captions: '1\n00:00 --> 00:01\nhi' },
        },
      },
    })
    expect(captions.statusCode).toBe(400)
  })

  it('publishes a video with captions and a poster, and its media with it', async () => {
    const video = (await uploadWhole(editor, sampleMp4(), { purpose: 'work-media', filename: 'v.mp4' })).json<{
      media: MediaRecord
    }>().media
    const poster = (await uploadWhole(editor, await phonePhoto(), { purpose: 'work-media', filename: 'p.jpg' })).json<{
      media: MediaRecord
    }>().media
    expect((await visitor.request({ url: `/api/media/${video.id}` })).statusCode).toBe(404)
    // A picture where a video belongs is refused by what the file is.
    const wrong = await editor.request({
      method: 'POST',
      url: '/api/editor/works',
      payload: { document: { ...article('火与冰'), type: 'video', body: '', media: { file: poster.id } } },
    })
    expect(wrong.statusCode).toBe(400)
    const published = await publishedArticle({
      ...article('火与冰的视频'),
      type: 'video',
      body: '',
      media: { file: video.id, captions: VTT, poster: poster.id },
    })
    const shown = (await feed()).works.find((w) => w.id === published.publicId)!
    expect(shown.media).toMatchObject({ mime: 'video/mp4', captions: VTT.trim() })
    expect(shown.media!.url).toMatch(new RegExp(`^/api/media/${video.id}/`))
    expect((await visitor.request({ url: shown.media!.url })).statusCode).toBe(200)
    expect((await visitor.request({ url: shown.media!.posterUrl! })).statusCode).toBe(200)
  })
})

describe('content/works/ as the initial import', () => {
  it('ships untouched content works with the release, not in the feed', async () => {
    const all = await feed()
    const contentIds = new Set((await testContent()).works.map((w) => w.id))
    expect(contentIds.size).toBeGreaterThan(10)
    expect(all.works.filter((w) => contentIds.has(w.id))).toEqual([])
  })

  it('never lets a new import overwrite a work edited in the app', async () => {
    const works = (await testContent()).works
    const list = (await ok<{ works: (EditorWork & { title: string })[] }>(admin, 'GET', '/api/editor/works')).works
    const [editedId, untouchedId] = [works[0]!.id, works[1]!.id]
    const edited = list.find((w) => w.publicId === editedId)!
    const loaded = await work(admin, 'GET', `/api/editor/works/${edited.id}`)
    const saved = await work(admin, 'PUT', `/api/editor/works/${edited.id}`, {
      version: loaded.version,
      document: { ...loaded.draft, title: { zh: '在应用里改过的标题', en: 'Edited in the app' } },
    })
    await step(admin, await step(editor, await step(admin, saved, 'submit'), 'approve'), 'publish')

    // A new release changes both works' titles.
    await seedWorks(
      t.database.db,
      works.map((w) =>
        w.id === editedId || w.id === untouchedId
          ? { ...w, title: { zh: `${w.title.zh}（新版）`, en: w.title.en } }
          : w,
      ),
    )
    const after = await ok<{ works: (EditorWork & { title: string })[] }>(admin, 'GET', '/api/editor/works')
    expect(after.works.find((w) => w.publicId === editedId)?.title).toBe('在应用里改过的标题')
    expect(after.works.find((w) => w.publicId === untouchedId)?.title).toBe(`${works[1]!.title.zh}（新版）`)
    const shown = (await feed()).works.find((w) => w.id === editedId)
    expect(shown?.title.zh).toBe('在应用里改过的标题')
    expect(await searchIds('在应用里改过')).toContain(editedId)
    expect(await searchIds(works[0]!.title.zh)).not.toContain(editedId)
  })
})
