import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

/*
 * The works editor's form (issue 26): what it says under the fields, in Chinese, when a work
 * cannot be saved, and that a save someone else beat (409) keeps everything typed.
 */

const ADMIN = {
  id: 'a-1',
  username: 'editor-admin',
  displayName: '编辑甲',
  role: 'admin',
  status: 'active',
  baseId: null,
  school: null,
  createdAt: '2026-01-01T00:00:00.000Z',
}
const draft = {
  type: 'article',
  title: { zh: '湿地候鸟' },
  summary: { zh: '候鸟在湿地歇脚。' },
  topics: [],
  bases: [],
  themeDays: [],
  sources: [],
  body: '候鸟在**湿地**歇脚。',
  credits: [],
}
const work = (over: Record<string, unknown> = {}) => ({
  id: 'w-1',
  publicId: 'w-1',
  origin: 'app',
  state: 'draft',
  listed: false,
  version: 3,
  publishedVersion: null,
  draft,
  published: null,
  returnReason: null,
  lastEditor: { id: 'a-2', name: '编辑乙' },
  updatedAt: '2026-12-01T02:00:00.000Z',
  ...over,
})

let puts: { version: number; document: { title: { zh: string }; body: string } }[] = []
let putAnswers: (() => Response)[] = []
beforeEach(() => {
  localStorage.clear()
  puts = []
  putAnswers = []
  stubFetch({
    '/api/auth/session': () => json(200, { account: ADMIN, setupRequired: false }),
    '/api/editor/works/w-1': (init) => {
      if (init?.method === 'PUT') {
        puts.push(JSON.parse(init.body as string) as (typeof puts)[number])
        return putAnswers.shift()!()
      }
      return json(200, { work: work() })
    },
    '/api/editor/works/w-1/approve': () =>
      json(403, {
        statusCode: 403,
        error: 'Forbidden',
        message: '不能审核自己修改的作品，请另一位编辑审核 / someone else must review your own changes',
      }),
  })
})
afterEach(() => {
  document.body.innerHTML = ''
})

async function type(wrapper: VueWrapper, testid: string, value: string): Promise<void> {
  const field = wrapper.get(`[data-testid="${testid}"]`).find('input, textarea')
  await field.setValue(value)
}

