import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { addDays, todayInChina } from '../../../src/shared/domain/calendar-date.ts'
import type { PublicEvent } from '../../../src/shared/index.ts'
import { json, mountApp, stubFetch, waitFor } from '../helpers/mount-app.ts'

beforeEach(() => {
  localStorage.clear()
  stubFetch({ '/api/auth/session': () => json(200, { account: null, setupRequired: false }) })
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('base detail page', () => {
  it('lists the works about this base even when opened straight from a shared link', async () => {
    const { wrapper } = await mountApp('/bases/zhejiang-mapping-museum')
    await waitFor(wrapper, '[data-testid="view-base"]')
    await vi.waitFor(() =>
      expect(wrapper.get('[data-testid="view-base"]').text()).toContain('一张地图也有“国家尊严”：认识标准地图'),
    )
  })
})

describe('base detail page: what a visitor can do there', () => {
  const today = todayInChina()
  const talk: PublicEvent = {
    id: '0190f3a0-0000-7000-8000-0000000000b1',
    title: '岩石里的地球历史',
    description: '',
    start: `${addDays(today, 2)}T09:30:00+08:00`,
    end: `${addDays(today, 2)}T11:00:00+08:00`,
    place: '报告厅',
    themeDayId: null,
    audience: 'public',
    capacity: 80,
    registrationRequired: false,
    base: {
      id: 'geological-museum-of-china',
      name: { zh: '中国地质博物馆', en: 'Geological Museum of China' },
      province: '北京市',
      address: null,
    },
    version: 1,
    updatedAt: '2026-04-01T00:00:00.000Z',
  }

  it("lists the base's own upcoming events, asked of the server by base", async () => {
    const asked: string[] = []
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/api/events': () => json(200, { from: today, to: addDays(today, 180), events: [talk] }),
    })
    const realFetch = globalThis.fetch
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      asked.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
      return realFetch(input, init)
    }
    const { wrapper } = await mountApp('/bases/geological-museum-of-china')
    const list = await waitFor(wrapper, '[data-testid="base-events"]')
    expect(list.text()).toContain('岩石里的地球历史')
    expect(asked.some((u) => u.includes('/api/events?baseId=geological-museum-of-china'))).toBe(true)
    expect(wrapper.text()).not.toContain('即将上线')
  })

  it('shows opening hours as people read them and the rating without marking the visit first', async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/api/events': () => json(200, { from: today, to: addDays(today, 180), events: [] }),
    })
    const { wrapper } = await mountApp('/bases/geological-museum-of-china')
    const hours = await waitFor(wrapper, '[data-testid="opening-hours"]')
    expect(hours.text()).toContain('周二至周日 09:00–16:30，周一闭馆')
    expect(hours.text()).not.toContain('Tu-Su')
    expect(wrapper.get('[data-testid="rating"]').text()).toContain('评价这个基地')
    expect(wrapper.get('[data-testid="mark-visited"]').text()).toBe('打卡')
  })
})
