import { describe, expect, it } from 'vitest'
import { placesFromBases } from '../../src/shared/domain/places.ts'

const base = (province: string, city: string | null, lat: number, lon: number) => ({
  province,
  city,
  location: { lat, lon },
})

describe('placesFromBases: the provinces and cities a person can pick instead of their location', () => {
  const bases = [
    base('湖南省', '株洲市', 28.0, 113.0),
    base('湖南省', '株洲市', 28.4, 113.2),
    base('湖南省', '张家界市', 29.1, 110.5),
    base('北京市', '北京市', 39.9, 116.4),
    base('安徽省', null, 31.8, 117.2),
  ]
  const { provinces, cities } = placesFromBases(bases)

  it('lists each province that has bases once, with its bases counted, in Chinese (pinyin) order', () => {
    expect(provinces.map((p) => p.label)).toEqual(['安徽省', '北京市', '湖南省'])
    expect(provinces.map((p) => p.count)).toEqual([1, 1, 3])
    expect(provinces.every((p) => p.city === null)).toBe(true)
  })

  it('places a province at the centroid of all its bases, those without a city included', () => {
    const hunan = provinces.find((p) => p.province === '湖南省')!
    expect(hunan.lat).toBeCloseTo((28.0 + 28.4 + 29.1) / 3, 10)
    expect(hunan.lon).toBeCloseTo((113.0 + 113.2 + 110.5) / 3, 10)
    expect(provinces.find((p) => p.province === '安徽省')).toMatchObject({ lat: 31.8, lon: 117.2, count: 1 })
  })

  it('lists a province’s cities under it, labelled “province · city”, at their own centroids', () => {
    const hunan = cities.get('湖南省')!
    expect(hunan.map((c) => c.label)).toEqual(['湖南省 · 张家界市', '湖南省 · 株洲市'])
    const zhuzhou = hunan.find((c) => c.city === '株洲市')!
    expect(zhuzhou).toMatchObject({ province: '湖南省', count: 2 })
    expect(zhuzhou.lat).toBeCloseTo(28.2, 10)
    expect(zhuzhou.lon).toBeCloseTo(113.1, 10)
    expect(cities.get('北京市')).toEqual([
      { lat: 39.9, lon: 116.4, province: '北京市', city: '北京市', label: '北京市 · 北京市', count: 1 },
    ])
  })

  it('has no city list for a province whose bases name no city', () => {
    expect(cities.has('安徽省')).toBe(false)
  })

  it('keeps two cities of the same name in different provinces apart', () => {
    const result = placesFromBases([base('吉林省', '吉林市', 43.8, 126.5), base('辽宁省', '吉林市', 41.0, 123.0)])
    expect(result.cities.get('吉林省')).toHaveLength(1)
    expect(result.cities.get('辽宁省')).toHaveLength(1)
    expect(result.cities.get('吉林省')![0]!.lat).toBe(43.8)
  })

  it('gives nothing to pick when there are no bases', () => {
    const empty = placesFromBases([])
    expect(empty.provinces).toEqual([])
    expect(empty.cities.size).toBe(0)
  })
})
