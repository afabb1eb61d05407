import { describe, expect, it } from 'vitest'
import { inChina } from '../../src/shared/domain/china-area.ts'
import { baseFieldChanges } from '../../src/shared/schemas/base-edit.ts'

// Places in China close to a border or a coast: the check must never refuse them.
const BORDER_PLACES: Record<string, [lat: number, lon: number]> = {
  阿尔山: [47.17, 119.94],
  满洲里: [49.6, 117.43],
  漠河: [52.97, 122.54],
  抚远: [48.36, 134.29],
  绥芬河: [44.4, 131.15],
  珲春: [42.87, 130.36],
  丹东: [40.13, 124.39],
  长白: [41.42, 128.2],
  瑞丽: [24.01, 97.85],
  河口: [22.51, 103.95],
  勐腊: [21.48, 101.56],
  东兴: [21.55, 107.97],
  凭祥: [22.1, 106.75],
  喀什: [39.47, 75.99],
  塔什库尔干: [37.77, 75.23],
  霍尔果斯: [44.21, 80.42],
  阿拉山口: [45.17, 82.57],
  二连浩特: [43.65, 111.98],
  亚东: [27.48, 88.91],
  普兰: [30.29, 81.18],
  吉隆: [28.85, 85.3],
  三沙: [16.83, 112.34],
  台北: [25.03, 121.56],
  香港: [22.32, 114.17],
  三亚: [18.25, 109.51],
}

const ABROAD: Record<string, [lat: number, lon: number]> = {
  Ulaanbaatar: [47.9, 106.9],
  Seoul: [37.57, 126.98],
  Pyongyang: [39.03, 125.75],
  Hanoi: [21.03, 105.85],
  Bangkok: [13.75, 100.5],
  Mandalay: [21.97, 96.08],
  Kathmandu: [27.7, 85.32],
  Thimphu: [27.47, 89.64],
  Delhi: [28.6, 77.2],
  Almaty: [43.24, 76.9],
  Bishkek: [42.87, 74.6],
  Vladivostok: [43.1, 131.9],
  Manila: [14.6, 121],
  Busan: [35.1, 129.04],
  Irkutsk: [52.3, 104.3],
  'the Atlantic': [0, -30],
}

describe('a pin inside China', () => {
  it.each(Object.entries(BORDER_PLACES))('accepts %s, near a border or a coast', (_, [lat, lon]) => {
    expect(inChina({ lat, lon })).toBe(true)
  })
  it.each(Object.entries(ABROAD))('refuses %s', (_, [lat, lon]) => {
    expect(inChina({ lat, lon })).toBe(false)
  })
  it('names the location field when a staff pin is abroad', () => {
    const result = baseFieldChanges.safeParse({ location: { lat: 37.57, lon: 126.98 } })
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['location'])
  })
  it('names the opening hours field when the editor cannot read them', () => {
    const result = baseFieldChanges.safeParse({ openingHours: 'Mo-Fr 9 till late' })
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['openingHours'])
  })
})
