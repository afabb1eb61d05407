import { describe, expect, it } from 'vitest'
import { distanceKm, formatDistance, NearestIndex, type LatLon } from '../../src/shared/domain/geo.ts'
import { navigationUrl, toBd09, toGcj02 } from '../../src/shared/domain/china-coords.ts'
import gcoord from 'gcoord'

const beijing: LatLon = { lat: 39.9042, lon: 116.4074 }
const shanghai: LatLon = { lat: 31.2304, lon: 121.4737 }

describe('distance', () => {
  it('measures Beijing to Shanghai as about 1,068 km', () => {
    expect(distanceKm(beijing, shanghai)).toBeGreaterThan(1060)
    expect(distanceKm(beijing, shanghai)).toBeLessThan(1075)
  })

  it.each([
    [0.0042, 'zh-CN', '10 米'],
    [0.854, 'zh-CN', '850 米'],
    [12.34, 'zh-CN', '12.3 公里'],
    [1068.4, 'zh-CN', '1068 公里'],
    [3.25, 'en', '3.3 km'],
  ] as const)('shows %f km as "%s" (%s)', (km, locale, text) => {
    expect(formatDistance(km, locale === 'en' ? 'en' : 'zh-CN')).toBe(text)
  })
})

describe('nearest bases from the spatial index', () => {
  // A deterministic spread of points over China's bounding box.
  let seed = 42
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  const places = Array.from({ length: 2000 }, (_, i) => ({ id: i, lat: 18 + random() * 30, lon: 98 + random() * 24 }))
  const index = new NearestIndex(places)

  it('returns the same ten places, in the same order, as sorting everything by distance', () => {
    for (const from of [beijing, shanghai, { lat: 25.04, lon: 102.71 }]) {
      const bySort = [...places].sort((a, b) => distanceKm(from, a) - distanceKm(from, b)).slice(0, 10)
      expect(index.nearest(from, 10).map((r) => r.item.id)).toEqual(bySort.map((p) => p.id))
    }
  })

  it('respects a radius and a filter', () => {
    const within = index.nearest(beijing, 50, { maxKm: 300, filter: (p) => p.id % 2 === 0 })
    expect(within.every((r) => r.km <= 300 && r.item.id % 2 === 0)).toBe(true)
    expect(within.map((r) => r.km)).toEqual([...within.map((r) => r.km)].sort((a, b) => a - b))
  })

  it('answers an empty list when there are no places', () => {
    expect(new NearestIndex([]).nearest(beijing, 5)).toEqual([])
  })
})

describe('coordinates handed to map apps in China', () => {
  // Reference values published with the widely used coordtransform algorithm.
  it('converts WGS-84 (116.404, 39.915) to GCJ-02 (116.410244, 39.916404)', () => {
    const g = toGcj02({ lon: 116.404, lat: 39.915 })
    expect(g.lon).toBeCloseTo(116.41024449916938, 5)
    expect(g.lat).toBeCloseTo(39.91640428150164, 5)
  })

  it('converts to BD-09 through GCJ-02 (GCJ-02 116.404, 39.915 → BD-09 116.410369, 39.921337)', () => {
    const bd = gcoord.transform([116.404, 39.915], gcoord.GCJ02, gcoord.BD09)
    expect(bd[0]).toBeCloseTo(116.41036949371029, 5)
    expect(bd[1]).toBeCloseTo(39.92133699351021, 5)
    const fromWgs = toBd09({ lon: 116.404, lat: 39.915 })
    const viaGcj = gcoord.transform([116.41024449916938, 39.91640428150164], gcoord.GCJ02, gcoord.BD09)
    expect(fromWgs.lon).toBeCloseTo(viaGcj[0], 5)
    expect(fromWgs.lat).toBeCloseTo(viaGcj[1], 5)
  })

  it('puts converted coordinates in each app link: GCJ-02 for AMap, Tencent and Apple, BD-09 for Baidu', () => {
    const place = { lon: 116.404, lat: 39.915, name: '天安门' }
    expect(navigationUrl('amap', place)).toContain('position=116.410244,39.916404')
    expect(navigationUrl('tencent', place)).toContain('coord:39.916404,116.410244')
    expect(navigationUrl('apple', place)).toContain('ll=39.916404,116.410244')
    const bd = toBd09(place)
    expect(navigationUrl('baidu', place)).toContain(`location=${bd.lat.toFixed(6)},${bd.lon.toFixed(6)}`)
    expect(navigationUrl('baidu', place)).toContain('coord_type=bd09ll')
    expect(navigationUrl('amap', place)).toContain(encodeURIComponent('天安门'))
  })
})
