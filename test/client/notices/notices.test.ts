import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import type { Notice } from '../../../src/shared/index.ts'
import type { VueWrapper } from '@vue/test-utils'
import { json, mountApp as mountAppOnce, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

// Unmount every app a test opened, so an old shell's refresh listeners do not answer the next test's events.
const mounted: VueWrapper[] = []
async function mountApp(path: string) {
  const result = await mountAppOnce(path)
  mounted.push(result.wrapper)
  return result
}

const HUNAN = '430000'
const BEIJING = '110000'
const hour = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')

let n = 0
function make(over: Partial<Notice> = {}): Notice {
  n += 1
  return {
    id: `0190f3a0-0000-7000-8000-${String(n).padStart(12, '0')}`,
    receivedAt: hour(-2),
    identifier: `zk-${n}`,
    sender: 'notices@ziran-kepu.cn',
    sent: hour(-2),
    kind: 'alert',
    status: 'Actual',
    msgType: 'Alert',
    references: [],
    category: 'Geo',
    event: '地质灾害气象风险预警',
    urgency: 'Expected',
    severity: 'Severe',
    certainty: 'Likely',
    level: 'orange',
    hazards: ['landslide'],
    headline: `湘西州滑坡橙色预警 ${n}`,
    description: '持续降雨。',
    instruction: '远离陡坡，向两侧撤离。',
    effective: null,
    onset: null,
    expires: hour(24),
    area: { description: '湖南省湘西州', provinces: [HUNAN], polygons: [], circles: [] },
    rumour: null,
    ...over,
  }
}
const ref = (x: Notice) => ({ sender: x.sender, identifier: x.identifier, sent: x.sent })
const session =
  (role: 'admin' | null = null) =>
  () =>
    json(200, {
      account: role
        ? {
            id: '0190f3a0-0000-7000-8000-0000000000aa',
            username: 'admin',
            displayName: '管理员',
            role,
            status: 'active',
            baseId: null,
            school: null,
            createdAt: '2026-01-01T00:00:00.000Z',
          }
        : null,
      setupRequired: false,
    })
const followHunan = () =>
  localStorage.setItem('zk.notice-areas', JSON.stringify({ provinces: [HUNAN], useLocation: false, position: null }))

let list: Notice[] = []
let noticeRequests = 0
function serve(extra: Record<string, () => Response | Promise<Response>> = {}) {
  noticeRequests = 0
  stubFetch({
    '/api/auth/session': session(),
    '/api/push/key': () => json(200, { enabled: false, publicKey: null }),
    '/api/notices': () => {
      noticeRequests += 1
      return json(200, { notices: list })
    },
    ...extra,
  })
}

beforeEach(async () => {
  localStorage.clear()
  await localDb.notices.clear()
  list = []
})
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
  document.body.innerHTML = ''
})

