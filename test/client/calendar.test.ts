import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useBasesStore } from '../../src/client/bases/bases-store.ts'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { PublicEvent } from '../../src/shared/index.ts'
import { json, mountApp, settle, stubFetch, waitFor } from './helpers/mount-app.ts'

const day = addDays(todayInChina(), 3)
const lecture: PublicEvent = {
  id: '0190f3a0-0000-7000-8000-000000000001', title: '地球日科普讲座', description: '地质学家讲岩石的故事', start: `${day}T09:30:00+08:00`, end: `${day}T11:00:00+08:00`,
  place: '一层报告厅', themeDayId: 'earth-day', audience: 'public', capacity: 200, registrationRequired: true,
  base: { id: 'geological-museum-of-china', name: { zh: '中国地质博物馆', en: 'Geological Museum of China' }, province: '北京市', address: null },
  version: 1, updatedAt: '2026-04-01T00:00:00.000Z',
}
const session = () => json(200, { account: null, setupRequired: false })

beforeEach(() => { localStorage.clear() })
afterEach(() => { document.body.innerHTML = '' })

describe('calendar tab: base events', () => {
  it('shows the events the server lists, with an 加入日历 link, and marks their base for the map filter', async () => {
    stubFetch({ '/api/auth/session': session, '/api/events': () => json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [lecture] }) })
    const { wrapper } = await mountApp('/calendar')
    const item = await waitFor(wrapper, `[data-testid="event-${lecture.id}"]`)
    expect(item.text()).toContain('地球日科普讲座')
    expect(item.text()).toContain('09:30')
    expect(item.get('a[download]').attributes('href')).toBe(`/api/events/${lecture.id}.ics`)
    expect(wrapper.find('[data-testid="events-saved-note"]').exists()).toBe(false)
    expect(useBasesStore().basesWithEvents.has('geological-museum-of-china')).toBe(true)
  })

  it('offline, shows the events saved last time with when they were saved', async () => {
    stubFetch({ '/api/auth/session': session, '/api/events': () => json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [lecture] }) })
    const first = await mountApp('/calendar')
    await waitFor(first.wrapper, `[data-testid="event-${lecture.id}"]`)
    first.wrapper.unmount()
    document.body.innerHTML = ''

    stubFetch({ '/api/auth/session': session, '/api/events': () => Promise.reject(new TypeError('Failed to fetch')) })
    const { wrapper } = await mountApp('/calendar')
    const note = await waitFor(wrapper, '[data-testid="events-saved-note"]')
    expect(note.text()).toMatch(/保存|saved/)
    expect(wrapper.get(`[data-testid="event-${lecture.id}"]`).text()).toContain('地球日科普讲座')
  })

  it('opens an event with its base link and its time in Beijing time', async () => {
    stubFetch({ '/api/auth/session': session, [`/api/events/${lecture.id}`]: () => json(200, lecture) })
    const { wrapper } = await mountApp(`/calendar/events/${lecture.id}`)
    await settle()
    expect((await waitFor(wrapper, '[data-testid="event-when"]')).text()).toContain('09:30')
    expect(wrapper.get('[data-testid="event-base-link"]').attributes('href')).toBe('/bases/geological-museum-of-china')
  })
})

describe('theme day page', () => {
  it('opens from the calendar and lists every base’s events for that day and the works about it', async () => {
    stubFetch({ '/api/auth/session': session, '/api/events': () => json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [lecture] }) })
    const { wrapper, router } = await mountApp('/calendar')
    await waitFor(wrapper, '[data-testid^="theme-day-earth-day-"]')
    await wrapper.get('[data-testid^="theme-day-earth-day-"] a').trigger('click')
    await settle()
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/calendar/days/earth-day'))
    const view = await waitFor(wrapper, '[data-testid="view-theme-day"]')
    expect(view.get('h1').text()).toBe('世界地球日')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="view-theme-day"]').text()).toContain('地球日科普讲座'))
    expect(wrapper.get('[data-testid="view-theme-day"]').text()).toContain('中国地质博物馆')
  })
})

