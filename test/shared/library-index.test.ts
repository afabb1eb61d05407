import { describe, expect, it } from 'vitest'
import {
  buildLibrarySegments,
  loadSegment,
  searchLibrary,
  segmentDocs,
  type LibraryDoc,
  type LibraryKind,
  type LibrarySearchOptions,
} from '../../src/shared/domain/library-index.ts'
import { titleKeys } from '../../src/shared/domain/search-text.ts'
import { titleSyllables } from '../../src/server/content/work-search-build.ts'

const keys = (title: string) => titleKeys(title, titleSyllables)
const work = (
  id: string,
  title: string,
  summary: string,
  body: string,
  extra: Partial<LibraryDoc> = {},
): LibraryDoc => ({
  kind: 'work',
  id,
  title,
  keys: keys(title),
  summary,
  body,
  ...extra,
})

const DOCS: LibraryDoc[] = [
  work(
    'wetlands',
    '湿地：地球之肾',
    '湿地净化水质、调蓄洪水。Wetlands clean water.',
    '湿地能净化水质，还是候鸟的家。',
    {
      titleEn: 'Wetlands, the kidneys of the Earth',
      themes: ['ecosystems'],
      date: '2025-02-02',
    },
  ),
  work('fire-ice', '能燃烧的“冰”', '认识可燃冰。', '可燃冰是天然气水合物，主要成分是甲烷。', {
    titleEn: 'Ice that burns',
    themes: ['gas-hydrate'],
    date: '2024-05-01',
  }),
  work('red-line', '守住耕地保护红线', '每一亩良田都要守住。', '耕地是粮食生产的命根子。', {
    titleEn: 'Holding the farmland red line',
    themes: ['farmland'],
    date: '2023-06-25',
  }),
  work('river', '家门口的河流', '沿着小河走一走。', '河边有一片湿地。湿地里有芦苇。潮湿地面上有青蛙。', {
    date: '2022-01-01',
  }),
  {
    kind: 'base',
    id: 'xixi',
    title: '西溪湿地博物馆',
    titleEn: 'Xixi Wetland Museum',
    keys: keys('西溪湿地博物馆'),
    summary: '浙江省\n杭州市',
    province: '浙江省',
  },
  {
    kind: 'base',
    id: 'damp',
    title: '潮湿地面观测站',
    keys: keys('潮湿地面观测站'),
    summary: '北京市',
    province: '北京市',
  },
  {
    kind: 'event',
    id: 'talk-old',
    title: '湿地科普讲座',
    keys: keys('湿地科普讲座'),
    summary: '西溪湿地博物馆',
    province: '浙江省',
    date: '2023-03-01',
  },
  {
    kind: 'event',
    id: 'talk-new',
    title: '湿地科普讲座',
    keys: keys('湿地科普讲座'),
    summary: '西溪湿地博物馆',
    province: '浙江省',
    date: '2026-03-01',
  },
  { kind: 'expert', id: 'ouyang', title: '欧阳自远', keys: keys('欧阳自远'), summary: '研究员', themes: ['polar'] },
  {
    kind: 'theme-day',
    id: 'wetlands-day',
    title: '世界湿地日',
    titleEn: 'World Wetlands Day',
    keys: keys('世界湿地日'),
  },
  { kind: 'guide', id: 'landslide', title: '滑坡避险', keys: keys('滑坡避险'), body: '发现山体裂缝要立即撤离。' },
]

const load = (docs: readonly LibraryDoc[]) =>
  buildLibrarySegments(docs).map((s) => loadSegment(JSON.parse(JSON.stringify(s))))
const segments = load(DOCS)
const TODAY = '2026-01-15'
const search = (query: string, options: LibrarySearchOptions = {}) =>
  searchLibrary(segments, query, { today: TODAY, ...options })
const ids = (query: string, kind: LibraryKind, options: LibrarySearchOptions = {}) =>
  search(query, options).hits[kind].map((h) => h.id)

