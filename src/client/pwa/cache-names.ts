/** Cache Storage names shared by the service worker and the page (saved map areas). */
export const TILE_CACHE = 'zk-tiles-visited'
export const SAVED_TILES_CACHE = 'zk-tiles-saved'
/** Tile hosts of every configured provider (see bases/map/tile-providers.ts). */
export const TILE_URL = /^https:\/\/(t[0-7]\.tianditu\.gov\.cn|tile\.openstreetmap\.org)\//
