import type { LatLon } from './geo.ts'
import { projectZ0, TILE, unprojectZ0, type Bbox } from './tile-math.ts'

/**
 * Screen-grid clustering for map markers.
 *
 * Why not supercluster or Leaflet.markercluster: both build a hierarchy for every zoom level before
 * the first frame, and the map only ever shows one zoom at a time. Here a zoom level costs one O(n)
 * pass that drops points (projected to Web Mercator once) into square cells of `cellPx` screen
 * pixels, accumulating count, centroid, bounds and the dominant group in typed arrays; the result
 * is cached per zoom. Clusters are cells, so their boundaries are fixed on the grid: a cluster
 * never jumps on a pan.
 *
 * The national zoom levels, where every point is in play, are the same for every visitor, so the
 * server computes them once per change of the bases (`buildClusterTable`, served at
 * `/api/bases/clusters.json`) and the map draws from that table: no clustering on the phone at
 * those zooms. The table carries a fingerprint of the points it was made from; any other set of
 * points (a filter, a newer or older copy of the bases) is clustered at run time instead.
 */
export interface ClusterPoint extends LatLon {
  id: string
}

export interface Cluster<T extends ClusterPoint> {
  /** Stable for a zoom level: `z/cellX/cellY` (or `z/p<index>` at the unclustered zooms). */
  key: string
  /** Centroid of the members (Web Mercator mean), WGS-84. */
  lat: number
  lon: number
  count: number
  /** The point itself when count is 1, else null. */
  point: T | null
  /** Most common `groupBy` value among the members ('' without a groupBy). */
  group: string
  /** Bounding box of the members, for "zoom to this cluster". */
  bounds: Bbox
}

export interface GridClusterOptions<T> {
  /** Cell size in screen pixels. @default 80 */
  cellPx?: number
  /** From this zoom on, every point is shown on its own. @default 15 */
  maxClusterZoom?: number
  /** Names each point's group (e.g. its category); a cluster reports its most common group. */
  groupBy?: (point: T) => string
  /** Clusters computed ahead of time for these exact points (see buildClusterTable). */
  table?: ClusterTable | null
}

/** One cluster as stored in a table: cell, count, centroid, bounds, group, the point when single. */
export type TableCluster = [
  cx: number,
  cy: number,
  count: number,
  lat: number,
  lon: number,
  south: number,
  west: number,
  north: number,
  east: number,
  group: string,
  single: number,
]

/** Clusters for some zoom levels of one set of points, as shipped by the content build (JSON). */
export interface ClusterTable {
  version: 1
  cellPx: number
  maxClusterZoom: number
  /** fingerprint() of the points, in order. */
  fingerprint: string
  zooms: Record<string, TableCluster[]>
}

export const DEFAULT_CELL_PX = 80
export const DEFAULT_MAX_CLUSTER_ZOOM = 15

/**
 * Identifies a set of points for a ClusterTable: the count, then FNV-1a over the ids, coordinates
 * (to 1e-6°) and groups of up to 256 points spread evenly through the list. Checking every point
 * would cost more than the clustering the table saves; the sample is enough because the map only
 * ever draws the content's bases or a filtered subset of them (same count means the same set),
 * and a table from another content build differs in the sampled ids or positions.
 */
export function fingerprint<T extends ClusterPoint>(points: readonly T[], groupBy?: (point: T) => string): string {
  let h = 0x811c9dc5
  const mixString = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  }
  const mixNumber = (v: number) => {
    const n = Math.round(v * 1e6)
    h = Math.imul(h ^ (n & 0xffff), 0x01000193)
    h = Math.imul(h ^ ((n >>> 16) & 0xffff), 0x01000193)
  }
  const step = Math.max(1, points.length / 256)
  for (let k = 0; k < points.length; k += step) {
    const p = points[Math.floor(k)]!
    mixString(p.id)
    mixNumber(p.lat)
    mixNumber(p.lon)
    if (groupBy) mixString(groupBy(p))
  }
  return `${String(points.length)}:${(h >>> 0).toString(16)}`
}

