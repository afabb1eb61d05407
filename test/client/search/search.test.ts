import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { applyLocale, i18n } from '../../../src/client/app/i18n.ts'
import { createAppRouter } from '../../../src/client/app/router.ts'
import SearchResultGroups from '../../../src/client/search/SearchResultGroups.vue'
import type { SearchGroup, SearchResponse } from '../../../src/shared/index.ts'
import { keepExpertList } from '../../../src/client/local-db/experts.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { EXPERTS, ouyang } from '../helpers/expert-fixtures.ts'
import { json, mountApp, stubFetch, waitFor } from '../helpers/mount-app.ts'

const GROUPS: SearchGroup[] = [
  {
    kind: 'base',
    total: 1,
    hits: [
      {
        kind: 'base',
        id: 'xixi-wetland',
        title: { zh: '杭州西溪国家湿地公园', en: 'Xixi National Wetland Park' },
        detail: { zh: '浙江省杭州市', en: 'Zhejiang' },
        date: null,
      },
    ],
  },
  {
    kind: 'event',
    total: 25,
    hits: [
      {
        kind: 'event',
        id: '0193b2c4-1111-7000-8000-000000000001',
        title: { zh: '湿地观鸟讲座', en: '湿地观鸟讲座' },
        detail: { zh: '杭州西溪国家湿地公园', en: 'Xixi National Wetland Park' },
        date: '2026-03-01',
      },
    ],
  },
]

afterEach(async () => {
  await applyLocale('zh-CN')
  vi.unstubAllGlobals()
})

async function render(groups: readonly SearchGroup[]) {
  const router = createAppRouter(createMemoryHistory())
  await router.push('/search')
  return mount(SearchResultGroups, { props: { groups }, global: { plugins: [i18n, router] } })
}

describe('search results', () => {
  it('shows each kind under its own heading with its count, each row a link to its page', async () => {
    const wrapper = await render(GROUPS)
    expect(wrapper.findAll('h2').map((h) => h.text())).toEqual(['基地（1）', '活动（25）'])
    const base = wrapper.get('[data-testid="search-hit-base-xixi-wetland"]')
    expect(base.attributes('href')).toBe('/bases/xixi-wetland')
    expect(base.text()).toContain('浙江省杭州市')
    const event = wrapper.get('[data-testid="search-group-event"] a')
    expect(event.attributes('href')).toBe('/calendar/events/0193b2c4-1111-7000-8000-000000000001')
    expect(event.text()).toContain('2026年3月1日')
    expect(wrapper.get('[data-testid="search-group-event"]').text()).toContain('还有 24 项')
  })

  it('speaks English when the app does', async () => {
    await applyLocale('en')
    const wrapper = await render(GROUPS)
    expect(wrapper.findAll('h2').map((h) => h.text())).toEqual(['Bases (1)', 'Events (25)'])
    expect(wrapper.text()).toContain('Xixi National Wetland Park')
    expect(wrapper.text()).toContain('March 1, 2026')
  })
})

describe('search screen', () => {
  it('asks the server, and shows its groups', async () => {
    const asked: string[] = []
    stubFetch({})
    globalThis.fetch = (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : input.toString()
      asked.push(url)
      if (url.startsWith('/api/search')) return Promise.resolve(json(200, { groups: GROUPS } satisfies SearchResponse))
      return Promise.reject(new Error(`unexpected fetch ${url}`))
    }
    const { wrapper } = await mountApp('/search?q=shidi')
    await waitFor(wrapper, '[data-testid="search-group-base"]')
    expect(asked.some((u) => u.startsWith('/api/search?q=shidi'))).toBe(true)
    expect(wrapper.find('[data-testid="search-offline"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('searches what the phone has when there is no network, and says so', async () => {
    vi.stubGlobal('navigator', { ...navigator, onLine: false })
    stubFetch({})
    const { wrapper } = await mountApp('/search?q=shidi')
    await waitFor(wrapper, '[data-testid="search-offline"]')
    const works = await waitFor(wrapper, '[data-testid="search-group-work"]')
    expect(works.text()).toContain('湿地')
    expect(wrapper.find('[data-testid="search-group-expert"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('finds an expert offline by pinyin initials in the experts list the phone kept', async () => {
    await keepExpertList(EXPERTS, '2026-12-01T08:00:00+08:00')
    vi.stubGlobal('navigator', { ...navigator, onLine: false })
    stubFetch({})
    const { wrapper } = await mountApp('/search?q=oyzy')
    const experts = await waitFor(wrapper, '[data-testid="search-group-expert"]')
    expect(experts.get(`[data-testid="search-hit-expert-${ouyang.id}"]`).text()).toContain('欧阳自远')
    expect(experts.get('a').attributes('href')).toBe(`/experts/${ouyang.id}`)
    wrapper.unmount()
    await localDb.expertLists.clear()
  })

  it('is a tap away from every tab', async () => {
    stubFetch({ '/api/events': () => json(200, { from: '2026-01-01', to: '2026-06-30', events: [] }) })
    const { wrapper, router } = await mountApp('/works')
    const link = await waitFor(wrapper, '[data-testid="open-search"]')
    expect(link.attributes('href')).toBe('/search')
    expect(link.attributes('aria-label')).toBe('搜索全部内容')
    await link.trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/search'))
    wrapper.unmount()
  })
})
