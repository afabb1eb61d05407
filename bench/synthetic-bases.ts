// Deterministic synthetic bases spread roughly like China's population: a weighted mixture of
// Gaussian blobs around major cities (more weight to the east), clamped to mainland China's box.
import { BASE_CATEGORIES } from '../src/shared/schemas/base.ts'
import type { MapPoint } from '../src/client/bases/map/cluster-layer.ts'

/** Exactly what the map's cluster layer draws. */
export type SyntheticBase = MapPoint

/** [lat, lon, weight ≈ urban population in millions] */
const CITIES: readonly (readonly [number, number, number])[] = [
  [31.23, 121.47, 24], // Shanghai
  [39.9, 116.4, 21], // Beijing
  [23.13, 113.26, 18], // Guangzhou
  [22.54, 114.06, 17], // Shenzhen
  [30.66, 104.07, 16], // Chengdu
  [29.56, 106.55, 14], // Chongqing
  [39.13, 117.2, 13], // Tianjin
  [30.59, 114.31, 12], // Wuhan
  [34.75, 113.63, 12], // Zhengzhou
  [30.27, 120.16, 12], // Hangzhou
  [34.34, 108.94, 11], // Xi'an
  [38.04, 114.51, 10], // Shijiazhuang
  [28.23, 112.94, 10], // Changsha
  [36.07, 120.38, 10], // Qingdao
  [32.06, 118.8, 9], // Nanjing
  [41.8, 123.43, 9], // Shenyang
  [45.8, 126.53, 9], // Harbin
  [36.65, 117.12, 9], // Jinan
  [31.82, 117.23, 9], // Hefei
  [43.82, 125.32, 8], // Changchun
  [25.04, 102.71, 8], // Kunming
  [26.07, 119.3, 8], // Fuzhou
  [22.82, 108.32, 8], // Nanning
  [38.91, 121.61, 7], // Dalian
  [28.68, 115.86, 6], // Nanchang
  [26.65, 106.63, 6], // Guiyang
  [24.48, 118.09, 5], // Xiamen
  [37.87, 112.55, 5], // Taiyuan
  [36.06, 103.83, 4], // Lanzhou
  [43.83, 87.62, 4], // Ürümqi
  [40.84, 111.75, 3], // Hohhot
  [20.04, 110.34, 3], // Haikou
  [38.49, 106.23, 2], // Yinchuan
  [36.62, 101.78, 2], // Xining
  [29.65, 91.12, 1], // Lhasa
  [39.47, 75.99, 1], // Kashgar
]

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** `n` synthetic bases; the same `(n, seed)` always gives the same list. */
export function syntheticBases(n: number, seed = 1): SyntheticBase[] {
  const random = mulberry32(seed)
  const gaussian = () => {
    // Box–Muller; 1 - random() keeps the log argument in (0, 1].
    const u = 1 - random()
    const v = random()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  const total = CITIES.reduce((sum, c) => sum + c[2], 0)
  const cumulative: number[] = []
  let acc = 0
  for (const c of CITIES) cumulative.push((acc += c[2] / total))
  const pickCity = () => {
    const r = random()
    const i = cumulative.findIndex((c) => r < c)
    return CITIES[i === -1 ? CITIES.length - 1 : i]!
  }

  const bases: SyntheticBase[] = []
  for (let i = 0; i < n; i++) {
    const [cLat, cLon] = pickCity()
    // Two thirds in and around the city itself, one third spread over its region.
    const sigma = random() < 0.67 ? 0.35 : 1.8
    const lat = clamp(cLat + gaussian() * sigma, 18, 53)
    const lon = clamp(cLon + (gaussian() * sigma) / Math.cos((cLat * Math.PI) / 180), 74, 134)
    const category = BASE_CATEGORIES[Math.floor(random() * BASE_CATEGORIES.length)]!
    const approximate = random() < 0.1
    bases.push({
      id: `syn-${String(i)}`,
      lat: Math.round(lat * 1e6) / 1e6,
      lon: Math.round(lon * 1e6) / 1e6,
      category,
      approximate,
      precision: approximate ? 'city' : 'site',
      label: `合成基地 ${String(i + 1)}`,
    })
  }
  return bases
}