export class GridClusterIndex<T extends ClusterPoint> {
  readonly #points: readonly T[]
  readonly #cellPx: number
  readonly #maxClusterZoom: number
  readonly #groupBy: ((point: T) => string) | undefined
  readonly #table: ClusterTable | null
  readonly #byZoom = new Map<number, Cluster<T>[]>()
  /** Projected coordinates and group numbers, made on the first zoom the table does not cover. */
  #projected: { x: Float64Array; y: Float64Array; group: Uint16Array; names: string[] } | null = null

  constructor(points: readonly T[], options: GridClusterOptions<T> = {}) {
    this.#points = points
    this.#cellPx = options.cellPx ?? DEFAULT_CELL_PX
    this.#maxClusterZoom = options.maxClusterZoom ?? DEFAULT_MAX_CLUSTER_ZOOM
    this.#groupBy = options.groupBy
    const table = options.table
    this.#table =
      table &&
      table.version === 1 &&
      table.cellPx === this.#cellPx &&
      table.maxClusterZoom === this.#maxClusterZoom &&
      table.fingerprint === fingerprint(points, options.groupBy)
        ? table
        : null
  }

  /** Whether a precomputed table is in use (it matched these points). */
  get usesTable(): boolean {
    return this.#table !== null
  }

  /** Every cluster at `zoom` (integer part used), over the whole world. Cached per zoom. */
  clustersAt(zoom: number): Cluster<T>[] {
    const z = Math.max(0, Math.floor(zoom))
    let clusters = this.#byZoom.get(z)
    if (!clusters) {
      const rows = this.#table?.zooms[String(z)]
      clusters = rows ? rows.map((row) => this.#fromRow(z, row)) : this.#compute(z)
      this.#byZoom.set(z, clusters)
    }
    return clusters
  }

  /** Clusters at `zoom` whose centre lies inside `bbox` (pad the bbox to avoid pop-in at edges). */
  clusters(bbox: Bbox, zoom: number): Cluster<T>[] {
    return this.clustersAt(zoom).filter(
      (c) => c.lat >= bbox.south && c.lat <= bbox.north && c.lon >= bbox.west && c.lon <= bbox.east,
    )
  }

  /** The points in the cell of `cluster` (one pass; for tests and "list what is here"). */
  members(cluster: Cluster<T>): T[] {
    const [z, a, b] = cluster.key.split('/')
    const zoom = Number(z)
    if (a!.startsWith('p')) return [this.#points[Number(a!.slice(1))]!]
    const cell = this.#cellPx / 2 ** zoom
    return this.#points.filter((p) => {
      const [x, y] = projectZ0(p.lat, p.lon)
      return Math.floor(x / cell) === Number(a) && Math.floor(y / cell) === Number(b)
    })
  }

  /** The rows of a ClusterTable for `zooms` (what the content build ships). */
  tableRows(zoom: number): TableCluster[] {
    return this.#rows(Math.floor(zoom))
  }