describe('the notice banner', () => {
  it('shows a current alert for a followed province on any screen, in its colour, and not one for elsewhere', async () => {
    followHunan()
    const hunan = make({ level: 'red', headline: '湘西州滑坡红色预警' })
    const beijing = make({
      headline: '北京市崩塌预警',
      area: { description: '北京市门头沟区', provinces: [BEIJING], polygons: [], circles: [] },
    })
    list = [hunan, beijing]
    serve()
    const { wrapper } = await mountApp('/works')
    const banner = await waitFor(wrapper, '[data-testid="notice-banner"]')
    expect(banner.text()).toContain('红色预警 · 湘西州滑坡红色预警')
    expect(banner.attributes('data-level')).toBe('red')
    expect(banner.text()).not.toContain('北京')
    expect(banner.get('a').attributes('href')).toBe(`/notices/${hunan.id}`)
  })

  it('shows nothing until the visitor chooses an area', async () => {
    list = [make()]
    serve()
    const { wrapper } = await mountApp('/works')
    await settle()
    expect(noticeRequests).toBe(1)
    expect(wrapper.find('[data-testid="notice-banner"]').exists()).toBe(false)
  })

  it('never raises an exercise (演练) as a banner, but lists it in the tab marked as one', async () => {
    followHunan()
    list = [make({ status: 'Exercise', headline: '滑坡避险演练' })]
    serve()
    const { wrapper } = await mountApp('/notices')
    const current = await waitFor(wrapper, '[data-testid="notices-current"]')
    expect(current.text()).toContain('滑坡避险演练')
    expect(current.get('[data-testid="notice-status"]').text()).toContain('演练')
    expect(wrapper.find('[data-testid="notice-banner"]').exists()).toBe(false)
  })

  it('stays dismissed for that message, and comes back when an Update replaces it', async () => {
    followHunan()
    const alert = make()
    list = [alert]
    serve()
    const { wrapper } = await mountApp('/bases')
    await (await waitFor(wrapper, '[data-testid="notice-banner-dismiss"]')).trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="notice-banner"]').exists()).toBe(false)

    list = [
      alert,
      make({ msgType: 'Update', references: [ref(alert)], level: 'red', headline: '预警升级为红色', sent: hour(-1) }),
    ]
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    const banner = await waitFor(wrapper, '[data-testid="notice-banner"]')
    expect(banner.text()).toContain('预警升级为红色')
  })

  it('remembers every dismissed alert across visits, and ignores a tampered list of areas', async () => {
    followHunan()
    const first = make({ headline: '第一条预警' })
    const second = make({ headline: '第二条预警' })
    list = [first, second]
    serve()
    const visit1 = await mountApp('/bases')
    // Newest first: the second alert shows; dismissing it brings the first.
    await (await waitFor(visit1.wrapper, '[data-testid="notice-banner-dismiss"]')).trigger('click')
    await (await waitFor(visit1.wrapper, '[data-testid="notice-banner-dismiss"]')).trigger('click')
    await settle()
    expect(visit1.wrapper.find('[data-testid="notice-banner"]').exists()).toBe(false)
    visit1.wrapper.unmount()

    // Next visit: both stay dismissed (the saved list is read before a new dismissal is written).
    const visit2 = await mountApp('/bases')
    await settle()
    expect(visit2.wrapper.find('[data-testid="notice-banner"]').exists()).toBe(false)
    expect(JSON.parse(localStorage.getItem('zk.notice-dismissed') ?? '[]')).toHaveLength(2)
    visit2.wrapper.unmount()

    // Areas edited by hand into nonsense: treated as none chosen (all of China listed, no banner).
    localStorage.setItem('zk.notice-areas', JSON.stringify({ provinces: ['not-a-province'] }))
    localStorage.removeItem('zk.notice-dismissed')
    const visit3 = await mountApp('/notices')
    await settle()
    expect(visit3.wrapper.text()).toContain('第一条预警')
    expect(visit3.wrapper.find('[data-testid="notice-banner"]').exists()).toBe(false)
  })

  it('leaves when the alert is cancelled or has expired', async () => {
    followHunan()
    const alert = make()
    list = [alert, make({ headline: '已过期的预警', expires: hour(-1), sent: hour(-30) })]
    serve()
    const { wrapper } = await mountApp('/bases')
    expect((await waitFor(wrapper, '[data-testid="notice-banner"]')).text()).toContain(alert.headline)
    expect(wrapper.get('[data-testid="notice-banner"]').text()).not.toContain('已过期')

    list = [
      alert,
      make({ msgType: 'Cancel', references: [ref(alert)], level: null, headline: '预警解除', sent: hour(-1) }),
    ]
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(wrapper.find('[data-testid="notice-banner"]').exists()).toBe(false))
  })
})

describe('refreshing without push', () => {
  it('asks the server when the app opens, when it comes back to the foreground and when the network returns', async () => {
    serve()
    await mountApp('/bases')
    await settle()
    expect(noticeRequests).toBe(1)
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    await settle()
    expect(noticeRequests).toBe(2)
    window.dispatchEvent(new Event('online'))
    await settle()
    expect(noticeRequests).toBe(3)
  })
})

describe('the 通知 tab', () => {
  it('lists current notices first, then the history of cancelled ones', async () => {
    followHunan()
    const old = make({ headline: '已解除的旧预警', sent: hour(-48) })
    list = [
      make({ headline: '当前的预警' }),
      old,
      make({ msgType: 'Cancel', references: [ref(old)], level: null, headline: '旧预警解除', sent: hour(-40) }),
    ]
    serve()
    const { wrapper } = await mountApp('/notices')
    const current = await waitFor(wrapper, '[data-testid="notices-current"]')
    expect(current.text()).toContain('当前的预警')
    expect(current.text()).not.toContain('旧预警')
    const history = wrapper.get('[data-testid="notices-history"]')
    expect(history.text()).toContain('旧预警解除')
    expect(history.text()).toMatch(/已解除|Cancelled/)
  })

  it('says honestly when push is not available from this server', async () => {
    serve()
    const { wrapper } = await mountApp('/notices')
    await vi.waitFor(() =>
      expect(wrapper.get('[data-testid="notice-push"]').attributes('data-state')).toMatch(/server-off|unsupported/),
    )
    expect(wrapper.get('[data-testid="notice-push"]').text()).toMatch(/打开应用|open the app/)
  })

  it('tells a visitor inside WeChat how to open the app in a real browser', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(
      'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI',
    )
    serve()
    const { wrapper } = await mountApp('/notices')
    expect((await waitFor(wrapper, '[data-testid="notice-wechat"]')).text()).toContain('在浏览器打开')
    vi.restoreAllMocks()
  })
})

