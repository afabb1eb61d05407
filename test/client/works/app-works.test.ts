import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { useContentStore } from '../../../src/client/content/content-store.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { NO_FILTERS, useSearchStore } from '../../../src/client/search/search-store.ts'
import { refreshAppWorks } from '../../../src/client/works/app-works.ts'
import type { EditorWork, WorkDocumentInput } from '../../../src/shared/index.ts'
import { signedInAs } from '../../server/helpers/expert-fixtures.ts'
import { buildTestApp, type TestApp, type TestClient } from '../../server/helpers/test-app.ts'
import { browserNetwork, type BrowserNetwork } from '../helpers/browser-network.ts'
import { mountApp, waitFor } from '../helpers/mount-app.ts'

/** These steps go through a real server: wait as long as `waitFor` does, not vi.waitFor's 1 s. */
const waitUntil = <T>(check: () => T) => vi.waitFor(check, { timeout: 5000, interval: 20 })

/*
 * Works published in the app reach phones without a release (issue 26): the phone takes the
 * server's works feed, lists a new work among the shipped ones, opens it (online, and offline from
 * its copy), hides a withdrawn one, and finds it in the offline search.
 */

let t: TestApp
let network: BrowserNetwork
let dataDir: string
let admin: TestClient
let editor: TestClient
const realFetch = globalThis.fetch

const article = (title: string, body: string): WorkDocumentInput => ({
  type: 'article',
  title: { zh: title },
  summary: { zh: '一篇关于土壤生物的短文。' },
  topics: ['farmland'],
  body,
})

async function work(client: TestClient, method: 'POST' | 'PUT', url: string, payload: object): Promise<EditorWork> {
  const response = await client.request({ method, url, payload })
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300)
  return response.json<{ work: EditorWork }>().work
}
const step = (client: TestClient, w: EditorWork, name: string) =>
  work(client, 'POST', `/api/editor/works/${w.id}/${name}`, { version: w.version })

async function publish(doc: WorkDocumentInput): Promise<EditorWork> {
  const draft = await work(editor, 'POST', '/api/editor/works', { document: doc })
  const approved = await step(admin, await step(editor, draft, 'submit'), 'approve')
  return step(editor, approved, 'publish')
}

/** No signal: every request fails as a phone's fetch does. */
function goOffline(): void {
  globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'))
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'zk-app-works-ui-'))
  t = await buildTestApp({ DATA_DIR: dataDir })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  network = await browserNetwork(`http://127.0.0.1:${String((t.app.server.address() as AddressInfo).port)}`)
  ;(window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${network.origin}/`)
  admin = await signedInAs(t, 'phone-works-admin', 'admin')
  editor = await signedInAs(t, 'phone-works-editor', 'base_staff', 'xixi-wetland')
  const me = (await editor.request({ url: '/api/auth/session' })).json<{ account: { id: string } }>()
  const allowed = await admin.request({
    method: 'PUT',
    url: `/api/admin/accounts/${me.account.id}/works-editor`,
    payload: { allowed: true },
  })
  expect(allowed.statusCode).toBeLessThan(300)
}, 120_000)
afterAll(async () => {
  globalThis.fetch = realFetch
  await network.close()
  await t.close()
  rmSync(dataDir, { recursive: true, force: true })
})
beforeEach(() => {
  globalThis.fetch = realFetch
  localStorage.clear()
  document.body.innerHTML = ''
})

describe('works published in the app, on a visitor’s phone', () => {
  it('lists a new work, opens it online and offline, and finds it offline', async () => {
    await localDb.appWorks.clear()
    await localDb.syncMeta.clear()
    const published = await publish({
      ...article('湿地里的候鸟驿站', '候鸟在**湿地**歇脚。'),
      credits: [
        { role: 'author', name: '林晓' },
        { role: 'organisation', name: '西溪湿地科普馆' },
      ],
      licence: 'CC BY 4.0',
    })
    const id = published.publicId

    const list = await mountApp('/works')
    await waitFor(list.wrapper, `[data-testid="work-${id}"]`)
    expect(list.wrapper.get(`[data-testid="work-${id}"]`).text()).toContain('湿地里的候鸟驿站')
    // The shipped works are still there.
    const shipped = (useContentStore().works ?? []).filter((w) => w.id !== id)
    expect(shipped.length).toBeGreaterThan(0)
    list.wrapper.unmount()
    document.body.innerHTML = ''

    const page = await mountApp(`/works/${id}`)
    const text = await waitFor(page.wrapper, '[data-testid="work-text"]')
    expect(text.get('strong').text()).toBe('湿地')
    page.wrapper.unmount()
    document.body.innerHTML = ''

    // Offline, on a fresh page: the kept copy opens, and the offline search finds it.
    goOffline()
    const offline = await mountApp(`/works/${id}`)
    await waitUntil(() => expect(offline.wrapper.get('[data-testid="work-text"]').text()).toContain('候鸟在'))
    // Who wrote it, and on what licence, travel with the copy.
    const credits = offline.wrapper.get('[data-testid="work-credits"]').text()
    expect(credits).toMatch(/作者\s*林晓/)
    expect(credits).toMatch(/单位\s*西溪湿地科普馆/)
    expect(credits).toContain('CC BY 4.0')
    const search = useSearchStore()
    await search.search('候鸟驿站', NO_FILTERS)
    expect(search.state).toBe('offline')
    const works = search.groups.find((g) => g.kind === 'work')
    expect(works?.hits.map((h) => h.id)).toContain(id)
    // By pinyin and by initials too: the feed carries the title's keys (the phone has no dictionary).
    await search.search('houniao', NO_FILTERS)
    expect(search.groups.find((g) => g.kind === 'work')?.hits.map((h) => h.id)).toContain(id)
    await search.search('hnyz', NO_FILTERS)
    expect(search.groups.find((g) => g.kind === 'work')?.hits.map((h) => h.id)).toContain(id)
    offline.wrapper.unmount()
  })

  it('takes only what changed since its copy: an edit replaces the work, a withdrawal hides it', async () => {
    const kept = await publish(article('黑土地里的蚯蚓', '蚯蚓让黑土疏松透气。'))
    const gone = await publish(article('冰川退缩的证据', '冰川在退缩。'))
    const phone = await mountApp('/works')
    await refreshAppWorks()
    const content = useContentStore()
    expect(content.works?.map((w) => w.id)).toEqual(expect.arrayContaining([kept.publicId, gone.publicId]))
    const version = (await localDb.syncMeta.get('works:feed-version'))?.value
    expect(typeof version).toBe('number')

    const edited = await work(editor, 'PUT', `/api/editor/works/${kept.id}`, {
      version: kept.version,
      document: article('黑土地里的蚯蚓（修订）', '蚯蚓让黑土疏松透气，也让雨水渗下去。'),
    })
    await step(editor, await step(admin, await step(editor, edited, 'submit'), 'approve'), 'publish')
    await step(admin, gone, 'unpublish')

    // The phone comes back online.
    window.dispatchEvent(new Event('online'))
    await waitUntil(() => expect(content.works?.some((w) => w.id === gone.publicId)).toBe(false))
    expect(content.works?.find((w) => w.id === kept.publicId)?.title.zh).toBe('黑土地里的蚯蚓（修订）')
    expect((await content.loadWorkText(kept.publicId))?.body).toBe('蚯蚓让黑土疏松透气，也让雨水渗下去。')
    expect((await localDb.syncMeta.get('works:removed'))?.value).toContain(gone.publicId)
    expect(Number((await localDb.syncMeta.get('works:feed-version'))?.value)).toBeGreaterThan(Number(version))
    phone.wrapper.unmount()
  })
})
