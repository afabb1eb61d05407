import { describe, expect, it } from 'vitest'
import {
  loadWorkSearchIndex,
  searchWorks,
  tokenizeText,
  workSearchDocs,
  type WorkSearchIndex,
  type WorkSearchSource,
} from '../../src/shared/domain/work-search.ts'
import { loadContent } from '../../src/server/content/load-content.ts'
import { buildWorkSearchJson, titleSyllables } from '../../src/server/content/work-search-build.ts'

const work = (id: string, title: [string, string], summary: [string, string], body: string): WorkSearchSource => ({
  id,
  title: { zh: title[0], en: title[1] },
  summary: { zh: summary[0], en: summary[1] },
  body,
})

const WORKS: WorkSearchSource[] = [
  work(
    'wetlands',
    ['湿地：地球之肾', 'Wetlands, the kidneys of the Earth'],
    ['湿地净化水质、调蓄洪水。', 'How wetlands clean water and hold floods.'],
    '## 湿地有什么用\n\n湿地能净化水质，还是候鸟的家。',
  ),
  work(
    'fire-ice',
    ['能燃烧的“冰”', 'Ice that burns'],
    ['认识可燃冰。', 'Meet combustible ice.'],
    '可燃冰是**天然气水合物**，主要成分是甲烷。我国在南海试采成功。',
  ),
  work(
    'red-line',
    ['守住耕地保护红线', 'Holding the farmland red line'],
    ['每一亩良田都要守住。', 'Why every field counts.'],
    '1. 耕地是粮食生产的命根子。\n2. 永久基本农田一经划定，不得擅自占用。',
  ),
  work(
    'river',
    ['家门口的河流', 'The river by our door'],
    ['沿着小河走一走。', 'A walk along the stream.'],
    '河边有一片湿地。湿地里有芦苇，湿地里有白鹭，湿地里还有青蛙。我们要爱护湿地。',
  ),
  work(
    'links',
    ['查找资料的小技巧', 'Tips for looking things up'],
    ['学会找资料。', 'Finding sources.'],
    '## 第一步\n\n先看[官方资料](https://example.org/guide)，再做**笔记**。',
  ),
]

const build = (works: readonly WorkSearchSource[]): WorkSearchIndex => loadWorkSearchIndex(buildWorkSearchJson(works))
const index = build(WORKS)
const ids = (query: string, limit?: number) => searchWorks(index, query, { limit }).map((hit) => hit.id)

describe('works search tokenizer', () => {
  it.each(['守住耕地保护红线', '天然气水合物是一种清洁能源', '湿地是地球之肾，潮湿地面不是湿地'])(
    'counts every pair of neighbouring characters in %s exactly once, as a word or as a pair',
    (text) => {
      const { words, grams } = tokenizeText(text)
      const pairs = [...words.filter((w) => w.length === 2), ...grams.filter((g) => g.length === 2)].sort()
      const expected = text
        .split(/[，]/)
        .flatMap((run) => [...run].slice(1).map((c, i) => run[i]! + c))
        .sort()
      expect(pairs).toEqual(expected)
    },
  )

  it('reads full-width letters and digits as ASCII and drops English stopwords', () => {
    expect(tokenizeText('ＧＰＳ and the CO2').words).toEqual(['gps', 'co2'])
  })
})