describe('library search', () => {
  it('finds every kind by Chinese text, grouped by kind', () => {
    const { hits } = search('湿地')
    expect(hits.work.map((h) => h.id)).toEqual(['wetlands', 'river'])
    expect(hits.base.map((h) => h.id)).toEqual(['xixi', 'damp'])
    expect(hits['theme-day'].map((h) => h.id)).toEqual(['wetlands-day'])
    expect(hits.event.map((h) => h.id)).toEqual(['talk-new', 'talk-old'])
  })

  it('needs every pair of a Chinese query, and finds a lone character anywhere', () => {
    expect(ids('天然气', 'work')).toEqual(['fire-ice'])
    expect(ids('湿地甲烷', 'work')).toEqual([])
    expect(ids('肾', 'work')).toEqual(['wetlands'])
    expect(ids('蛙', 'work')).toEqual(['river'])
  })

  it('finds titles by full pinyin, by initials, and from any word of the title', () => {
    expect(ids('shidi', 'work')).toEqual(['wetlands'])
    expect(ids('sd', 'work')).toEqual(['wetlands'])
    expect(ids('gengdi', 'work')).toEqual(['red-line'])
    expect(ids('hongxian', 'work')).toEqual(['red-line'])
    expect(ids('SHIDI DIQIU', 'work')).toEqual(['wetlands'])
    expect(ids('ouyang', 'expert')).toEqual(['ouyang'])
    expect(ids('oyzy', 'expert')).toEqual(['ouyang'])
    expect(ids('bowuguan', 'base')).toEqual(['xixi'])
  })

  it('answers a query mixing Chinese and pinyin with what matches both', () => {
    expect(ids('湿地 bowuguan', 'base')).toEqual(['xixi'])
    expect(ids('西溪 bwg', 'base')).toEqual(['xixi'])
    expect(ids('耕地 baohu', 'work')).toEqual(['red-line'])
    expect(ids('湿地 gengdi', 'work')).toEqual([])
  })

  it('finds English words, and their start from three letters only', () => {
    expect(ids('kidneys', 'work')).toEqual(['wetlands'])
    expect(ids('farm', 'work')).toEqual(['red-line'])
    expect(ids('fa', 'work')).toEqual([])
  })

  it('ranks a whole word above the same characters across two words (湿地 vs 潮湿|地面)', () => {
    const bases = search('湿地').hits.base
    expect(bases.map((h) => h.id)).toEqual(['xixi', 'damp'])
    expect(bases[0]!.score).toBeGreaterThan(bases[1]!.score)
  })

  it('ranks a title above a body, and a recent event above an old one', () => {
    const works = search('湿地').hits.work
    expect(works[0]!.score).toBeGreaterThan(works[1]!.score)
    const events = search('讲座').hits.event
    expect(events.map((h) => h.id)).toEqual(['talk-new', 'talk-old'])
    expect(events[0]!.score).toBeGreaterThan(events[1]!.score)
  })

  it('filters by kind, theme, province and date', () => {
    expect(Object.values(search('湿地', { kinds: ['base'] }).totals).reduce((a, b) => a + b)).toBe(2)
    expect(ids('湿地', 'work', { theme: 'ecosystems' })).toEqual(['wetlands'])
    expect(ids('湿地', 'base', { province: '330000' })).toEqual(['xixi'])
    expect(ids('湿地', 'base', { province: '浙江省' })).toEqual(['xixi'])
    expect(ids('湿地', 'event', { from: '2026-01-01', to: '2026-12-31' })).toEqual(['talk-new'])
    // A date filter leaves out what has no date.
    expect(ids('湿地', 'base', { from: '2000-01-01' })).toEqual([])
  })

  it('returns nothing for a blank or punctuation-only query, and at most the limit per kind', () => {
    expect(search('  ，。 ').totals.work).toBe(0)
    expect(search('the').totals.work).toBe(0)
    expect(ids('湿地', 'work', { limitPerKind: 1 })).toEqual(['wetlands'])
    expect(search('湿地', { limitPerKind: 1 }).totals.work).toBe(2)
  })

  it('finds a shipped work edited in the app by its new text only', () => {
    // The phone's segment of works published in the app holds fire-ice's edited text.
    const [edited] = load([work('fire-ice', '可燃冰：海底的能源', '认识可燃冰。', '可燃冰分布在海底沉积物里。')])
    const all = [...segments, edited!]
    const replaced = { by: edited!, ids: new Set(['fire-ice']) }
    const find = (query: string) => searchLibrary(all, query, { today: TODAY, replaced }).hits.work.map((h) => h.id)
    expect(find('沉积物')).toEqual(['fire-ice'])
    // 甲烷 is only in the shipped text, which the edit replaced.
    expect(find('甲烷')).toEqual([])
    expect(searchLibrary(all, '甲烷', { today: TODAY }).hits.work.map((h) => h.id)).toEqual(['fire-ice'])
    // One hit, not two, for what both texts say.
    expect(find('可燃冰')).toEqual(['fire-ice'])
  })

  it('refuses a segment this version did not write', () => {
    expect(() => loadSegment({ v: 2 })).toThrow(/content:build/)
    expect(() => loadSegment(null)).toThrow(/content:build/)
  })
})

describe('library index segments', () => {
  const many = Array.from({ length: 3000 }, (_, i) =>
    work(`w-${String(i).padStart(4, '0')}`, `第${i}篇湿地故事`, '湿地', '湿地', {
      date: `2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
    }),
  )
  const json = (docs: readonly LibraryDoc[]) => new Set(buildLibrarySegments(docs).map((s) => JSON.stringify(s)))

  it('cuts a kind into several segments, the tail finer than the rest', () => {
    const sizes = segmentDocs(many).map((s) => s.length)
    expect(sizes.length).toBeGreaterThan(3)
    expect(sizes.reduce((a, b) => a + b)).toBe(3000)
    expect(Math.max(...sizes.slice(-3))).toBeLessThan(Math.max(...sizes))
  })

  it('changes one small segment when a new work is added, and finds the work in it', () => {
    const before = json(many)
    const added = work('w-new', '新发现的红树林', '红树林', '红树林', { date: '2021-01-01' })
    const after = buildLibrarySegments([...many, added])
    const changed = after.filter((s) => !before.has(JSON.stringify(s)))
    expect(changed).toHaveLength(1)
    expect(changed[0]!.ids).toContain('w-new')
    expect(changed[0]!.ids.length).toBeLessThan(100)
    const found = searchLibrary(after.map(loadSegment), 'hongshulin').hits.work.map((h) => h.id)
    expect(found).toEqual(['w-new'])
  })

  it('gives the same answers over segments as over the documents in one segment each', () => {
    const whole = load(many.slice(0, 200))
    const split = buildLibrarySegments(many.slice(0, 200)).length
    expect(split).toBeGreaterThanOrEqual(1)
    const perDoc = many.slice(0, 200).map((d) => loadSegment(buildLibrarySegments([d])[0]))
    const a = searchLibrary(whole, '湿地故事', { limitPerKind: 500 })
      .hits.work.map((h) => h.id)
      .sort()
    const b = searchLibrary(perDoc, '湿地故事', { limitPerKind: 500 })
      .hits.work.map((h) => h.id)
      .sort()
    expect(a).toEqual(b)
    expect(a).toHaveLength(200)
  })
})