describe('a notice offline', () => {
  it('opens from the saved copy with its instruction first, its guide and the nearest bases', async () => {
    followHunan()
    const alert = make({ headline: '湘西州泥石流预警', hazards: ['debris-flow', 'flood'] })
    list = [alert]
    serve()
    const first = await mountApp('/notices')
    await waitFor(first.wrapper, '[data-testid="notices-current"]')
    first.wrapper.unmount()
    document.body.innerHTML = ''

    stubFetch({
      '/api/auth/session': () => Promise.reject(new TypeError('offline')),
      '/api/notices': () => Promise.reject(new TypeError('Failed to fetch')),
      '/api/push/key': () => Promise.reject(new TypeError('offline')),
    })
    const tab = await mountApp('/notices')
    expect((await waitFor(tab.wrapper, '[data-testid="notices-saved"]')).text()).toMatch(/离线|Offline/)
    expect(tab.wrapper.get('[data-testid="notices-current"]').text()).toContain('湘西州泥石流预警')
    tab.wrapper.unmount()
    document.body.innerHTML = ''

    const { wrapper } = await mountApp(`/notices/${alert.id}`)
    const instruction = await waitFor(wrapper, '[data-testid="notice-instruction"]')
    expect(instruction.text()).toContain('远离陡坡')
    expect(wrapper.get('[data-testid="notice-guide-debris-flow"]').attributes('href')).toBe(
      '/notices/guides/debris-flow',
    )
    expect(wrapper.find('[data-testid="notice-guide-landslide"]').exists()).toBe(false)
    // No position shared: bases in the notice's province.
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid^="base-"]').length).toBeGreaterThan(0))
    expect(wrapper.findAll('[data-testid^="base-"]').every((b) => b.text().includes('湖南省'))).toBe(true)
  })

  it('shows a 辟谣 as the claim against the facts', async () => {
    const rumour = make({
      kind: 'rumour',
      level: 'blue',
      headline: '“三天内大地震”是谣言',
      rumour: { claim: '网传三天内将发生大地震。', facts: '地震无法短期精确预报。' },
    })
    list = [rumour]
    serve()
    const { wrapper } = await mountApp(`/notices/${rumour.id}`)
    const card = await waitFor(wrapper, '[data-testid="notice-rumour"]')
    expect(card.text()).toContain('网传三天内将发生大地震。')
    expect(card.text()).toContain('地震无法短期精确预报。')
  })
})

describe('issuing a notice (admin)', () => {
  it('checks the form before sending and sends a valid one', async () => {
    const posted: unknown[] = []
    serve({
      '/api/auth/session': session('admin'),
      '/api/notices': () => json(200, { notices: list }),
    })
    const original = globalThis.fetch
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push(JSON.parse(init.body as string))
        const notice = make({ headline: '新预警' })
        return Promise.resolve(json(201, { notice, push: { state: 'off', queued: 0 } }))
      }
      return original(input, init)
    }
    const { wrapper } = await mountApp('/notices/admin')
    const form = await waitFor(wrapper, '[data-testid="notice-form"]')
    await form.trigger('submit')
    await settle()
    expect(posted).toEqual([])
    // In the admin's language, under each field (issue 19 item 18), not the schema's English notes.
    expect(form.text()).toContain('请填写标题')
    expect(form.text()).toContain('请用文字说明预警范围')
    expect(form.text()).not.toContain('a short headline')

    await wrapper.get('[data-testid="notice-headline"] input').setValue('新预警')
    await wrapper.get('[data-testid="notice-area-description"] input').setValue('湖南省')
    await wrapper.get(`[data-testid="notice-admin-province-${HUNAN}"]`).setValue(true)
    await wrapper.get('[data-testid="notice-level-red"]').setValue(true)
    await wrapper.get('[data-testid="notice-hazard-landslide"]').setValue(true)
    await form.trigger('submit')
    await settle()
    expect(posted).toEqual([
      expect.objectContaining({
        msgType: 'Alert',
        headline: '新预警',
        level: 'red',
        hazards: ['landslide'],
        area: expect.objectContaining({ provinces: [HUNAN] }),
      }),
    ])
    expect((await waitFor(wrapper, '[data-testid="notice-issued"]')).text()).toContain('新预警')
  })
})
