import { describe, expect, it } from 'vitest'
import { buildClusterTable, GridClusterIndex } from '../../src/shared/domain/grid-cluster.ts'
import { projectZ0, unprojectZ0 } from '../../src/shared/domain/tile-math.ts'

/** A deterministic pseudo-random generator, so a failure prints a reproducible seed. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32
}

const randomPoints = (seed: number, n: number) => {
  const r = rng(seed)
  return Array.from({ length: n }, (_, i) => ({ id: `p${i}`, lat: 18 + r() * 35, lon: 74 + r() * 60 }))
}

describe('grid clustering', () => {
  it('projects to Web Mercator and back', () => {
    const [x, y] = projectZ0(39.9042, 116.4074)
    expect(x).toBeCloseTo(210.78, 1)
    const back = unprojectZ0(x, y)
    expect(back.lat).toBeCloseTo(39.9042, 6)
    expect(back.lon).toBeCloseTo(116.4074, 6)
  })

  it('puts every point in exactly one cluster at every zoom (50 random sets)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const points = randomPoints(seed, 200)
      const index = new GridClusterIndex(points)
      for (const zoom of [3, 5, 8, 12, 15]) {
        const ids = index.clustersAt(zoom).flatMap((c) => index.members(c).map((m) => m.id))
        expect(ids.length, `seed ${seed} zoom ${zoom}`).toBe(points.length)
        expect(new Set(ids).size, `seed ${seed} zoom ${zoom}`).toBe(points.length)
      }
    }
  })

  it('keeps each cluster inside its members’ bounds, and merges close bases only when zoomed out', () => {
    const hunan = [
      { id: 'museum', lat: 28.1968, lon: 112.9745 },
      { id: 'park', lat: 28.2, lon: 112.98 },
      { id: 'beijing', lat: 39.9, lon: 116.4 },
    ]
    const index = new GridClusterIndex(hunan)
    const national = index.clustersAt(4)
    expect(national.map((c) => c.count).sort()).toEqual([1, 2])
    const pair = national.find((c) => c.count === 2)!
    expect(pair.lat).toBeGreaterThanOrEqual(pair.bounds.south)
    expect(pair.lat).toBeLessThanOrEqual(pair.bounds.north)
    expect(index.clustersAt(16).every((c) => c.count === 1)).toBe(true)
  })

  it('counts each cluster’s members and names its most common group', () => {
    const points = [
      { id: 'a', lat: 28.19, lon: 112.97, kind: 'museum' },
      { id: 'b', lat: 28.2, lon: 112.98, kind: 'geopark' },
      { id: 'c', lat: 28.21, lon: 112.99, kind: 'geopark' },
    ]
    const [cluster] = new GridClusterIndex(points, { groupBy: (p) => p.kind }).clustersAt(5)
    expect(cluster).toMatchObject({ count: 3, group: 'geopark', point: null })
  })

  it('starts from a precomputed table that matches the points, and ignores one that does not', () => {
    const points = randomPoints(11, 2_000).map((p, i) => ({ ...p, kind: i % 3 === 0 ? 'museum' : 'geopark' }))
    const groupBy = (p: { kind: string }) => p.kind
    const table = buildClusterTable(points, [3, 4, 5], { groupBy })
    const live = new GridClusterIndex(points, { groupBy })
    const shipped = new GridClusterIndex(JSON.parse(JSON.stringify(points)) as typeof points, {
      groupBy,
      table: JSON.parse(JSON.stringify(table)) as typeof table,
    })
    expect(shipped.usesTable).toBe(true)
    for (const zoom of [3, 4, 5, 9]) {
      const a = live.clustersAt(zoom)
      const b = shipped.clustersAt(zoom)
      expect(b.map((c) => [c.key, c.count, c.group, c.point?.id])).toEqual(
        a.map((c) => [c.key, c.count, c.group, c.point?.id]),
      )
      b.forEach((c, i) => {
        expect(c.lat).toBeCloseTo(a[i]!.lat, 5)
        expect(c.bounds).toEqual(a[i]!.bounds)
      })
    }
    // A filter applied, or a table from another content build (a base added, one moved): the table
    // no longer describes these points, and clustering happens on the phone instead.
    expect(
      new GridClusterIndex(
        points.filter((p) => p.kind === 'museum'),
        { groupBy, table },
      ).usesTable,
    ).toBe(false)
    const edited = [{ id: 'new-base', lat: 30, lon: 110, kind: 'museum' }, ...points.slice(0, -1)]
    expect(new GridClusterIndex(edited, { groupBy, table }).usesTable).toBe(false)
    const moved = points.map((p, i) => (i === 0 ? { ...p, lat: p.lat + 0.5 } : p))
    expect(new GridClusterIndex(moved, { groupBy, table }).usesTable).toBe(false)
  })

  it('returns only clusters inside the view', () => {
    const index = new GridClusterIndex(randomPoints(7, 500))
    const view = { south: 25, west: 100, north: 35, east: 115 }
    const inView = index.clusters(view, 6)
    expect(inView.length).toBeGreaterThan(0)
    for (const c of inView) expect(c.lat >= 25 && c.lat <= 35 && c.lon >= 100 && c.lon <= 115).toBe(true)
  })
})
