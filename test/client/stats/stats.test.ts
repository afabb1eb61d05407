import 'fake-indexeddb/auto'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { addDays, todayInChina } from '../../../src/shared/domain/calendar-date.ts'
import { ACTIVITY_TYPES, type BaseStatsResponse, type NationalStatsResponse } from '../../../src/shared/index.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { json, mountApp, settle, stubFetch, waitFor } from '../helpers/mount-app.ts'

/** A token as the server issues them (`<22 base64url>.<43 base64url>`). */
const DEVICE_TOKEN = `${'a'.repeat(22)}.${'b'.repeat(43)}`

const HUNAN = 'hunan-geo-museum'
const account = (role: 'base_staff' | 'admin' | 'school') => ({
  id: '0193b2c4-0000-7000-8000-000000000009',
  username: `user-${role}`,
  displayName: '测试账号',
  role,
  status: 'active',
  baseId: role === 'base_staff' ? HUNAN : null,
  school: null,
  createdAt: '2026-11-25T00:00:00.000Z',
})

const zeroAudience = { public: 0, student: 0, group: 0, other: 0 }
function summary(visitors: number[]): Omit<BaseStatsResponse, 'base'> {
  const days = ['2026-11-01', '2026-11-02']
  const total = visitors.reduce((a, b) => a + b, 0)
  const lectures = total > 0 ? 2 : 0
  return {
    from: '2026-11-01',
    to: '2026-11-02',
    granularity: 'day',
    totals: {
      visitors: total,
      byAudience: { ...zeroAudience, public: total },
      activities: lectures,
      participants: lectures * 40,
      satisfaction: total > 0 ? { average: 4.5, count: 12 } : { average: null, count: 0 },
    },
    visitors: days.map((period, i) => ({
      period,
      total: visitors[i] ?? 0,
      byAudience: { ...zeroAudience, public: visitors[i] ?? 0 },
    })),
    activitySeries: days.map((period, i) => ({
      period,
      count: i === 0 ? lectures : 0,
      participants: i === 0 ? lectures * 40 : 0,
    })),
    activityTypes: ACTIVITY_TYPES.map((type) => ({
      type,
      count: type === 'lecture' ? lectures : 0,
      participants: type === 'lecture' ? lectures * 40 : 0,
    })),
    themeDays: [],
  }
}
const hunanStats = (visitors: number[]): BaseStatsResponse => ({
  ...summary(visitors),
  base: { id: HUNAN, name: { zh: '湖南省地质博物馆', en: 'Hunan Geological Museum' }, province: '湖南省' },
})
const nationalStats = (): NationalStatsResponse => ({
  ...summary([500, 70]),
  basesReporting: 2,
  ranking: [
    {
      id: HUNAN,
      name: { zh: '湖南省地质博物馆', en: 'Hunan Geological Museum' },
      province: '湖南省',
      visitors: 500,
      activities: 1,
      participants: 20,
      satisfaction: { average: 2, count: 1 },
    },
    {
      id: 'geological-museum-of-china',
      name: { zh: '中国地质博物馆', en: 'Geological Museum of China' },
      province: '北京市',
      visitors: 70,
      activities: 1,
      participants: 60,
      satisfaction: { average: null, count: 0 },
    },
  ],
  provinces: [
    { province: '湖南省', bases: 1, visitors: 500, activities: 1, participants: 20 },
    { province: '北京市', bases: 1, visitors: 70, activities: 1, participants: 60 },
  ],
})

/** Every stats request the page made, as path + query. */
let requested: string[] = []
function stubStats(role: 'base_staff' | 'admin' | 'school', handlers: Record<string, () => Response>): void {
  const routes: Record<string, (init?: RequestInit) => Response> = {
    '/api/auth/session': () => json(200, { account: account(role), setupRequired: false }),
  }
  for (const [path, handler] of Object.entries(handlers)) routes[path] = handler
  stubFetch(routes)
  const stubbed = globalThis.fetch
  globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (url.startsWith('/api/stats/')) requested.push(url)
    return stubbed(input, init)
  }
}

// The dashboard route and Chart.js are transformed on first import: do it once here, so the first
// test does not spend its waitFor budget on the bundler when the machine is busy.
beforeAll(async () => {
  await Promise.all([
    import('../../../src/client/stats/StatsDashboardView.vue'),
    import('../../../src/client/stats/chart-setup.ts'),
    import('../../../src/client/bases/BaseDetailView.vue'),
  ])
}, 60_000)

