/**
 * The vocabularies the schemas are built from, in a module that does not import Zod. Screens that
 * only list or filter by them (the first screen of every tab) import them from here, so the
 * browser does not download, compile and run Zod and every schema before it can draw a filter
 * chip; the schemas (schemas/*.ts) re-export them, so both sides still share one list.
 */
export const BASE_CATEGORIES = [
  'geology_museum',
  'geopark',
  'mine_park',
  'marine',
  'surveying_mapping',
  'planning_exhibition',
  'field_station',
  'research_institute',
  'forest_grassland_wetland',
  'other',
] as const

/** Mainland China plus Hainan and the South China Sea islands (WGS-84), as a coarse sanity box. */
export const CHINA_BBOX = { minLon: 73.4, maxLon: 135.1, minLat: 3.8, maxLat: 53.6 } as const

/** Whether a WGS-84 position lies in China's bounding box (what `wgs84Point` accepts). */
export function inChinaBbox(point: { lat: number; lon: number }): boolean {
  return (
    Number.isFinite(point.lat) &&
    Number.isFinite(point.lon) &&
    point.lat >= CHINA_BBOX.minLat &&
    point.lat <= CHINA_BBOX.maxLat &&
    point.lon >= CHINA_BBOX.minLon &&
    point.lon <= CHINA_BBOX.maxLon
  )
}

export const WORK_TYPES = ['article', 'video', 'audio', 'book', 'pictures'] as const

/** The programme's themes; a work has one or more. */
export const WORK_TOPICS = [
  'farmland',
  'land-use',
  'restoration',
  'spatial-planning',
  'land-survey',
  'minerals',
  'gas-hydrate',
  'hot-dry-rock',
  'deep-earth-sea',
  'geohazards',
  'polar',
  'ocean',
  'ecosystems',
  'mapping',
  'carbon',
  'biodiversity',
] as const

/** Who a base event is for. */
export const EVENT_AUDIENCES = ['public', 'school', 'squadron'] as const
