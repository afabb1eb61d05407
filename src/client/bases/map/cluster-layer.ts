import L from 'leaflet'
import type { BaseCategory } from '../../../shared/index.ts'
import { groupByCategory } from '../../../shared/domain/base-clusters.ts'
import { GridClusterIndex, type Cluster, type ClusterTable } from '../../../shared/domain/grid-cluster.ts'
import { APPROXIMATE_RADIUS_M, CATEGORY_STYLE } from '../category-style.ts'
import type { MapPoint } from './map-points.ts'

export { toMapPoints, type MapPoint } from './map-points.ts'

export interface ClusterLayerOptions {
  onSelect?: (id: string) => void
  /** Accessible name for a cluster, e.g. "12 个基地". */
  clusterLabel?: (count: number) => string
  approximateLabel?: string
  /** Clusters the server computed for exactly these points (used only if it matches them). */
  table?: ClusterTable | null
}

/** A marker's inner element, built with DOM calls (no HTML string to parse, nothing to escape). */
function badge(color: string, text: string, size?: number, inner?: 'b'): HTMLElement {
  const span = document.createElement('span')
  // What the badge shows (a count, a category glyph, 约 for an approximate place) is a symbol, not
  // the marker's name: the marker's aria-label (asButton) names it, and a name that does not
  // contain the visible text ("约·园") is what speech control cannot match (WCAG 2.5.3).
  span.setAttribute('aria-hidden', 'true')
  span.style.setProperty('--c', color)
  if (size) span.style.cssText += `width:${String(size)}px;height:${String(size)}px`
  if (inner) span.append(Object.assign(document.createElement(inner), { textContent: text }))
  else span.textContent = text
  return span
}

/**
 * Makes a marker a real button for keyboard and screen-reader users: Leaflet gives it tabindex and
 * role="button", but its name would be the badge's text ("12", a category glyph) and Enter or Space
 * would do nothing (Leaflet 1.9 has no key activation for markers).
 */
function asButton<T extends L.Marker>(marker: T, name: string, activate: () => void): T {
  marker.on('add', () => marker.getElement()?.setAttribute('aria-label', name))
  marker.on('click', activate)
  marker.on('keypress', (event: L.LeafletKeyboardEvent) => {
    if (event.originalEvent.key !== 'Enter' && event.originalEvent.key !== ' ') return
    event.originalEvent.preventDefault()
    activate()
  })
  return marker
}

/**
 * Draws bases as grid clusters (see shared/domain/grid-cluster.ts). Only the clusters in view (plus
 * a margin) exist as DOM markers; markers that stay in view between moves are kept, not rebuilt.
 * An approximate location is a shaded circle with a "约" label, never a pin.
 */
export class ClusterLayer extends L.Layer {
  #index: GridClusterIndex<MapPoint>
  #points: readonly MapPoint[]
  readonly #group = L.layerGroup()
  readonly #shown = new Map<string, L.Layer>()
  readonly #options: ClusterLayerOptions
  #map: L.Map | null = null

  constructor(points: readonly MapPoint[], options: ClusterLayerOptions = {}) {
    super()
    this.#options = { ...options }
    this.#points = points
    this.#index = new GridClusterIndex(points, { groupBy: groupByCategory, table: options.table })
  }

  /** The server's table arrived (or changed): used from the next draw if it matches the points. */
  setTable(table: ClusterTable | null): void {
    this.#options.table = table
    this.setPoints(this.#points)
  }

  setPoints(points: readonly MapPoint[]): void {
    this.#points = points
    this.#index = new GridClusterIndex(points, { groupBy: groupByCategory, table: this.#options.table })
    this.#group.clearLayers()
    this.#shown.clear()
    this.#render()
  }

  override onAdd(map: L.Map): this {
    this.#map = map
    this.#group.addTo(map)
    // Leaflet fires moveend after every zoom too: one redraw per change, not two.
    map.on('moveend', this.#render, this)
    this.#render()
    return this
  }

  override onRemove(map: L.Map): this {
    map.off('moveend', this.#render, this)
    this.#group.remove()
    this.#shown.clear()
    this.#map = null
    return this
  }

  /** The clusters currently drawn (for tests and the list's "in this area"). */
  visibleKeys(): string[] {
    return [...this.#shown.keys()]
  }

  #render(): void {
    const map = this.#map
    if (!map) return
    const b = map.getBounds().pad(0.25)
    const clusters = this.#index.clusters(
      { south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() },
      map.getZoom(),
    )
    const next = new Set(clusters.map((c) => c.key))
    for (const [key, layer] of this.#shown) {
      if (!next.has(key)) {
        this.#group.removeLayer(layer)
        this.#shown.delete(key)
      }
    }
    for (const cluster of clusters) {
      if (this.#shown.has(cluster.key)) continue
      const layer = cluster.point ? this.#single(cluster.point) : this.#cluster(cluster)
      this.#shown.set(cluster.key, layer)
      this.#group.addLayer(layer)
    }
  }

  #cluster(cluster: Cluster<MapPoint>): L.Layer {
    // Coloured by the most common category among the members.
    const top = cluster.group as BaseCategory
    const size = cluster.count < 10 ? 36 : cluster.count < 100 ? 44 : cluster.count < 1000 ? 52 : 60
    const label = this.#options.clusterLabel?.(cluster.count) ?? String(cluster.count)
    const marker = L.marker([cluster.lat, cluster.lon], {
      icon: L.divIcon({
        className: 'zk-cluster',
        html: badge(CATEGORY_STYLE[top].color, String(cluster.count), size),
        iconSize: [size, size],
      }),
      keyboard: true,
      title: label,
      alt: label,
    })
    return asButton(marker, label, () => {
      const { south, west, north, east } = cluster.bounds
      const map = this.#map
      if (!map) return
      const bounds = L.latLngBounds([south, west], [north, east])
      const target = map.getBoundsZoom(bounds, false, L.point(40, 40))
      map.flyToBounds(bounds, { padding: [40, 40], maxZoom: Math.max(target, map.getZoom() + 2), duration: 0.4 })
    })
  }

  #single(point: MapPoint): L.Layer {
    const style = CATEGORY_STYLE[point.category]
    const select = () => this.#options.onSelect?.(point.id)
    if (point.approximate) {
      const circle = L.circle([point.lat, point.lon], {
        radius: APPROXIMATE_RADIUS_M[point.precision] || 4_000,
        color: style.color,
        weight: 1.5,
        dashArray: '4 4',
        fillColor: style.color,
        fillOpacity: 0.12,
      })
      const name = `${point.label}（${this.#options.approximateLabel ?? '大致位置'}）`
      const label = asButton(
        L.marker([point.lat, point.lon], {
          icon: L.divIcon({
            className: 'zk-approx',
            html: badge(style.color, `约·${style.glyph}`),
            iconSize: [44, 28],
          }),
          title: name,
          alt: point.label,
        }),
        name,
        select,
      )
      circle.on('click', select)
      return L.layerGroup([circle, label])
    }
    return asButton(
      L.marker([point.lat, point.lon], {
        icon: L.divIcon({
          className: 'zk-pin',
          html: badge(style.color, style.glyph, undefined, 'b'),
          iconSize: [32, 40],
          iconAnchor: [16, 40],
        }),
        title: point.label,
        alt: point.label,
      }),
      point.label,
      select,
    )
  }
}
