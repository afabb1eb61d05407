import type { RuntimeCaching } from 'workbox-build'

/**
 * Runtime caching rules for the generated service worker. The shell and the built content are
 * precached (see vite.config.ts); these rules cover what is fetched at run time.
 *
 * Account and sync endpoints are never cached: a stale session or a replayed write is worse than
 * an honest "offline" message. The bases GeoJSON is public and changes rarely, so a cached copy is
 * served at once and refreshed in the background.
 */
export const runtimeCaching: RuntimeCaching[] = [
  {
    urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname === '/api/bases.geojson',
    handler: 'StaleWhileRevalidate',
    options: { cacheName: 'zk-api-public', expiration: { maxEntries: 4 } },
  },
]