  #fromRow(z: number, [cx, cy, count, lat, lon, south, west, north, east, group, single]: TableCluster): Cluster<T> {
    return {
      key:
        single >= 0 && z >= this.#maxClusterZoom
          ? `${String(z)}/p${String(single)}`
          : `${String(z)}/${String(cx)}/${String(cy)}`,
      lat,
      lon,
      count,
      group,
      point: single >= 0 ? this.#points[single]! : null,
      bounds: { south, west, north, east },
    }
  }

  #compute(z: number): Cluster<T>[] {
    return this.#rows(z).map((row) => this.#fromRow(z, row))
  }

  #project() {
    if (this.#projected) return this.#projected
    const n = this.#points.length
    const x = new Float64Array(n)
    const y = new Float64Array(n)
    const group = new Uint16Array(n)
    const names: string[] = []
    const numbers = new Map<string, number>()
    for (let i = 0; i < n; i++) {
      const p = this.#points[i]!
      const [px, py] = projectZ0(p.lat, p.lon)
      x[i] = px
      y[i] = py
      if (this.#groupBy) {
        const name = this.#groupBy(p)
        let g = numbers.get(name)
        if (g === undefined) numbers.set(name, (g = names.push(name) - 1))
        group[i] = g
      }
    }
    return (this.#projected = { x, y, group, names })
  }

  /** One O(n) pass: cell per point, then per-cell sums, bounds and group tallies in typed arrays. */
  #rows(z: number): TableCluster[] {
    const { x, y, group, names } = this.#project()
    const n = this.#points.length
    const groups = Math.max(1, names.length)
    if (z >= this.#maxClusterZoom) {
      return this.#points.map((p, i) => [i, 0, 1, p.lat, p.lon, p.lat, p.lon, p.lat, p.lon, names[group[i]!] ?? '', i])
    }
    const cellZ0 = this.#cellPx / 2 ** z // cell size in zoom-0 pixels
    const cols = Math.ceil(TILE / cellZ0) + 1
    const cellOf = new Int32Array(n)
    const slot = new Map<number, number>()
    for (let i = 0; i < n; i++) {
      const key = Math.floor(y[i]! / cellZ0) * cols + Math.floor(x[i]! / cellZ0)
      let s = slot.get(key)
      if (s === undefined) slot.set(key, (s = slot.size))
      cellOf[i] = s
    }
    const m = slot.size
    const count = new Int32Array(m)
    const sx = new Float64Array(m)
    const sy = new Float64Array(m)
    const south = new Float64Array(m).fill(Infinity)
    const west = new Float64Array(m).fill(Infinity)
    const north = new Float64Array(m).fill(-Infinity)
    const east = new Float64Array(m).fill(-Infinity)
    const tally = new Int32Array(m * groups)
    const first = new Int32Array(m)
    for (let i = 0; i < n; i++) {
      const s = cellOf[i]!
      if (count[s] === 0) first[s] = i
      count[s]!++
      sx[s]! += x[i]!
      sy[s]! += y[i]!
      const p = this.#points[i]!
      if (p.lat < south[s]!) south[s] = p.lat
      if (p.lat > north[s]!) north[s] = p.lat
      if (p.lon < west[s]!) west[s] = p.lon
      if (p.lon > east[s]!) east[s] = p.lon
      tally[s * groups + group[i]!]!++
    }
    const rows: TableCluster[] = new Array<TableCluster>(m)
    for (const [key, s] of slot) {
      const c = count[s]!
      let best = 0
      for (let g = 1; g < groups; g++) if (tally[s * groups + g]! > tally[s * groups + best]!) best = g
      const single = c === 1 ? first[s]! : -1
      const centre = single >= 0 ? this.#points[single]! : unprojectZ0(sx[s]! / c, sy[s]! / c)
      rows[s] = [
        key % cols,
        Math.floor(key / cols),
        c,
        centre.lat,
        centre.lon,
        south[s]!,
        west[s]!,
        north[s]!,
        east[s]!,
        names[best] ?? '',
        single,
      ]
    }
    return rows
  }
}

/**
 * Clusters for `zooms` of `points`, for the content build to ship (see GridClusterIndex). Numbers
 * are rounded to what a map can show (1e-6°), so the file stays small.
 */
export function buildClusterTable<T extends ClusterPoint>(
  points: readonly T[],
  zooms: readonly number[],
  options: Omit<GridClusterOptions<T>, 'table'> = {},
): ClusterTable {
  const index = new GridClusterIndex(points, options)
  const round = (v: number) => Math.round(v * 1e6) / 1e6
  const table: ClusterTable = {
    version: 1,
    cellPx: options.cellPx ?? DEFAULT_CELL_PX,
    maxClusterZoom: options.maxClusterZoom ?? DEFAULT_MAX_CLUSTER_ZOOM,
    fingerprint: fingerprint(points, options.groupBy),
    zooms: {},
  }
  for (const z of zooms) {
    table.zooms[String(z)] = index
      .tableRows(z)
      .map(([cx, cy, count, lat, lon, s, w, n, e, group, single]) => [
        cx,
        cy,
        count,
        round(lat),
        round(lon),
        s,
        w,
        n,
        e,
        group,
        single,
      ])
  }
  return table
}
