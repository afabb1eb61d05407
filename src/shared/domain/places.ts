import type { LatLon } from './geo.ts'

/** A province or city a person can pick instead of sharing their location. */
export interface Place extends LatLon {
  province: string
  city: string | null
  label: string
  count: number
}

/**
 * Provinces and cities that have bases, each placed at the centroid of its bases: picking
 * "湖南省 · 长沙市" then orders bases by distance from there. Sorted by name (zh collation).
 */
export function placesFromBases(bases: readonly { province: string; city: string | null; location: LatLon }[]): {
  provinces: Place[]
  cities: Map<string, Place[]>
} {
  const sums = new Map<string, { lat: number; lon: number; n: number; province: string; city: string | null }>()
  const add = (key: string, province: string, city: string | null, p: LatLon) => {
    const s = sums.get(key) ?? { lat: 0, lon: 0, n: 0, province, city }
    s.lat += p.lat
    s.lon += p.lon
    s.n += 1
    sums.set(key, s)
  }
  for (const b of bases) {
    add(`p:${b.province}`, b.province, null, b.location)
    if (b.city) add(`c:${b.province}:${b.city}`, b.province, b.city, b.location)
  }
  const collator = new Intl.Collator('zh-CN')
  const provinces: Place[] = []
  const cities = new Map<string, Place[]>()
  for (const s of sums.values()) {
    const place: Place = {
      lat: s.lat / s.n,
      lon: s.lon / s.n,
      province: s.province,
      city: s.city,
      label: s.city ? `${s.province} · ${s.city}` : s.province,
      count: s.n,
    }
    if (s.city === null) provinces.push(place)
    else cities.set(s.province, [...(cities.get(s.province) ?? []), place])
  }
  provinces.sort((a, b) => collator.compare(a.province, b.province))
  for (const list of cities.values()) list.sort((a, b) => collator.compare(a.city ?? '', b.city ?? ''))
  return { provinces, cities }
}
