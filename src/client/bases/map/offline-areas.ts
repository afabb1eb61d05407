import type { BuiltBase } from '../../../shared/schemas/base.ts'
import { countTiles, tilesInBbox, tileUrl, type Bbox } from '../../../shared/domain/tile-math.ts'
import type { SavedArea } from '../../local-db/local-db.ts'
import { deleteSavedAreaRow, getSavedArea, putSavedArea, tileUrlsOfOtherAreas } from '../../local-db/saved-areas.ts'
import { ask } from '../../app/off-thread.ts'
import { SAVED_TILES_CACHE } from '../../pwa/cache-names.ts'
import type { TileProvider } from './tile-providers.ts'

/** The saved areas, newest first (local-db/saved-areas.ts), for the downloads screen. */
export { listSavedAreas } from '../../local-db/saved-areas.ts'

export interface AreaPlan {
  bbox: Bbox
  minZoom: number
  maxZoom: number
  tileCount: number
  estimatedBytes: number
  /** Over the provider's per-area cap: the UI refuses to start and suggests a smaller area. */
  tooLarge: boolean
}

export function planArea(provider: TileProvider, bbox: Bbox, minZoom: number, maxZoom: number): AreaPlan {
  const tileCount = countTiles(bbox, minZoom, maxZoom) * provider.layers.length
  return {
    bbox,
    minZoom,
    maxZoom,
    tileCount,
    estimatedBytes: tileCount * provider.averageTileBytes,
    tooLarge: tileCount > provider.maxTilesPerArea,
  }
}

/** Where tiles are kept; Cache Storage in the app, an in-memory fake in unit tests. */
export interface TileStore {
  has(url: string): Promise<boolean>
  put(url: string, response: Response): Promise<void>
  delete(url: string): Promise<void>
}

// Opened once, not twice per tile.
let savedCache: Promise<Cache> | null = null
const openSaved = () => (savedCache ??= caches.open(SAVED_TILES_CACHE))

export const cacheStorageTiles: TileStore = {
  async has(url) {
    return (await (await openSaved()).match(url)) !== undefined
  },
  async put(url, response) {
    await (await openSaved()).put(url, response)
  },
  async delete(url) {
    await (await openSaved()).delete(url)
  },
}

export interface DownloadOptions {
  name: string
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
  store?: TileStore
  fetchTile?: (url: string, init: RequestInit) => Promise<Response>
  /** Politeness towards the tile provider: parallel requests and the gap between starts. */
  concurrency?: number
  minGapMs?: number
  now?: () => Date
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Downloads a planned area's tiles into the saved-tile cache (which the service worker consults
 * before the network), throttled, cancellable. The area is recorded first, so an interrupted
 * download is visible as `partial` and can be deleted; tiles already saved are not fetched again.
 */
export async function downloadArea(
  provider: TileProvider,
  plan: AreaPlan,
  options: DownloadOptions,
): Promise<SavedArea> {
  if (plan.tooLarge) throw new Error(`area too large: ${plan.tileCount} tiles (limit ${provider.maxTilesPerArea})`)
  const store = options.store ?? cacheStorageTiles
  const fetchTile = options.fetchTile ?? ((url: string, init: RequestInit) => fetch(url, init))
  const urls: { url: string; cors: boolean }[] = []
  for (const layer of provider.layers) {
    for (const tile of tilesInBbox(plan.bbox, plan.minZoom, plan.maxZoom))
      urls.push({ url: tileUrl(layer.url, tile, layer.subdomains), cors: layer.crossOrigin === true })
  }
  const area: SavedArea = {
    id: crypto.randomUUID(),
    name: options.name,
    // A plain copy: the plan may come from reactive UI state, which IndexedDB cannot clone.
    bbox: { south: plan.bbox.south, west: plan.bbox.west, north: plan.bbox.north, east: plan.bbox.east },
    minZoom: plan.minZoom,
    maxZoom: plan.maxZoom,
    providerId: provider.id,
    tileUrls: urls.map((u) => u.url),
    bytes: 0,
    state: 'downloading',
    createdAt: (options.now?.() ?? new Date()).toISOString(),
  }
  await putSavedArea(area)

  let next = 0
  let done = 0
  let failed = 0
  let lastStart = 0
  const gap = options.minGapMs ?? 120
  const worker = async () => {
    while (next < urls.length && !options.signal?.aborted) {
      const { url, cors } = urls[next++]!
      // Requests start at least `gap` ms apart across all workers.
      const wait = Math.max(0, lastStart + gap - Date.now())
      lastStart = Date.now() + wait
      if (wait > 0) await sleep(wait)
      try {
        if (!(await store.has(url))) {
          if (options.signal?.aborted) break
          const response = await fetchTile(url, {
            mode: cors ? 'cors' : 'no-cors',
            credentials: 'omit',
            signal: options.signal,
          })
          if (response.type !== 'opaque' && !response.ok) throw new Error(`HTTP ${response.status}`)
          const size = Number(response.headers.get('content-length')) || provider.averageTileBytes
          await store.put(url, response)
          area.bytes += size
        }
      } catch {
        failed++
      }
      done++
      options.onProgress?.(done, urls.length)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker))
  area.state = done === urls.length && failed === 0 ? 'complete' : 'partial'
  await putSavedArea(area)
  return area
}

/** Deletes an area, the tiles no other saved area still uses, and the photos of its bases no other area keeps. */
export async function deleteSavedArea(id: string, store: TileStore = cacheStorageTiles): Promise<void> {
  const area = await getSavedArea(id)
  if (!area) return
  const keep = await tileUrlsOfOtherAreas(id)
  for (const url of area.tileUrls) if (!keep.has(url)) await store.delete(url)
  await ask({ kind: 'bases-forget-area', areaId: id })
  await deleteSavedAreaRow(id)
}

/**
 * Keeps the bases inside a saved area on the phone, as the server has them now, with their photos
 * (bases/bases-feed.ts), so their pages open offline; they are refreshed with the other kept bases.
 */
export async function saveAreaBases(areaId: string, bbox: Bbox, all: readonly BuiltBase[]) {
  const bases = all.filter(
    ({ location: { lat, lon } }) => lat >= bbox.south && lat <= bbox.north && lon >= bbox.west && lon <= bbox.east,
  )
  if (bases.length === 0) return { saved: 0, failed: 0, photos: 0 }
  const reply = await ask({ kind: 'bases-save-area', areaId, bases: [...bases] })
  return reply.kind === 'bases-area-saved' ? reply : { saved: 0, failed: bases.length, photos: 0 }
}
