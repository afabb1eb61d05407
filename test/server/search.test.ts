import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, todayInChina } from '../../src/shared/domain/calendar-date.ts'
import type { SearchKind, SearchResponse } from '../../src/shared/index.ts'
import { pushEvent, signedInAs } from './helpers/expert-fixtures.ts'
import { buildTestApp, TestClient, type TestApp } from './helpers/test-app.ts'

let t: TestApp
let visitor: TestClient
let staff: TestClient
const XIXI = 'xixi-wetland' // 杭州西溪国家湿地公园, 浙江省
const day = (n: number) => addDays(todayInChina(), n)

async function search(query: string): Promise<SearchResponse> {
  const response = await visitor.request({ url: `/api/search?${query}` })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<SearchResponse>()
}
const ids = (body: SearchResponse, kind: SearchKind) =>
  body.groups.find((g) => g.kind === kind)?.hits.map((h) => h.id) ?? []
const kinds = (body: SearchResponse) => body.groups.map((g) => g.kind)

beforeAll(async () => {
  t = await buildTestApp()
  visitor = new TestClient(t.app)
  staff = await signedInAs(t, 'search-staff', 'base_staff', XIXI)
  await pushEvent(staff, XIXI, `${day(7)}T09:30:00+08:00`, `${day(7)}T11:00:00+08:00`, {
    title: '湿地观鸟讲座',
    description: '带上望远镜，认识越冬的候鸟。',
  })
  await pushEvent(staff, XIXI, `${day(-200)}T09:30:00+08:00`, `${day(-200)}T11:00:00+08:00`, {
    title: '湿地观鸟讲座（去年）',
  })
})
afterAll(async () => {
  await t.close()
})

describe('GET /api/search', () => {
  it('finds bases, works, events and theme days together, grouped by kind in a fixed order', async () => {
    const body = await search(`q=${encodeURIComponent('湿地')}`)
    expect(kinds(body)).toEqual(['base', 'work', 'event', 'theme-day'])
    expect(ids(body, 'base')).toContain(XIXI)
    expect(ids(body, 'work')).toContain('wetlands-kidneys')
    const base = body.groups[0]!.hits.find((h) => h.id === XIXI)!
    expect(base.title.zh).toBe('杭州西溪国家湿地公园')
    expect(base.detail?.zh).toContain('浙江省')
  })

  it('ranks an upcoming event above last year’s', async () => {
    const events = (await search(`q=${encodeURIComponent('观鸟')}`)).groups.find((g) => g.kind === 'event')!
    expect(events.hits.map((h) => h.title.zh)).toEqual(['湿地观鸟讲座', '湿地观鸟讲座（去年）'])
    expect(events.hits[0]!.date).toBe(day(7))
  })

  it('reads full pinyin, initials and a mix of Chinese and pinyin', async () => {
    expect(ids(await search('q=xixi'), 'base')).toEqual([XIXI])
    expect(ids(await search('q=ouyangziyuan'), 'expert')).toHaveLength(1)
    expect(ids(await search('q=oyzy'), 'expert')).toHaveLength(1)
    expect(ids(await search(`q=${encodeURIComponent('西溪 shidi')}`), 'base')).toEqual([XIXI])
    // The server knows event titles' pinyin (the phone does not).
    expect(ids(await search('q=guanniao'), 'event')).toHaveLength(2)
  })

  it('filters by kind, theme, province and date', async () => {
    expect(kinds(await search(`q=${encodeURIComponent('湿地')}&kind=base`))).toEqual(['base'])
    const themed = await search(`q=${encodeURIComponent('湿地')}&theme=ecosystems`)
    expect(kinds(themed)).toEqual(['work'])
    const zhejiang = await search(`q=${encodeURIComponent('湿地')}&province=330000`)
    expect(ids(zhejiang, 'base')).toEqual([XIXI])
    const dated = await search(`q=${encodeURIComponent('观鸟')}&from=${day(0)}&to=${day(30)}`)
    expect(dated.groups.map((g) => [g.kind, g.hits.length])).toEqual([['event', 1]])
  })

  it('answers a repeat with 304 and shows a new event at once', async () => {
    const url = `/api/search?q=${encodeURIComponent('矿物')}`
    const first = await visitor.request({ url })
    expect(first.headers['cache-control']).toBe('public, max-age=60')
    const again = await visitor.request({ url, headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode).toBe(304)
    await pushEvent(staff, XIXI, `${day(3)}T09:30:00+08:00`, `${day(3)}T11:00:00+08:00`, { title: '矿物标本展' })
    const after = await visitor.request({ url, headers: { 'if-none-match': String(first.headers.etag) } })
    expect(after.statusCode).toBe(200)
    expect(after.json<SearchResponse>().groups.find((g) => g.kind === 'event')?.hits[0]?.title.zh).toBe('矿物标本展')
  })

  it('refuses a missing, blank or overlong query and an unknown kind', async () => {
    for (const query of ['', 'q=', `q=${'地'.repeat(65)}`, 'q=a&kind=notice', 'q=a&province=999999']) {
      const response = await visitor.request({ url: `/api/search?${query}` })
      expect(response.statusCode, query).toBe(400)
    }
  })

  it('appears in the OpenAPI document', async () => {
    const doc = (await visitor.request({ url: '/api/docs/json' })).json<{ paths: Record<string, unknown> }>()
    expect(Object.keys(doc.paths)).toContain('/api/search')
  })
})
