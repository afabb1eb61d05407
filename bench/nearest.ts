// Nearest-10 query over 10,000 synthetic bases: our k-d tree (NearestIndex) against sorting every
// base by distance on each query. Queries come from the same population-weighted spread (people ask
// from where they live); the index is built once, outside the timing, as the app does.
import { performance } from 'node:perf_hooks'
import { NearestIndex, distanceKm, type LatLon } from '../src/shared/domain/geo.ts'
import { syntheticBases } from './synthetic-bases.ts'

export interface NearestFigure {
  bench: 'nearest'
  points: number
  ours_ms: number
  peer: 'full-sort'
  peer_ms: number
  speedup: number
}

const round = (v: number, digits: number) => Number(v.toPrecision(digits))

function fullSort<T extends LatLon>(items: readonly T[], from: LatLon, count: number): { item: T; km: number }[] {
  return items
    .map((item) => ({ item, km: distanceKm(from, item) }))
    .sort((a, b) => a.km - b.km)
    .slice(0, count)
}

/** Mean milliseconds per call of `query` over `queries`, after a short warm-up. */
function timePerQuery(queries: readonly LatLon[], query: (from: LatLon) => { km: number }[]): number {
  let sink = 0
  for (const q of queries.slice(0, 100)) sink += query(q).length
  const start = performance.now()
  for (const q of queries) sink += query(q)[0]?.km ?? 0
  const ms = (performance.now() - start) / queries.length
  if (Number.isNaN(sink)) throw new Error('unreachable')
  return ms
}

export function measureNearest(points = 10_000, queryCount = 1_000, count = 10): NearestFigure {
  const bases = syntheticBases(points, 42)
  const queries: LatLon[] = syntheticBases(queryCount, 4242).map(({ lat, lon }) => ({ lat, lon }))
  const index = new NearestIndex(bases)

  // Both must return the same distances before their speed means anything.
  for (const q of queries.slice(0, 50)) {
    const a = index.nearest(q, count).map((r) => r.km)
    const b = fullSort(bases, q, count).map((r) => r.km)
    if (a.length !== b.length || a.some((km, i) => Math.abs(km - b[i]!) > 1e-9)) {
      throw new Error(`nearest: NearestIndex and full sort disagree at ${JSON.stringify(q)}`)
    }
  }

  const oursMs = timePerQuery(queries, (q) => index.nearest(q, count))
  const peerMs = timePerQuery(queries, (q) => fullSort(bases, q, count))
  return {
    bench: 'nearest',
    points,
    ours_ms: round(oursMs, 3),
    peer: 'full-sort',
    peer_ms: round(peerMs, 3),
    speedup: round(peerMs / oursMs, 3),
  }
}
