import { beforeEach, describe, expect, it } from 'vitest'
import { countTiles, tilesInBbox, tileUrl } from '../../../src/shared/domain/tile-math.ts'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import {
  deleteSavedArea,
  downloadArea,
  listSavedAreas,
  planArea,
  type TileStore,
} from '../../../src/client/bases/map/offline-areas.ts'
import { tileProvider } from '../../../src/client/bases/map/tile-providers.ts'

const osm = tileProvider({})
const changsha = { south: 28.15, west: 112.9, north: 28.25, east: 113.05 }

function memoryStore(): TileStore & { urls: Set<string> } {
  const urls = new Set<string>()
  return {
    urls,
    has: (url) => Promise.resolve(urls.has(url)),
    put: (url) => {
      urls.add(url)
      return Promise.resolve()
    },
    delete: (url) => {
      urls.delete(url)
      return Promise.resolve()
    },
  }
}
const png = () =>
  new Response(new Uint8Array(100), { status: 200, headers: { 'content-type': 'image/png', 'content-length': '100' } })

beforeEach(async () => {
  await localDb.savedAreas.clear()
})

describe('tile arithmetic', () => {
  it('counts exactly the tiles it lists, and names them the way Leaflet requests them', () => {
    const listed = [...tilesInBbox(changsha, 10, 13)]
    expect(listed.length).toBe(countTiles(changsha, 10, 13))
    expect(listed[0]).toEqual({ z: 10, x: 833, y: 428 })
    // Leaflet picks the subdomain as |x + y| mod n: (833 + 428) mod 3 = 1 → b.
    expect(tileUrl('https://{s}.tile/{z}/{x}/{y}.png', { z: 10, x: 833, y: 428 })).toBe('https://b.tile/10/833/428.png')
  })
})

describe('saving a map area for offline use', () => {
  it('shows the tile count and size before starting, and refuses areas over the provider cap', () => {
    const small = planArea(osm, changsha, 10, 13)
    expect(small.tileCount).toBeGreaterThan(0)
    expect(small.estimatedBytes).toBe(small.tileCount * osm.averageTileBytes)
    expect(small.tooLarge).toBe(false)
    const china = planArea(osm, { south: 18, west: 73, north: 54, east: 135 }, 3, 12)
    expect(china.tooLarge).toBe(true)
  })

  it('downloads every tile once, politely, and records the area with its size', async () => {
    const store = memoryStore()
    const fetched: string[] = []
    const progress: number[] = []
    const plan = planArea(osm, changsha, 10, 12)
    const area = await downloadArea(osm, plan, {
      name: '长沙',
      store,
      minGapMs: 0,
      fetchTile: (url) => {
        fetched.push(url)
        return Promise.resolve(png())
      },
      onProgress: (done) => progress.push(done),
    })
    expect(area.state).toBe('complete')
    expect(new Set(fetched).size).toBe(plan.tileCount)
    expect(fetched.length).toBe(plan.tileCount)
    expect(store.urls.size).toBe(plan.tileCount)
    expect(area.bytes).toBe(100 * plan.tileCount)
    expect(progress.at(-1)).toBe(plan.tileCount)
    expect((await listSavedAreas()).map((a) => a.name)).toEqual(['长沙'])
  })

  it('marks an area partial when tiles fail, and a cancelled download stops fetching', async () => {
    const store = memoryStore()
    const plan = planArea(osm, changsha, 10, 13)
    let calls = 0
    const partial = await downloadArea(osm, plan, {
      name: 'a',
      store,
      minGapMs: 0,
      fetchTile: () => (++calls % 2 ? Promise.resolve(png()) : Promise.resolve(new Response('', { status: 503 }))),
    })
    expect(partial.state).toBe('partial')

    const controller = new AbortController()
    let fetchedAfterCancel = 0
    const cancelled = await downloadArea(osm, plan, {
      name: 'b',
      store: memoryStore(),
      minGapMs: 0,
      signal: controller.signal,
      fetchTile: () => {
        if (controller.signal.aborted) fetchedAfterCancel++
        controller.abort()
        return Promise.resolve(png())
      },
    })
    expect(cancelled.state).toBe('partial')
    expect(fetchedAfterCancel).toBe(0)
  })

  it('deleting an area keeps the tiles another saved area still uses', async () => {
    const store = memoryStore()
    const ok = () => Promise.resolve(png())
    const small = await downloadArea(osm, planArea(osm, changsha, 10, 11), {
      name: 'small',
      store,
      minGapMs: 0,
      fetchTile: ok,
    })
    const big = await downloadArea(osm, planArea(osm, changsha, 10, 12), {
      name: 'big',
      store,
      minGapMs: 0,
      fetchTile: ok,
    })
    await deleteSavedArea(big.id, store)
    expect([...store.urls].sort()).toEqual([...small.tileUrls].sort())
    await deleteSavedArea(small.id, store)
    expect(store.urls.size).toBe(0)
    expect(await listSavedAreas()).toEqual([])
  })
})
