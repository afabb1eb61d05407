import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../../src/client/app/i18n.ts'
import type { UploadEvent } from '../../../src/client/bases/edit/photo-upload.ts'
import ExpertAvatar from '../../../src/client/experts/ExpertAvatar.vue'
import ExpertPhotoUploader from '../../../src/client/experts/ExpertPhotoUploader.vue'
import { loadExpertMessages } from '../../../src/client/experts/experts-messages.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import type { ExpertPhoto, MediaRecord } from '../../../src/shared/index.ts'
import { li, pageOf, EXPERTS } from '../helpers/expert-fixtures.ts'
import { json, mountApp, stubFetch, waitFor } from '../helpers/mount-app.ts'

/** What the mocked upload reports once a file is picked (the real one talks tus to the server). */
let uploadEvents: UploadEvent[] = []
const started: { purpose: string | undefined }[] = []
vi.mock('../../../src/client/bases/edit/photo-upload.ts', () => ({
  startPhotoUpload: (_blob: Blob, _name: string, onEvent: (e: UploadEvent) => void, options: { purpose?: string }) => {
    started.push({ purpose: options.purpose })
    queueMicrotask(() => uploadEvents.forEach(onEvent))
    return Promise.resolve({ pause() {}, resume() {}, cancel: () => Promise.resolve() })
  },
}))

const photo: ExpertPhoto = {
  mediaId: '0193b2c4-0000-7000-8000-0000000000f1',
  width: 600,
  height: 800,
  dominantColor: '#887766',
  variants: [
    { width: 320, height: 427, format: 'avif', bytes: 9000, url: '/api/media/f1/a-320.avif' },
    { width: 320, height: 427, format: 'webp', bytes: 11000, url: '/api/media/f1/a-320.webp' },
    { width: 320, height: 427, format: 'jpeg', bytes: 15000, url: '/api/media/f1/a-320.jpg' },
  ],
}

beforeAll(async () => {
  await loadExpertMessages()
})
beforeEach(() => {
  uploadEvents = []
  started.length = 0
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe("an expert's avatar", () => {
  it('shows the initial when the expert gave no photo', () => {
    const avatar = mount(ExpertAvatar, { props: { name: '欧阳自远', photo: null } })
    expect(avatar.text()).toBe('欧')
    expect(avatar.find('img').exists()).toBe(false)
  })

  it('shows the photo in every format, decorative beside the name', () => {
    const avatar = mount(ExpertAvatar, { props: { name: '李四光研', photo, size: 'lg' } })
    expect(avatar.text()).toBe('')
    expect(avatar.findAll('source').map((s) => s.attributes('type'))).toEqual(['image/avif', 'image/webp'])
    const img = avatar.get('img')
    expect(img.attributes('src')).toBe('/api/media/f1/a-320.jpg')
    expect(img.attributes('alt')).toBe('')
    expect(avatar.attributes('aria-hidden')).toBe('true')
  })
})

describe("the expert's photo uploader", () => {
  const mountUploader = (onSave = vi.fn(() => Promise.resolve())) => ({
    onSave,
    wrapper: mount(ExpertPhotoUploader, {
      props: { name: '李四光研', photo: null, onSave },
      global: { plugins: [i18n] },
      attachTo: document.body,
    }),
  })
  async function pick(wrapper: ReturnType<typeof mount>, file: File): Promise<void> {
    const input = wrapper.get('[data-testid="expert-photo-input"]')
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await flushPromises()
    await flushPromises()
  }

  it('says plainly when the file is not an image, and shows nothing', async () => {
    uploadEvents = [{ kind: 'refused', refusal: { kind: 'not-image', message: '文件类型不符 / not an accepted file' } }]
    const { wrapper, onSave } = mountUploader()
    await pick(wrapper, new File(['hello'], 'notes.jpg', { type: 'image/jpeg' }))
    expect(started).toEqual([{ purpose: 'expert-photo' }])
    expect(wrapper.get('[data-testid="expert-photo-problem"]').text()).toBe(
      '这个文件不是图片，请选择 JPEG、PNG、WebP 或 AVIF 格式的照片',
    )
    expect(onSave).not.toHaveBeenCalled()
  })

  it('shows a finished upload on the page at once', async () => {
    uploadEvents = [{ kind: 'done', media: { id: photo.mediaId } as MediaRecord }]
    const { wrapper, onSave } = mountUploader()
    await pick(wrapper, new File([new Uint8Array(10)], 'me.jpg', { type: 'image/jpeg' }))
    expect(onSave).toHaveBeenCalledWith(photo.mediaId)
    expect(wrapper.get('[data-testid="expert-photo-message"]').text()).toBe('照片已更新，主页已显示')
  })
})

describe("an expert's public page", () => {
  afterEach(async () => {
    await localDb.expertLists.clear()
    await localDb.expertPages.clear()
  })

  it('shows their photo and links the works they wrote or appear in', async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/api/experts': () => json(200, { experts: EXPERTS }),
      [`/api/experts/${li.id}`]: () =>
        json(200, {
          ...pageOf(li),
          photo,
          works: [
            {
              source: 'content',
              id: 'li-siguang-story',
              type: 'article',
              title: { zh: '李四光的故事', en: 'Li Siguang' },
              role: 'author',
            },
            {
              source: 'app',
              id: '0193b2c4-0000-7000-8000-0000000000a1',
              type: 'video',
              title: { zh: '获奖微视频', en: null },
              role: 'featured',
            },
          ],
        }),
    })
    const { wrapper } = await mountApp(`/experts/${li.id}`)
    await waitFor(wrapper, '[data-testid="expert-works"]')
    expect(wrapper.get('[data-testid="view-expert"] .expert-avatar img').attributes('src')).toBe(
      '/api/media/f1/a-320.jpg',
    )
    const works = wrapper.findAll('[data-testid="expert-work"]')
    expect(
      works.map((w) =>
        w
          .findAll('span')
          .map((s) => s.text())
          .join(' | '),
      ),
    ).toEqual(['李四光的故事 | 图文 · 作者', '获奖微视频 | 视频 · 出镜'])
    expect(works[0]!.attributes('href')).toBe('/works/li-siguang-story')
    // A work published in the app has no page yet: named, not linked.
    expect(works[1]!.element.tagName).toBe('DIV')
  })
})
