import KDBush from 'kdbush'
import { around, distance as greatCircleKm } from 'geokdbush'

/** A WGS-84 position. Everything we store and compute is WGS-84; conversion happens only at hand-off. */
export interface LatLon {
  lat: number
  lon: number
}

/** Great-circle distance in kilometres (the same formula the spatial index uses). */
export function distanceKm(a: LatLon, b: LatLon): number {
  return greatCircleKm(a.lon, a.lat, b.lon, b.lat)
}

/** "850 米" / "12.3 公里" style: metres under 1 km, one decimal under 100 km, whole km beyond. */
export function formatDistance(km: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const [m, k] = locale === 'zh-CN' ? [' 米', ' 公里'] : [' m', ' km']
  if (km < 1) return `${Math.max(10, Math.round((km * 1000) / 10) * 10)}${m}`
  if (km < 100) return `${(Math.round(km * 10) / 10).toString()}${k}`
  return `${Math.round(km).toString()}${k}`
}

/**
 * A static spatial index (k-d tree over lon/lat) for nearest-first queries: built once when the
 * list of places is known, then each query visits only the nearest branches instead of sorting
 * every place by distance on every move of the user or the map.
 */
export class NearestIndex<T extends LatLon> {
  readonly #tree: KDBush | null
  readonly #items: readonly T[]

  constructor(items: readonly T[]) {
    this.#items = items
    this.#tree = items.length > 0 ? new KDBush(items.length) : null
    for (const item of items) this.#tree?.add(item.lon, item.lat)
    this.#tree?.finish()
  }

  /** Up to `count` items nearest to `from`, nearest first, optionally within `maxKm` and passing `filter`. */
  nearest(
    from: LatLon,
    count: number,
    options: { maxKm?: number; filter?: (item: T) => boolean } = {},
  ): { item: T; km: number }[] {
    if (!this.#tree) return []
    const { filter } = options
    const ids = around(
      this.#tree,
      from.lon,
      from.lat,
      count,
      options.maxKm ?? Infinity,
      filter ? (id: number) => filter(this.#items[id]!) : undefined,
    )
    return ids.map((id) => {
      const item = this.#items[id]!
      return { item, km: distanceKm(from, item) }
    })
  }
}
