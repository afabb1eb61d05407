import type { LatLon } from './geo.ts'
import { projectZ0, TILE, unprojectZ0, type Bbox } from './tile-math.ts'

/**
 * Screen-grid clustering for map markers, computed per zoom level on demand.
 *
 * Why not supercluster or Leaflet.markercluster: both build a hierarchy for every zoom level before
 * the first frame (≈110 ms and ≈450 ms for 10,000 points on this project's reference phone), and
 * the map only ever shows one zoom at a time. Here each point is projected to Web Mercator once
 * (zoom 0), and a zoom level costs one O(n) pass that drops points into square cells of `cellPx`
 * screen pixels; the result is cached per zoom, so zooming back is free. Clusters are cells, so
 * their boundaries are fixed on the grid: a cluster never jumps as the user pans.
 */
export interface ClusterPoint extends LatLon { id: string }

export interface Cluster<T extends ClusterPoint> {
  /** Stable for a zoom level: `z/cellX/cellY`. */
  key: string
  /** Centroid of the members, WGS-84. */
  lat: number
  lon: number
  count: number
  /** The members (the point itself when count is 1). */
  members: T[]
  /** Bounding box of the members, for "zoom to this cluster". */
  bounds: Bbox
}

export interface GridClusterOptions {
  /** Cell size in screen pixels. @default 64 */
  cellPx?: number
  /** From this zoom on, every point is shown on its own. @default 15 */
  maxClusterZoom?: number
}

export class GridClusterIndex<T extends ClusterPoint> {
  readonly #points: readonly T[]
  readonly #x: Float64Array
  readonly #y: Float64Array
  readonly #cellPx: number
  readonly #maxClusterZoom: number
  readonly #byZoom = new Map<number, Cluster<T>[]>()

  constructor(points: readonly T[], options: GridClusterOptions = {}) {
    this.#points = points
    this.#cellPx = options.cellPx ?? 64
    this.#maxClusterZoom = options.maxClusterZoom ?? 15
    this.#x = new Float64Array(points.length)
    this.#y = new Float64Array(points.length)
    points.forEach((p, i) => {
      const [x, y] = projectZ0(p.lat, p.lon)
      this.#x[i] = x
      this.#y[i] = y
    })
  }

  /** Every cluster at `zoom` (integer part used), over the whole world. Cached per zoom. */
  clustersAt(zoom: number): Cluster<T>[] {
    const z = Math.max(0, Math.floor(zoom))
    const cached = this.#byZoom.get(z)
    if (cached) return cached
    const scale = 2 ** z
    const cellZ0 = this.#cellPx / scale // cell size in zoom-0 pixels
    const single = z >= this.#maxClusterZoom
    // Numeric cell keys (no string per point); the cell's string key is made once per cell.
    const cols = Math.ceil(TILE / cellZ0) + 1
    const cells = new Map<number, { cx: number; cy: number; sx: number; sy: number; members: number[] }>()
    for (let i = 0; i < this.#points.length; i++) {
      const x = this.#x[i]!
      const y = this.#y[i]!
      const cx = single ? i : Math.floor(x / cellZ0)
      const cy = single ? 0 : Math.floor(y / cellZ0)
      const key = single ? i : cy * cols + cx
      let cell = cells.get(key)
      if (!cell) cells.set(key, (cell = { cx, cy, sx: 0, sy: 0, members: [] }))
      cell.sx += x
      cell.sy += y
      cell.members.push(i)
    }
    const clusters: Cluster<T>[] = []
    for (const cell of cells.values()) {
      const key = single ? `${z}/p${cell.cx}` : `${z}/${cell.cx}/${cell.cy}`
      const members = cell.members.map((i) => this.#points[i]!)
      const n = members.length
      const centre = n === 1 ? { lat: members[0]!.lat, lon: members[0]!.lon } : unprojectZ0(cell.sx / n, cell.sy / n)
      let south = Infinity, west = Infinity, north = -Infinity, east = -Infinity
      for (const m of members) {
        if (m.lat < south) south = m.lat
        if (m.lat > north) north = m.lat
        if (m.lon < west) west = m.lon
        if (m.lon > east) east = m.lon
      }
      clusters.push({ key, lat: centre.lat, lon: centre.lon, count: n, members, bounds: { south, west, north, east } })
    }
    this.#byZoom.set(z, clusters)
    return clusters
  }

  /** Clusters at `zoom` whose centre lies inside `bbox` (pad the bbox to avoid pop-in at edges). */
  clusters(bbox: Bbox, zoom: number): Cluster<T>[] {
    return this.clustersAt(zoom).filter((c) => c.lat >= bbox.south && c.lat <= bbox.north && c.lon >= bbox.west && c.lon <= bbox.east)
  }
}
