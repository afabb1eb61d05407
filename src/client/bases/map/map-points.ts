import type { BaseClusterPoint } from '../../../shared/domain/base-clusters.ts'
import type { BuiltBase, LocationPrecision } from '../../../shared/index.ts'

export interface MapPoint extends BaseClusterPoint {
  approximate: boolean
  precision: LocationPrecision
  /** Shown in the marker's accessible name and tooltip. */
  label: string
}

/** The map's points for `bases`, in the same order (the shipped cluster table depends on it). */
export const toMapPoints = (bases: readonly BuiltBase[], language: 'zh' | 'en'): MapPoint[] =>
  bases.map((b) => ({
    id: b.id,
    lat: b.location.lat,
    lon: b.location.lon,
    category: b.category,
    approximate: b.approximate,
    precision: b.location.precision,
    label: b.name[language],
  }))