describe('works search', () => {
  it('finds a two-character word in a title and in a body', () => {
    expect(ids('湿地')).toEqual(['wetlands', 'river'])
    expect(ids('耕地')).toEqual(['red-line'])
  })

  it('finds a word that ICU splits into pieces (红|线, 天然|气)', () => {
    expect(ids('红线')).toEqual(['red-line'])
    expect(ids('天然气')).toEqual(['fire-ice'])
    expect(ids('水合物')).toEqual(['fire-ice'])
  })

  it('needs every part of a Chinese query, not just one character of it', () => {
    expect(ids('湿气')).toEqual([])
    expect(ids('湿地甲烷')).toEqual([])
  })

  it('finds a single character wherever it occurs, even at the end of a sentence', () => {
    expect(ids('肾')).toEqual(['wetlands'])
    expect(ids('蛙')).toEqual(['river'])
  })

  it('finds a title by full pinyin or initials, starting at any of its words', () => {
    expect(ids('shidi')[0]).toBe('wetlands')
    expect(ids('sd')[0]).toBe('wetlands')
    expect(ids('hongxian')).toEqual(['red-line'])
    expect(ids('gengdi')).toEqual(['red-line'])
    expect(ids('SHIDI DIQIU')).toEqual(['wetlands'])
  })

  it('finds a work by words of its English title or summary, also by their start', () => {
    expect(ids('kidneys')).toEqual(['wetlands'])
    expect(ids('red line')).toEqual(['red-line'])
    expect(ids('combust')).toEqual(['fire-ice'])
    expect(ids('wal')).toEqual(['river'])
  })

  it('reads one or two letters as initials, not as the start of any English word', () => {
    expect(ids('wa')).toEqual([])
    expect(ids('sz')).toEqual(['red-line'])
  })

  it('ranks a title match above a body that repeats the word', () => {
    expect(ids('湿地')).toEqual(['wetlands', 'river'])
    const [title, body] = searchWorks(index, '湿地')
    expect(title!.score).toBeGreaterThan(body!.score)
  })

  it('indexes the text a reader sees, not Markdown syntax or link targets', () => {
    const doc = workSearchDocs(WORKS, titleSyllables).find((d) => d.id === 'links')!
    expect(doc.body).toBe('第一步\n先看官方资料，再做笔记。')
    expect(ids('资料')).toEqual(['links'])
    expect(ids('笔记')).toEqual(['links'])
    for (const hidden of ['https', 'example', 'org', 'guide']) expect(ids(hidden)).toEqual([])
  })

  it('returns nothing for a blank or punctuation-only query, and at most `limit` hits', () => {
    expect(ids('')).toEqual([])
    expect(ids('  ，。！ ')).toEqual([])
    expect(ids('the')).toEqual([])
    expect(ids('湿地', 1)).toEqual(['wetlands'])
  })

  it('gives the same results after the index is shipped as JSON text and loaded again', () => {
    const shipped = loadWorkSearchIndex(JSON.parse(JSON.stringify(buildWorkSearchJson(WORKS))))
    for (const query of ['湿地', '天然气', 'sd', 'red line', '蛙']) {
      expect(searchWorks(shipped, query)).toEqual(searchWorks(index, query))
    }
  })

  it('refuses an index that was not built by this version', () => {
    expect(() => loadWorkSearchIndex({ serializationVersion: 2, index: [], fieldIds: { title: 0 } })).toThrow(
      /content:build/,
    )
    expect(() => loadWorkSearchIndex(null)).toThrow(/content:build/)
  })
})

describe('works search over the real content', () => {
  it('finds every work by a word of its Chinese title and by the pinyin of that title', async () => {
    const result = await loadContent('content')
    if (!result.ok) throw new Error(`content does not load: ${JSON.stringify(result.errors.slice(0, 3))}`)
    const { works } = result.content
    const real = build(works)
    const docs = workSearchDocs(works, titleSyllables)
    for (const [i, w] of works.entries()) {
      const word = /\p{Script=Han}{2}/u.exec(w.title.zh)?.[0]
      if (word)
        expect(
          searchWorks(real, word, { limit: works.length }).map((h) => h.id),
          `${word} → ${w.id}`,
        ).toContain(w.id)
      const pinyin = docs[i]!.titlePinyin.split(' ')[0]!
      expect(
        searchWorks(real, pinyin, { limit: works.length }).map((h) => h.id),
        `${pinyin} → ${w.id}`,
      ).toContain(w.id)
    }
  })
})
