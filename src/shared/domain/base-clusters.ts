import type { BaseCategory } from '../schemas/base.ts'
import { buildClusterTable, type ClusterTable } from './grid-cluster.ts'

/** What the map clusters: a base's id, position and category (the cluster's colour). */
export interface BaseClusterPoint {
  id: string
  lat: number
  lon: number
  category: BaseCategory
}

/** Clusters take the colour of their most common category. */
export const groupByCategory = (point: BaseClusterPoint): string => point.category

/**
 * The zoom levels the server clusters ahead of time: country (3–5) to province (6–7), where
 * every base is in play and the work is the same for every visitor. Deeper zooms touch few bases
 * and are clustered on the phone.
 */
export const SHIPPED_CLUSTER_ZOOMS = [3, 4, 5, 6, 7] as const

/** The cluster table the server serves for `points` (all listed bases, in id order). */
export function buildBaseClusterTable(points: readonly BaseClusterPoint[]): ClusterTable {
  return buildClusterTable(points, SHIPPED_CLUSTER_ZOOMS, { groupBy: groupByCategory })
}
