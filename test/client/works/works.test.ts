import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useContentStore } from '../../../src/client/content/content-store.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { splitWork, type BuiltWork } from '../../../src/shared/index.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

const VIDEO_BYTES = 300_000
const video: BuiltWork = {
  id: 'test-video',
  type: 'video',
  title: { zh: '测试视频：滑坡来了怎么办', en: 'Test video' },
  summary: { zh: '测试用视频', en: 'A test video' },
  topics: ['geohazards'],
  bases: [],
  themeDays: [],
  sources: ['recalled'],
  published: '2026-05-12',
  media: { file: 'test-video.mp4', mime: 'video/mp4', durationS: 30, captions: 'test-video.vtt' },
  mediaBytes: VIDEO_BYTES + 40,
  body: '视频文字稿。',
}
const hostile: BuiltWork = {
  id: 'hostile',
  type: 'article',
  title: { zh: '不安全的正文', en: 'Unsafe body' },
  summary: { zh: '测试', en: 'test' },
  topics: ['mapping'],
  bases: [],
  themeDays: [],
  sources: ['recalled'],
  published: '2026-05-12',
  body: '第一段。\n\n<script>window.__pwned = true</script>\n\n<img src=x onerror="window.__pwned = true">\n\n[点我](javascript:window.__pwned=true)',
}

/** A slow-ish media response in chunks, so progress and cancel can be seen. */
function chunked(bytes: number, chunk = 50_000, delayMs = 5): Response {
  let sent = 0
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, delayMs))
        if (sent >= bytes) {
          controller.close()
          return
        }
        const n = Math.min(chunk, bytes - sent)
        sent += n
        controller.enqueue(new Uint8Array(n))
      },
    }),
    { status: 200, headers: { 'content-type': 'video/mp4' } },
  )
}

async function openWork(work: BuiltWork) {
  const mounted = await mountApp('/me')
  const content = useContentStore()
  await content.loadWorks()
  const { summary, text } = splitWork(work)
  content.works = [...(content.works ?? []), summary]
  content.texts.set(work.id, text)
  await mounted.router.push(`/works/${work.id}`)
  await settle()
  await waitFor(mounted.wrapper, '[data-testid="view-work"]')
  return mounted
}

beforeEach(async () => {
  localStorage.clear()
  await localDb.savedWorks.clear()
  await localDb.workStates.clear()
  URL.createObjectURL = vi.fn(() => `blob:test/${Math.random().toString(36).slice(2)}`)
  URL.revokeObjectURL = vi.fn()
  stubFetch({
    '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
    '/media/works/test-video.mp4': () => chunked(VIDEO_BYTES),
    '/media/works/test-video.vtt': () =>
      new Response('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n滑坡\n'.padEnd(40, ' '), {
        headers: { 'content-type': 'text/vtt' },
      }),
  })
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('work reading view', () => {
  it('shows Markdown as text: a <script>, an onerror image or a javascript: link in content never runs', async () => {
    const { wrapper } = await openWork(hostile)
    const text = wrapper.get('[data-testid="work-text"]')
    expect(text.text()).toContain('第一段。')
    expect(text.find('script').exists()).toBe(false)
    expect(text.find('img').exists()).toBe(false)
    for (const a of text.findAll('a')) expect(a.attributes('href') ?? '').not.toMatch(/^javascript:/i)
    await settle()
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined()
  })
})

describe('saving a work for offline', () => {
  it('shows the size first, then progress, then the saved size; the blobs are in IndexedDB and delete frees them', async () => {
    const { wrapper } = await openWork(video)
    const button = await waitFor(wrapper, '[data-testid="save-work"]')
    expect(button.text()).toContain('293 KB')
    await button.trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="save-progress"]').exists()).toBe(true))
    await vi.waitFor(() => expect(wrapper.get('[data-testid="save-done"]').text()).toContain('已保存到本机'), {
      timeout: 5000,
    })
    const saved = await localDb.savedWorks.get('test-video')
    expect(saved?.files.map((f) => [f.name, f.mime])).toEqual([
      ['test-video.mp4', 'video/mp4'],
      ['test-video.vtt', 'text/vtt'],
    ])
    expect(saved?.bytes).toBeGreaterThanOrEqual(VIDEO_BYTES)

    await wrapper.get('[data-testid="save-delete"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="save-work"]').exists()).toBe(true))
    expect(await localDb.savedWorks.count()).toBe(0)
  })

  it('cancel leaves nothing half-saved', async () => {
    const { wrapper } = await openWork(video)
    await (await waitFor(wrapper, '[data-testid="save-work"]')).trigger('click')
    await (await waitFor(wrapper, '[data-testid="save-cancel"]')).trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="save-work"]').exists()).toBe(true))
    expect(await localDb.savedWorks.count()).toBe(0)
    expect(wrapper.find('[data-testid="save-error"]').exists()).toBe(false)
  })

  it('a dropped connection says so and stores nothing', async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/media/works/test-video.mp4': () => Promise.reject(new TypeError('Failed to fetch')),
    })
    const { wrapper } = await openWork(video)
    await (await waitFor(wrapper, '[data-testid="save-work"]')).trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="save-error"]').text()).toContain('网络中断'))
    expect(await localDb.savedWorks.count()).toBe(0)
  })

  it('offline and not saved: the player says why instead of a broken video', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    try {
      const { wrapper } = await openWork(video)
      await vi.waitFor(() =>
        expect(wrapper.get('[data-testid="media-unavailable"]').text()).toContain('还没有保存到本机'),
      )
      expect(wrapper.find('video').exists()).toBe(false)
    } finally {
      onLine.mockRestore()
    }
  })
})

describe('favourites and progress', () => {
  it('a favourite is kept on the device and listed on the 作品 tab', async () => {
    const { wrapper, router } = await openWork(video)
    await (await waitFor(wrapper, '[data-testid="favourite"]')).trigger('click')
    await vi.waitFor(async () => expect((await localDb.workStates.get('test-video'))?.favouritedAt).toBeTruthy())
    await router.push('/works')
    await vi.waitFor(() =>
      expect(wrapper.get('[data-testid="works-favourites"]').text()).toContain('测试视频：滑坡来了怎么办'),
    )
  })
})
