import type { LatLon } from './geo.ts'

/**
 * Web Mercator arithmetic, as Leaflet, OSM and Tianditu's `_w` tile sets use: pixel projection
 * (for map clustering) and tile numbering (for saving areas offline), from one formula.
 */
export interface TileId {
  z: number
  x: number
  y: number
}
/** A WGS-84 bounding box. */
export interface Bbox {
  south: number
  west: number
  north: number
  east: number
}

/** Tile edge in pixels; zoom-0 pixel coordinates run 0..TILE. */
export const TILE = 256
const MAX_LAT = 85.05112878

/** WGS-84 → Web Mercator pixel coordinates at zoom 0 (0..256). */
export function projectZ0(lat: number, lon: number): [number, number] {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat))
  const sin = Math.sin((clamped * Math.PI) / 180)
  const x = TILE * (lon / 360 + 0.5)
  const y = TILE * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI))
  return [x, y]
}

/** Inverse of projectZ0. */
export function unprojectZ0(x: number, y: number): LatLon {
  const lon = (x / TILE - 0.5) * 360
  const n = Math.PI - (2 * Math.PI * y) / TILE
  const lat = (180 / Math.PI) * Math.atan(Math.sinh(n))
  return { lat, lon }
}

const tileIndex = (pixelZ0: number, z: number) =>
  Math.min(2 ** z - 1, Math.max(0, Math.floor((pixelZ0 / TILE) * 2 ** z)))

export function tileX(lon: number, z: number): number {
  return tileIndex(projectZ0(0, lon)[0], z)
}

export function tileY(lat: number, z: number): number {
  return tileIndex(projectZ0(lat, 0)[1], z)
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
  return template
    .replace('{s}', s)
    .replace('{z}', String(tile.z))
    .replace('{x}', String(tile.x))
    .replace('{y}', String(tile.y))
}
