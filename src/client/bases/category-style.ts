import type { BaseCategory, LocationPrecision } from '../../shared/index.ts'

/**
 * One colour and one glyph per category, used by map markers, the legend and list cards.
 * Colours are distinguishable for common colour-vision deficiencies and always come with a glyph.
 */
export const CATEGORY_STYLE: Record<BaseCategory, { color: string; glyph: string }> = {
  geology_museum: { color: '#a8652a', glyph: '馆' },
  geopark: { color: '#17694f', glyph: '园' },
  mine_park: { color: '#7a5c3e', glyph: '矿' },
  marine: { color: '#1c6a9e', glyph: '海' },
  surveying_mapping: { color: '#6a4fb3', glyph: '测' },
  planning_exhibition: { color: '#b3446c', glyph: '规' },
  field_station: { color: '#3f7f2a', glyph: '站' },
  research_institute: { color: '#2f5f8a', glyph: '研' },
  forest_grassland_wetland: { color: '#2e8b57', glyph: '林' },
  other: { color: '#5b635f', glyph: '科' },
}

/** How wide an approximate location is drawn: a circle, never a pin. */
export const APPROXIMATE_RADIUS_M: Record<LocationPrecision, number> = {
  site: 0,
  campus: 0,
  district: 4_000,
  county: 8_000,
  city: 15_000,
  region: 40_000,
  province: 150_000,
}
