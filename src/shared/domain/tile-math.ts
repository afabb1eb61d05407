/** Web Mercator ("slippy map") tile arithmetic, as Leaflet, OSM and Tianditu's `_w` sets use. */
export interface TileId { z: number; x: number; y: number }
export interface Bbox { south: number; west: number; north: number; east: number }

const MAX_LAT = 85.05112878

export function tileX(lon: number, z: number): number {
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(((lon + 180) / 360) * 2 ** z)))
}

export function tileY(lat: number, z: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat))
  const rad = (clamped * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)
  return Math.min(2 ** z - 1, Math.max(0, y))
}

/** How many tiles cover `bbox` at zoom levels minZoom..maxZoom (inclusive), without listing them. */
export function countTiles(bbox: Bbox, minZoom: number, maxZoom: number): number {
  let total = 0
  for (let z = minZoom; z <= maxZoom; z++) {
    total += (tileX(bbox.east, z) - tileX(bbox.west, z) + 1) * (tileY(bbox.south, z) - tileY(bbox.north, z) + 1)
  }
  return total
}

/** Every tile covering `bbox` at minZoom..maxZoom, lowest zoom first. */
export function* tilesInBbox(bbox: Bbox, minZoom: number, maxZoom: number): Generator<TileId> {
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = tileX(bbox.west, z); x <= tileX(bbox.east, z); x++) {
      for (let y = tileY(bbox.north, z); y <= tileY(bbox.south, z); y++) yield { z, x, y }
    }
  }
}

/** A tile URL from a Leaflet-style template; the subdomain is chosen exactly as Leaflet does. */
export function tileUrl(template: string, tile: TileId, subdomains: readonly string[] = ['a', 'b', 'c']): string {
  const s = subdomains.length ? subdomains[Math.abs(tile.x + tile.y) % subdomains.length]! : ''
  return template.replace('{s}', s).replace('{z}', String(tile.z)).replace('{x}', String(tile.x)).replace('{y}', String(tile.y))
}
