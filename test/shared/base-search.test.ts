import { describe, expect, it } from 'vitest'
import { matchesBaseQuery } from '../../src/shared/domain/base-search.ts'

// Search keys as the content build derives them (scripts/build-content.ts), from generated/content/bases.json.
const museum = {
  name: { zh: '中国地质博物馆', en: 'Geological Museum of China' },
  province: '北京市',
  city: '北京市',
  search: { pinyin: 'zhongguodizhibowuguan', initials: 'zgdzbwg' },
}
const mine = {
  name: { zh: '北京首云国家矿山公园', en: 'Beijing Shouyun National Mine Park' },
  province: '北京市',
  city: '北京市',
  search: { pinyin: 'beijingshouyunguojiakuangshangongyuan', initials: 'bjsygjksgy' },
}
const noCity = {
  name: { zh: '黄山世界地质公园', en: 'Huangshan UNESCO Global Geopark' },
  province: '安徽省',
  city: null,
  search: { pinyin: 'huangshanshijiedizhigongyuan', initials: 'hssjdzgy' },
}
const all = [museum, mine, noCity]
const find = (query: string) => all.filter((b) => matchesBaseQuery(b, query)).map((b) => b.name.zh)

describe('matchesBaseQuery: what the bases list keeps as the user types', () => {
  it('keeps every base for an empty or blank query', () => {
    expect(find('')).toHaveLength(3)
    expect(find('   ')).toHaveLength(3)
  })

  it('finds a base by any part of its Chinese name', () => {
    expect(find('地质')).toEqual(['中国地质博物馆', '黄山世界地质公园'])
    expect(find('矿山')).toEqual(['北京首云国家矿山公园'])
  })

  it('finds bases by province or city', () => {
    expect(find('北京')).toEqual(['中国地质博物馆', '北京首云国家矿山公园'])
    expect(find('安徽省')).toEqual(['黄山世界地质公园'])
  })

  it('finds a base by its English name, whatever the case', () => {
    expect(find('geological museum')).toEqual(['中国地质博物馆'])
    expect(find('GEOPARK')).toEqual(['黄山世界地质公园'])
  })

  it('finds a base by full pinyin, with or without spaces and capitals', () => {
    expect(find('dizhi')).toEqual(['中国地质博物馆', '黄山世界地质公园'])
    expect(find('di zhi bo')).toEqual(['中国地质博物馆'])
    expect(find('KuangShan')).toEqual(['北京首云国家矿山公园'])
  })

  it('finds a base by the initials of its name', () => {
    expect(find('dzbwg')).toEqual(['中国地质博物馆'])
    expect(find('ksgy')).toEqual(['北京首云国家矿山公园'])
    expect(find('DZGY')).toEqual(['黄山世界地质公园'])
  })

  it('does not match pinyin against a query that mixes in Chinese, digits or punctuation', () => {
    // "地zhi" is neither Chinese text of a name nor pure letters: nothing matches.
    expect(find('地zhi')).toEqual([])
    expect(find('dizhi1')).toEqual([])
    expect(find('di-zhi')).toEqual([])
  })

  it('still matches a mixed query that appears as such in the English name', () => {
    const withDigits = { ...mine, name: { zh: '某矿山公园', en: 'Mine Park No. 3' } }
    expect(matchesBaseQuery(withDigits, 'no. 3')).toBe(true)
  })

  it('finds nothing for letters in neither the pinyin nor the initials', () => {
    expect(find('xyz')).toEqual([])
    // Initials are matched as a run: "zgbwg" skips 地质's "dz".
    expect(find('zgbwg')).toEqual([])
  })
})
