import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useBasesStore } from '../../../src/client/bases/store/bases-store.ts'
import { useRemindersStore } from '../../../src/client/calendar/reminder/reminders-store.ts'
import { addDays, todayInChina } from '../../../src/shared/domain/calendar-date.ts'
import type { PublicEvent } from '../../../src/shared/index.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

/**
 * `n` days from today, or today when that falls in next month: the calendar tab lists the month
 * its grid shows (this one), and a test run on the 28th must not look for an event on the 1st.
 */
const soonThisMonth = (n: number) => {
  const today = todayInChina()
  const later = addDays(today, n)
  return later.slice(0, 7) === today.slice(0, 7) ? later : today
}
const day = soonThisMonth(3)
const lecture: PublicEvent = {
  id: '0190f3a0-0000-7000-8000-000000000001',
  title: '地球日科普讲座',
  description: '地质学家讲岩石的故事',
  start: `${day}T09:30:00+08:00`,
  end: `${day}T11:00:00+08:00`,
  place: '一层报告厅',
  themeDayId: 'earth-day',
  audience: 'public',
  capacity: 200,
  registrationRequired: true,
  base: {
    id: 'geological-museum-of-china',
    name: { zh: '中国地质博物馆', en: 'Geological Museum of China' },
    province: '北京市',
    address: null,
  },
  version: 1,
  updatedAt: '2026-04-01T00:00:00.000Z',
}
const session = () => json(200, { account: null, setupRequired: false })

beforeEach(() => {
  localStorage.clear()
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('calendar tab: base events', () => {
  it('shows the events the server lists, with an 加入日历 link, and marks their base for the map filter', async () => {
    stubFetch({
      '/api/auth/session': session,
      '/api/events': () => json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [lecture] }),
    })
    const { wrapper } = await mountApp('/calendar')
    const item = await waitFor(wrapper, `[data-testid="event-${lecture.id}"]`)
    expect(item.text()).toContain('地球日科普讲座')
    expect(item.text()).toContain('09:30')
    expect(item.get('a[download]').attributes('href')).toBe(`/api/events/${lecture.id}.ics`)
    expect(wrapper.find('[data-testid="events-saved-note"]').exists()).toBe(false)
    expect(useBasesStore().basesWithEvents.has('geological-museum-of-china')).toBe(true)
  })

  it('offline, shows the events saved last time with when they were saved', async () => {
    stubFetch({
      '/api/auth/session': session,
      '/api/events': () => json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [lecture] }),
    })
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
    stubFetch({
      '/api/auth/session': session,
      '/api/events': () => json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [lecture] }),
    })
    const { wrapper, router } = await mountApp('/calendar')
    // The next months draw with the screen; later ones as the visitor scrolls or asks for more.
    await waitFor(wrapper, '[data-testid="list-more"]')
    while (!wrapper.find('[data-testid^="theme-day-earth-day-"]').exists())
      await wrapper.get('[data-testid="list-more"]').trigger('click')
    await wrapper.get('[data-testid^="theme-day-earth-day-"] a').trigger('click')
    await settle()
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/calendar/days/earth-day'))
    const view = await waitFor(wrapper, '[data-testid="view-theme-day"]')
    expect(view.get('h1').text()).toBe('世界地球日')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="theme-day-events"]').text()).toContain('地球日科普讲座'))
    expect(wrapper.get('[data-testid="view-theme-day"]').text()).toContain('中国地质博物馆')
  })
})

describe('calendar filters: kind of base and distance', () => {
  const geoparkDay = soonThisMonth(4)
  const hike: PublicEvent = {
    ...lecture,
    id: '0190f3a0-0000-7000-8000-000000000002',
    title: '黄山花岗岩地貌徒步',
    start: `${geoparkDay}T08:00:00+08:00`,
    end: `${geoparkDay}T12:00:00+08:00`,
    themeDayId: null,
    base: {
      id: 'huangshan-geopark',
      name: { zh: '黄山世界地质公园', en: 'Huangshan Geopark' },
      province: '安徽省',
      address: null,
    },
  }
  const hunan: PublicEvent = {
    ...lecture,
    id: '0190f3a0-0000-7000-8000-000000000003',
    title: '湖南地质博物馆开放日',
    themeDayId: null,
    base: {
      id: 'hunan-geo-museum',
      name: { zh: '湖南省地质博物馆', en: 'Hunan Geological Museum' },
      province: '湖南省',
      address: null,
    },
  }
  const listed = (wrapper: Awaited<ReturnType<typeof mountApp>>['wrapper']) =>
    [lecture, hike, hunan].filter((e) => wrapper.find(`[data-testid="event-${e.id}"]`).exists()).map((e) => e.title)

  it('keeps only events at bases of the chosen kind, and near the place the visitor picked', async () => {
    stubFetch({
      '/api/auth/session': session,
      '/api/events': () =>
        json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [lecture, hike, hunan] }),
    })
    const { wrapper, pinia } = await mountApp('/calendar')
    await waitFor(wrapper, `[data-testid="event-${hunan.id}"]`)
    expect(listed(wrapper)).toEqual([lecture.title, hike.title, hunan.title])
    // This app's store (an earlier test's app may have made its own Pinia the active one).
    const bases = useBasesStore(pinia)
    expect(bases.all).toHaveLength(0) // every base's facts load with the first filter that needs them, not with the tab

    await wrapper.get('[data-testid="filter-category"]').setValue('geopark')
    await vi.waitFor(() => expect(listed(wrapper)).toEqual([hike.title]))
    expect(bases.all.length).toBeGreaterThan(0)
    await wrapper.get('[data-testid="filter-category"]').setValue('geology_museum')
    await settle()
    expect(listed(wrapper)).toEqual([lecture.title, hunan.title])

    // The visitor picked 长沙 on the map tab (no GPS): "within 50 km" measures from there, and says so.
    const changsha = bases.places.cities.get('湖南省')?.find((p) => p.city === '长沙市')
    expect(changsha).toBeDefined()
    bases.usePlace(changsha!)
    await wrapper.get('[data-testid="filter-near"]').setValue('50')
    await settle()
    expect(listed(wrapper)).toEqual([hunan.title])
    expect(wrapper.get('[data-testid="near-note"]').text()).toContain('长沙市')
  })
})

