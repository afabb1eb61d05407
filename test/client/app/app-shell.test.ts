import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SETTINGS_KEY } from '../../../src/client/app/settings-store.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

const signedOut = () => json(200, { account: null, setupRequired: false })

beforeEach(() => {
  localStorage.clear()
  stubFetch({ '/api/auth/session': signedOut })
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('app shell', () => {
  it('opens every tab from the bottom bar, each with its own heading', async () => {
    const { wrapper, router } = await mountApp('/')
    expect(router.currentRoute.value.path).toBe('/bases')
    const expected = { bases: '科普基地', works: '科普作品', calendar: '主题日历', notices: '通知与避险', me: '我的' }
    for (const [tab, heading] of Object.entries(expected)) {
      await wrapper.get(`[data-testid="tab-${tab}"]`).trigger('click')
      const view = await waitFor(wrapper, `[data-testid="view-${tab}"]`)
      expect(view.get('h1').text()).toBe(heading)
      expect(wrapper.get(`[data-testid="tab-${tab}"]`).attributes('aria-current')).toBe('page')
    }
  })

  it('labels the tabs in Chinese by default and in English after switching, and remembers the choice', async () => {
    const first = await mountApp('/me/settings')
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(first.wrapper.get('[data-testid="tab-bases"]').text()).toBe('地图')

    await first.wrapper.get('[data-testid="language-en"]').trigger('click')
    // English loads on first use (a lazy chunk), then every label switches.
    await vi.waitFor(() => expect(first.wrapper.get('[data-testid="tab-bases"]').text()).toBe('Map'), {
      timeout: 10_000,
    })
    expect(document.documentElement.lang).toBe('en')
    expect(JSON.parse(localStorage.getItem(SETTINGS_KEY)!)).toMatchObject({ locale: 'en' })
    first.wrapper.unmount()

    // A new visit (fresh stores) starts in English.
    const second = await mountApp('/works')
    expect(second.wrapper.get('[data-testid="tab-works"]').text()).toBe('Works')
    expect(second.wrapper.get('h1').text()).toBe('Popular-science works')
  })

  it('shows the bases shipped with the app, and finds one by pinyin initials', async () => {
    const { wrapper } = await mountApp('/bases')
    await wrapper.get('[data-testid="mode-list"]').trigger('click')
    await settle()
    // The list renders in pages of 50, so a national programme of thousands stays fast.
    expect(wrapper.findAll('[data-testid^="base-"]').length).toBe(50)
    expect(wrapper.text()).toContain('再显示 76 个')
    const search = async (q: string) => {
      await wrapper.get('input[type="search"]').setValue(q)
      await settle()
      return wrapper.findAll('[data-testid^="base-"]').map((card) => card.get('h2').text())
    }
    // Initials are ambiguous (河南 and 湖南 are both "hn"); full pinyin is not.
    expect(await search('hnsdzbwg')).toEqual(expect.arrayContaining(['湖南省地质博物馆', '河南省地质博物馆']))
    expect(await search('hunan sheng dizhi')).toEqual(['湖南省地质博物馆'])
  })

  it('says plainly when a search finds nothing', async () => {
    const { wrapper } = await mountApp('/bases')
    await wrapper.get('input[type="search"]').setValue('zzzzqqq')
    await settle()
    expect(wrapper.text()).toContain('没有找到匹配“zzzzqqq”的基地')
  })

  it('answers an unknown address with a not-found page, not a blank screen', async () => {
    const { wrapper } = await mountApp('/no/such/page')
    expect(wrapper.get('[data-testid="view-not-found"] h1').text()).toBe('页面不存在')
  })
})
