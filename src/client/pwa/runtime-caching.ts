import { registerRoute } from 'workbox-routing'
import { CacheFirst, StaleWhileRevalidate } from 'workbox-strategies'
import { ExpirationPlugin } from 'workbox-expiration'
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { SAVED_TILES_CACHE, TILE_CACHE, TILE_URL } from './cache-names.ts'

/**
 * Run-time caching, registered by sw.ts. The shell and the built content are precached.
 *
 * Account and sync endpoints are never cached: a stale session or a replayed write is worse than
 * an honest "offline" message. The bases GeoJSON and the map's national cluster table are public
 * and change rarely: served from cache at once, refreshed in the background (the map checks the
 * table's fingerprint against its points, so a stale one is never drawn wrongly).
 */
export function registerRuntimeCaching(): void {
  registerRoute(
    ({ url, sameOrigin }) =>
      sameOrigin && (url.pathname === '/api/bases.geojson' || url.pathname === '/api/bases/clusters.json'),
    new StaleWhileRevalidate({ cacheName: 'zk-api-public', plugins: [new ExpirationPlugin({ maxEntries: 4 })] }),
  )

  // Map tiles the user has looked at: bounded by count and age, dropped first when storage runs
  // low. Only CORS (status 200) responses are kept: Chromium charges each opaque response
  // megabytes of padded quota, to hide its real size.
  const visitedTiles = new CacheFirst({
    cacheName: TILE_CACHE,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 3000, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true }),
    ],
  })
  // Tiles of areas saved for offline use live in their own cache, which nothing expires; they are
  // looked up first, so a saved area works with no network whatever the visited-tile cache holds.
  registerRoute(
    ({ url }) => TILE_URL.test(url.href),
    async (options) => {
      const saved = await caches.open(SAVED_TILES_CACHE).then((cache) => cache.match(options.request))
      if (saved) return saved
      // The page's own downloads (fetch(), not <img>) are for a saved area: straight to the
      // network, so those tiles are stored once, in the saved cache, not twice.
      if (options.request.destination !== 'image') return fetch(options.request)
      return visitedTiles.handle(options)
    },
  )
}
