/**
 * Map tiles are configuration. Tianditu (天地图, the official national service) when a browser key
 * is configured, OpenStreetMap otherwise. Both serve Web Mercator tiles in WGS-84 coordinates, so
 * base coordinates are drawn as stored, with no GCJ-02 shift.
 */
export type TileProviderId = 'tianditu' | 'osm'

export interface TileLayerSpec {
  url: string
  subdomains?: string[]
  maxZoom: number
  crossOrigin?: boolean
}

export interface TileProvider {
  id: TileProviderId
  /** Base layer plus, for Tianditu, the Chinese annotation layer drawn on top. */
  layers: TileLayerSpec[]
  /** Imagery with its annotation layer, where the provider has it (Tianditu): for setting a pin. */
  satelliteLayers?: TileLayerSpec[]
  /** Plain text; the map shows it in its attribution control. */
  attribution: string
  /** Hosts the service worker may cache tiles from. */
  hosts: RegExp
  /** Rough average tile size, for "save this area" estimates. */
  averageTileBytes: number
  /** The provider's tolerance for bulk downloads: a hard cap per saved area. */
  maxTilesPerArea: number
}

export interface MapEnv {
  /** VITE_TIANDITU_KEY: a Tianditu "browser" key (server keys are refused from browsers). */
  tiandituKey?: string
  /** VITE_MAP_APPROVAL_NUMBER: the 审图号 to show with the map, e.g. "GS(2024)0000号". */
  approvalNumber?: string
}

export function readMapEnv(): MapEnv {
  return {
    tiandituKey: import.meta.env.VITE_TIANDITU_KEY || undefined,
    approvalNumber: import.meta.env.VITE_MAP_APPROVAL_NUMBER || undefined,
  }
}

const tianditu = (layer: 'vec' | 'cva' | 'img' | 'cia', key: string): TileLayerSpec => ({
  url: `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
  maxZoom: 18,
})

export function tileProvider(env: MapEnv): TileProvider {
  const approval = env.approvalNumber ? ` · 审图号：${env.approvalNumber}` : ''
  if (env.tiandituKey) {
    return {
      id: 'tianditu',
      layers: [tianditu('vec', env.tiandituKey), tianditu('cva', env.tiandituKey)],
      satelliteLayers: [tianditu('img', env.tiandituKey), tianditu('cia', env.tiandituKey)],
      attribution: `© 天地图 国家地理信息公共服务平台${approval}`,
      hosts: /^https:\/\/t[0-7]\.tianditu\.gov\.cn\//,
      averageTileBytes: 12_000,
      maxTilesPerArea: 2_000,
    }
  }
  return {
    id: 'osm',
    // OSM's tile policy forbids bulk downloading; the cap keeps "save this area" to a town's worth.
    layers: [{ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', maxZoom: 19, crossOrigin: true }],
    attribution: `© OpenStreetMap contributors${approval}`,
    hosts: /^https:\/\/tile\.openstreetmap\.org\//,
    averageTileBytes: 20_000,
    maxTilesPerArea: 500,
  }
}