beforeEach(async () => {
  localStorage.clear()
  requested = []
  await localDb.visits.clear()
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('statistics dashboard', () => {
  it("shows a staff member their base: totals, and every chart's numbers in a captioned table", async () => {
    stubStats('base_staff', { [`/api/stats/bases/${HUNAN}`]: () => json(200, hunanStats([40, 21])) })
    const { wrapper } = await mountApp('/me/stats')
    await waitFor(wrapper, '[data-testid="stats-totals"]')
    expect(wrapper.get('[data-testid="view-stats"]').text()).toContain('湖南省地质博物馆')
    expect(wrapper.get('[data-testid="stats-total-visitors"]').text()).toMatch(/参观人次\s*61\s*人次/)
    expect(wrapper.get('[data-testid="stats-total-satisfaction"]').text()).toMatch(/满意度\s*4\.5\s*分\s*12 份评价/)

    const captions = wrapper.findAll('table caption').map((c) => c.text())
    expect(captions).toEqual(['参观与活动人次走势', '参观人次构成', '科普活动（按类型）'])
    const visitors = wrapper.get('[data-testid="stats-panel-visitors"] table')
    expect(visitors.findAll('th[scope="col"]').map((th) => th.text())).toEqual(
      expect.arrayContaining(['日', '参观人次（人次）', '普通公众', '科普活动参加人次（人次）']),
    )
    const firstRow = visitors.findAll('tbody tr')[0]!
    expect(firstRow.get('th[scope="row"]').text()).toBe('2026-11-01')
    expect(firstRow.findAll('td')[0]!.text()).toBe('40')
    expect(wrapper.get('[data-testid="stats-panel-visitors"] canvas').attributes('role')).toBe('img')

    const csv = wrapper.get('[data-testid="export-csv"]').attributes('href')!
    expect(csv).toMatch(/^\/api\/stats\/export\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/) // staff: the server picks their base
    expect(wrapper.get('[data-testid="export-xlsx"]').attributes('href')).toMatch(/^\/api\/stats\/export\.xlsx\?/)
  })

  it('asks for the chosen range: 7 days by day, this year by month', async () => {
    stubStats('base_staff', { [`/api/stats/bases/${HUNAN}`]: () => json(200, hunanStats([1, 2])) })
    const { wrapper } = await mountApp('/me/stats')
    await waitFor(wrapper, '[data-testid="stats-totals"]')
    const today = todayInChina()
    expect(requested.at(-1)).toBe(`/api/stats/bases/${HUNAN}?from=${addDays(today, -29)}&to=${today}&granularity=day`)
    await wrapper.get('[data-testid="stats-preset-7d"]').trigger('click')
    await settle()
    expect(requested.at(-1)).toBe(`/api/stats/bases/${HUNAN}?from=${addDays(today, -6)}&to=${today}&granularity=day`)
    expect(wrapper.get('[data-testid="stats-preset-7d"]').attributes('aria-pressed')).toBe('true')
    await wrapper.get('[data-testid="stats-preset-year"]').trigger('click')
    await settle()
    expect(requested.at(-1)).toBe(
      `/api/stats/bases/${HUNAN}?from=${today.slice(0, 4)}-01-01&to=${today}&granularity=month`,
    )
  })

  it('says plainly when nothing was recorded, instead of drawing empty charts', async () => {
    stubStats('base_staff', { [`/api/stats/bases/${HUNAN}`]: () => json(200, hunanStats([0, 0])) })
    const { wrapper } = await mountApp('/me/stats')
    await waitFor(wrapper, '[data-testid="stats-totals"]')
    expect(wrapper.text()).toContain('这段时间还没有记录')
    expect(wrapper.findAll('canvas')).toHaveLength(0)
  })

  it('gives an admin the national view: ranking and provinces, and a base picker', async () => {
    stubStats('admin', {
      '/api/stats/national': () => json(200, nationalStats()),
      [`/api/stats/bases/${HUNAN}`]: () => json(200, hunanStats([3, 4])),
    })
    const { wrapper } = await mountApp('/me/stats')
    await waitFor(wrapper, '[data-testid="stats-panel-ranking"]')
    const ranking = wrapper.get('[data-testid="stats-panel-ranking"] table')
    expect(ranking.get('caption').text()).toBe('基地排名')
    expect(ranking.findAll('tbody th[scope="row"]').map((th) => th.text())).toEqual([
      '湖南省地质博物馆',
      '中国地质博物馆',
    ])
    const provinces = wrapper.get('[data-testid="stats-panel-provinces"] table')
    expect(provinces.findAll('tbody tr').map((tr) => tr.text())).toEqual([
      expect.stringContaining('湖南省'),
      expect.stringContaining('北京市'),
    ])
    expect(wrapper.get('[data-testid="stats-total-visitors"]').text()).toContain('570')

    // The picker lists bases once the content has loaded (slower on a loaded machine): a person can
    // only pick an option that is there, and setting a missing one would leave the country view.
    await waitFor(wrapper, `[data-testid="stats-base-picker"] option[value="${HUNAN}"]`)
    await wrapper.get('[data-testid="stats-base-picker"]').setValue(HUNAN)
    // The base's figures are requested once the picker's change reaches the store (slower on a loaded machine).
    await vi.waitFor(() => expect(requested.at(-1)).toMatch(new RegExp(`^/api/stats/bases/${HUNAN}\\?`)))
    expect(wrapper.get('[data-testid="export-csv"]').attributes('href')).toContain(`baseId=${HUNAN}`)
    await vi.waitFor(() => expect(wrapper.get('[data-testid="stats-total-visitors"]').text()).toContain('7'))
  })

  it('tells someone without a staff account that statistics are not for them', async () => {
    stubStats('school', {})
    const { wrapper } = await mountApp('/me/stats')
    await waitFor(wrapper, '[data-testid="view-stats"]')
    await vi.waitFor(() => expect(wrapper.text()).toContain('仅基地工作人员和管理员可以查看统计'))
    expect(requested).toEqual([])
  })
})

describe('rating a visited base', () => {
  const visitor = () => stubFetch({ '/api/auth/session': () => json(200, { account: null, setupRequired: false }) })

  async function openRatedBase() {
    const { wrapper } = await mountApp(`/bases/${HUNAN}`)
    await waitFor(wrapper, '[data-testid="rating"]')
    await wrapper.get('[data-testid="rating-stars"] button:nth-child(4)').trigger('click')
    await settle()
    return wrapper
  }

  it('is on the base page for every visitor, with five named stars, without marking a visit first', async () => {
    visitor()
    const { wrapper } = await mountApp(`/bases/${HUNAN}`)
    await waitFor(wrapper, '[data-testid="rating"]')
    const stars = wrapper.findAll('[data-testid="rating-stars"] button')
    expect(stars.map((b) => b.attributes('aria-label'))).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星'])
    expect(wrapper.get('[data-testid="rating-submit"]').attributes('disabled')).toBeDefined()
    await stars[3]!.trigger('click')
    expect(wrapper.get('[data-testid="rating-stars"] button:nth-child(4)').attributes('aria-checked')).toBe('true')
  })

  it('sends stars, comment and a device token the server issued once, then thanks the visitor', async () => {
    let body: Record<string, unknown> = {}
    let issued = 0
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/api/ratings/device': () => {
        issued += 1
        return json(201, { deviceToken: DEVICE_TOKEN })
      },
      '/api/ratings': (init) => {
        body = JSON.parse(init?.body as string) as Record<string, unknown>
        return json(201, { ok: true, day: todayInChina() })
      },
    })
    const wrapper = await openRatedBase()
    await wrapper.get('[data-testid="rating"] textarea').setValue('  讲解很好  ')
    await wrapper.get('[data-testid="rating"] form').trigger('submit')
    await settle()
    expect(body).toEqual({ baseId: HUNAN, score: 4, comment: '讲解很好', deviceId: DEVICE_TOKEN })
    expect(localStorage.getItem('zk.device-token')).toBe(DEVICE_TOKEN)
    expect(issued).toBe(1)
    expect(wrapper.get('[data-testid="rating-message"]').text()).toBe('谢谢！评价已提交。')
  })

  it('says so when this device already rated the base today', async () => {
    stubFetch({
      '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
      '/api/ratings/device': () => json(201, { deviceToken: DEVICE_TOKEN }),
      '/api/ratings': () =>
        json(409, {
          statusCode: 409,
          error: 'Conflict',
          message: '今天已经评价过这个基地，明天可以再评 / you already rated this base today',
        }),
    })
    const wrapper = await openRatedBase()
    await wrapper.get('[data-testid="rating"] form').trigger('submit')
    await settle()
    expect(wrapper.get('[data-testid="rating-message"]').text()).toBe('今天已经评价过这个基地，明天可以再评。')
  })

  it('keeps a rating made offline and sends it when the connection is back', async () => {
    let sent = 0
    stubFetch({ '/api/auth/session': () => json(200, { account: null, setupRequired: false }) })
    const wrapper = await openRatedBase()
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    await wrapper.get('[data-testid="rating"] form').trigger('submit')
    await settle()
    expect(wrapper.get('[data-testid="rating-message"]').text()).toBe('当前离线：评价已保存在本机，联网后会自动发送。')
    expect(JSON.parse(localStorage.getItem('zk.pending-ratings')!)).toEqual([
      expect.objectContaining({ baseId: HUNAN, score: 4 }),
    ])

    stubFetch({
      '/api/ratings/device': () => json(201, { deviceToken: DEVICE_TOKEN }),
      '/api/ratings': () => {
        sent += 1
        return json(201, { ok: true, day: todayInChina() })
      },
    })
    window.dispatchEvent(new Event('online'))
    await settle()
    expect(sent).toBe(1)
    expect(JSON.parse(localStorage.getItem('zk.pending-ratings')!)).toEqual([])
    expect(wrapper.get('[data-testid="rating-message"]').text()).toBe('谢谢！评价已提交。')
  })
})
