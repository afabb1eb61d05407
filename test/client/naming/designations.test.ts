import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { json, mountApp, stubFetch, waitFor } from '../helpers/mount-app.ts'

const batch = (id: string, title: string, year: number, bases: { id: string; name: string; renamed: boolean }[]) => ({
  id,
  title,
  year,
  list: 'national',
  publishedAt: `${String(year)}-06-01T00:00:00.000Z`,
  bases: bases.map((b) => ({ ...b, province: '湖南省', category: 'geology_museum', callCategory: '科普场馆类' })),
})

let batches: unknown[] = []
beforeEach(() => {
  localStorage.clear()
  stubFetch({
    '/api/auth/session': () => json(200, { account: null, setupRequired: false }),
    '/api/designations': () => json(200, { batches }),
  })
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('the named batches', () => {
  it('lists the newest batch first, each base linked to its page', async () => {
    batches = [
      batch('b1', '第一批国家自然资源科普基地', 2023, [{ id: 'old-museum', name: '老博物馆', renamed: false }]),
      batch('b2', '第二批国家自然资源科普基地', 2026, [
        { id: 'xiangjiang', name: '湘江地学科普馆', renamed: false },
        { id: 'old-museum', name: '老博物馆', renamed: true },
      ]),
    ]
    const { wrapper } = await mountApp('/designations')
    await waitFor(wrapper, '[data-testid="designation-batch"]')
    const sections = wrapper.findAll('[data-testid="designation-batch"]')
    expect(sections.map((s) => s.get('h2').text())).toEqual([
      '第二批国家自然资源科普基地',
      '第一批国家自然资源科普基地',
    ])
    expect(sections[0]!.text()).toContain('共 2 个基地')
    expect(sections[0]!.text()).toContain('再次命名')
    expect(sections[0]!.get('[data-testid="designated-base"]').attributes('href')).toBe('/bases/xiangjiang')
  })

  it('says so when nothing has been named yet', async () => {
    batches = []
    const { wrapper } = await mountApp('/designations')
    await waitFor(wrapper, '.app-empty')
    expect(wrapper.text()).toContain('还没有发布的命名批次')
  })
})