describe('event reminders', () => {
  it('reminds in the app when the lead time has come, once, and lists the reminder in the calendar', async () => {
    // Starts in 40 minutes: a reminder one hour before is due at once.
    const soon = new Date(Date.now() + 40 * 60_000)
    const start = `${todayInChina(soon)}T${new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(soon)}:00+08:00`
    const visit = {
      ...lecture,
      id: '0190f3a0-0000-7000-8000-000000000004',
      title: '馆长带你看恐龙化石',
      start,
      end: new Date(Date.parse(start) + 3_600_000).toISOString(),
    }
    stubFetch({
      '/api/auth/session': session,
      [`/api/events/${visit.id}`]: () => json(200, visit),
      '/api/events': () => json(200, { from: todayInChina(), to: addDays(todayInChina(), 180), events: [visit] }),
    })
    const { wrapper } = await mountApp(`/calendar/events/${visit.id}`)
    await (await waitFor(wrapper, '[data-testid="event-remind"]')).trigger('click')
    const sheet = await waitFor(wrapper, '[data-testid="reminder-sheet"]')
    // The honest part: the calendar file carries the alarm; the app can only remind while open.
    expect(sheet.get('[data-testid="reminder-ics"]').attributes('href')).toBe(`/api/events/${visit.id}.ics?remind=1440`)
    await sheet.get('[data-testid="reminder-lead-60"]').trigger('click')
    await settle()
    expect(sheet.get('[data-testid="reminder-ics"]').attributes('href')).toBe(`/api/events/${visit.id}.ics?remind=60`)
    await sheet.get('[data-testid="reminder-in-app"]').trigger('click')
    await settle()
    expect(sheet.get('[data-testid="reminder-support"]').text()).toContain('只在打开本应用时提醒')
    const banner = await waitFor(wrapper, '[data-testid="reminder-banner"]')
    expect(banner.text()).toContain('馆长带你看恐龙化石')
    expect(wrapper.get('[data-testid="event-remind"]').text()).toContain('提前 1 小时')
    wrapper.unmount()
    document.body.innerHTML = ''

    // Opening the app again: listed under 我的提醒, and not shown a second time.
    const again = await mountApp('/calendar')
    const mine = await waitFor(again.wrapper, '[data-testid="my-reminders"]')
    expect(mine.text()).toContain('馆长带你看恐龙化石')
    await settle()
    expect(again.wrapper.find('[data-testid="reminder-banner"]').exists()).toBe(false)
  })

  it('a reminder set while the saved ones are still loading is added to them, never written over them', async () => {
    const later = { ...lecture, id: '0190f3a0-0000-7000-8000-000000000005', title: '矿物晶体观察' }
    localStorage.setItem(
      'zk.event-reminders',
      JSON.stringify([
        {
          eventId: lecture.id,
          title: lecture.title,
          baseName: '中国地质博物馆',
          start: lecture.start,
          lead: 1440,
          remindedAt: null,
        },
      ]),
    )
    setActivePinia(createPinia())
    const store = useRemindersStore()
    // Straight away, before the stored list (validated by a lazily loaded schema) is in.
    await store.set(later, 60, '中国地质博物馆')
    expect(store.reminders.map((r) => r.title).sort()).toEqual(['地球日科普讲座', '矿物晶体观察'].sort())
    const saved = JSON.parse(localStorage.getItem('zk.event-reminders') ?? '[]') as { eventId: string }[]
    expect(saved.map((r) => r.eventId).sort()).toEqual([lecture.id, later.id].sort())
  })

  it('drops a tampered saved reminder list instead of showing it', async () => {
    localStorage.setItem('zk.event-reminders', JSON.stringify([{ eventId: 'not-an-id', title: 1 }]))
    setActivePinia(createPinia())
    const store = useRemindersStore()
    await store.ready
    expect(store.reminders).toEqual([])
  })
})