describe('the works editor form', () => {
  it('says under each field, in Chinese, what an article still needs, and sends nothing', async () => {
    const { wrapper } = await mountApp('/me/editor/works/new')
    await waitFor(wrapper, '[data-testid="work-save"]')
    await wrapper.get('[data-testid="work-save"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="work-title-zh"]').text()).toContain('请填写中文标题')
    expect(wrapper.get('[data-testid="work-summary-zh"]').text()).toContain('请填写')
    expect(wrapper.get('[data-testid="work-body"]').text()).toContain('请填写正文')
    expect(wrapper.get('[data-testid="work-editor-problem"]').text()).toMatch(/有 \d+ 处需要修改/)
    // A field put right loses its message at once.
    await type(wrapper, 'work-title-zh', '沙丘夜空观星站')
    expect(wrapper.get('[data-testid="work-title-zh"]').text()).not.toContain('请填写中文标题')
    expect(wrapper.get('[data-testid="work-body"]').text()).toContain('请填写正文')
  })

  it('asks for each picture’s alt text and for the book’s publication details', async () => {
    const { wrapper } = await mountApp('/me/editor/works/new')
    await waitFor(wrapper, '[data-testid="work-type"]')
    await wrapper.get('[data-testid="work-type"]').setValue('pictures')
    await wrapper.get('[data-testid="work-add-picture"]').trigger('click')
    await wrapper.get('[data-testid="work-save"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="work-picture-0-alt"]').text()).toContain('请为图片写替代文字')

    await wrapper.get('[data-testid="work-type"]').setValue('book')
    await type(wrapper, 'work-book-year', '1850')
    await wrapper.get('[data-testid="work-save"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="work-book-publisher"]').text()).toContain('请填写此项')
    expect(wrapper.get('[data-testid="work-book-year"]').text()).toContain('不能小于 1900')
  })

  it('refuses raw HTML in the text with the contract’s Chinese message, and shows the text as visitors will', async () => {
    const { wrapper } = await mountApp('/me/editor/works/w-1')
    await waitFor(wrapper, '[data-testid="work-body"]')
    expect(wrapper.get('[data-testid="work-live-preview"] strong').text()).toBe('湿地')
    await type(wrapper, 'work-body', '<script>alert(1)</script>')
    await wrapper.get('[data-testid="work-save"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="work-body"] .van-field__error-message').text()).toMatch(/[\u4e00-\u9fff]/)
    expect(puts).toHaveLength(0)
  })

  it('keeps what was typed when someone else saved first, and saves it over their version when asked', async () => {
    const { wrapper } = await mountApp('/me/editor/works/w-1')
    await waitFor(wrapper, '[data-testid="work-title-zh"]')
    await type(wrapper, 'work-title-zh', '湿地里的候鸟驿站')
    await type(wrapper, 'work-body', '我的新正文')
    putAnswers.push(() =>
      json(409, {
        statusCode: 409,
        error: 'Conflict',
        message:
          '作品已被他人修改（现为第 5 版），请重新打开 / the work changed since you opened it (now version 5): reload it',
        version: 5,
      }),
    )
    await wrapper.get('[data-testid="work-save"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="work-editor-problem"]').text()).toContain(
      '别人在你编辑期间保存了新版本（现为第 5 版）',
    )
    expect(wrapper.get('[data-testid="work-title-zh"] input').element).toHaveProperty('value', '湿地里的候鸟驿站')
    expect(wrapper.get('[data-testid="work-body"] textarea').element).toHaveProperty('value', '我的新正文')
    expect(puts[0]!.version).toBe(3)

    putAnswers.push(() =>
      json(200, {
        work: work({ version: 6, draft: { ...draft, title: { zh: '湿地里的候鸟驿站' }, body: '我的新正文' } }),
      }),
    )
    await wrapper.get('[data-testid="work-conflict-keep"]').trigger('click')
    await settle()
    expect(puts[1]).toMatchObject({ version: 5, document: { title: { zh: '湿地里的候鸟驿站' }, body: '我的新正文' } })
    expect(wrapper.get('[data-testid="work-editor-message"]').text()).toContain('已保存（第 6 版）')
    // Saved: the next step is open again.
    expect(wrapper.get('[data-testid="work-submit"]').attributes('disabled')).toBeUndefined()
  })

  it('shows the server’s refusal of the captions under the captions field', async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: ADMIN, setupRequired: false }),
      '/api/editor/works/w-1': (init) =>
        init?.method === 'PUT'
          ? json(400, {
              statusCode: 400,
              error: 'Bad Request',
              message: 'Invalid body',
              issues: [
                {
                  path: 'body.document.media.captions',
                  message: '字幕须为 WebVTT（以 WEBVTT 开头）/ captions must be WebVTT (starting with WEBVTT)',
                },
              ],
            })
          : json(200, {
              work: work({
                draft: {
                  ...draft,
                  type: 'video',
                  media: { file: '0190a5b4-7c1e-7d2a-8f3b-0123456789ab' },
                },
              }),
            }),
    })
    const { wrapper } = await mountApp('/me/editor/works/w-1')
    await waitFor(wrapper, '[data-testid="work-media"]')
    await type(wrapper, 'work-title-zh', '湿地的声音')
    await wrapper.get('[data-testid="work-save"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="work-captions-error"]').text()).toBe('字幕须为 WebVTT（以 WEBVTT 开头）')
  })

  it('tells the last editor plainly that another editor must approve', async () => {
    const { wrapper } = await mountApp('/me/editor/works/w-1')
    await waitFor(wrapper, '[data-testid="work-steps"]')
    expect(wrapper.find('[data-testid="work-approve"]').exists()).toBe(false)
    stubFetch({
      '/api/auth/session': () => json(200, { account: ADMIN, setupRequired: false }),
      '/api/editor/works/w-1': () =>
        json(200, { work: work({ state: 'in_review', lastEditor: { id: 'a-1', name: '编辑甲' } }) }),
      '/api/editor/works/w-1/approve': () =>
        json(403, {
          statusCode: 403,
          error: 'Forbidden',
          message: '不能审核自己修改的作品，请另一位编辑审核 / someone else must review your own changes',
        }),
    })
    const second = await mountApp('/me/editor/works/w-1')
    await waitFor(second.wrapper, '[data-testid="work-approve"]')
    expect(second.wrapper.get('[data-testid="work-self-approve-hint"]').text()).toContain('不能自己审核')
    await second.wrapper.get('[data-testid="work-approve"]').trigger('click')
    await settle()
    expect(second.wrapper.get('[data-testid="work-editor-problem"]').text()).toContain('请另一位编辑通过')
  })
})
