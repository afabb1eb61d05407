// The targets `npm run bench -- --check` holds the figures to (bench/budgets.json).
import { readFileSync } from 'node:fs'

export interface Budgets {
  first_screen_gzip_kb: number
  /** nearest: mean ms per NearestIndex query must stay below this. */
  nearest_ms: number
  /** map-cluster: Leaflet.markercluster's first render must take at least this many times ours. */
  map_cluster_speedup: number
  /** map-cluster: our zoom step may take at most this many times Leaflet.markercluster's. */
  map_cluster_zoom_ratio: number
  /** search: 95th-percentile ms per works query over 5,000 synthetic works must stay at or below this. */
  search_p95_ms: number
  /** sync-push: records/s through the sync protocol as a share of a plain batched INSERT's (per database). */
  sync_push_min_ratio: number
  /**
   * lighthouse: the mobile performance score (0–100) of every measured route (the median of its
   * runs) must be at least this: 90, issue 8's target. Five runs per route, and a route whose median
   * is under the floor is measured again (bench/run.ts): it fails CI only when both medians are.
   * What the medians measured and what moved them: bench/README.md, History.
   */
  lighthouse_performance_min: number
  /** lighthouse: the accessibility score (0–100) of every measured route must be at least this. */
  lighthouse_accessibility_min: number
  /** upload: MB/s of a 100 MB tus upload (checked and stored) as a share of a plain PUT's to the same server. */
  upload_min_ratio: number
  /** upload: bytes sent beyond the file's size when the connection is cut at 50 % and resumed, in % of the file. */
  upload_resume_overhead_max_pct: number
  /** base-publish: ms from an admin's approval to the new value in GET /api/bases.geojson, worst run (issue 21: under 1 s). */
  base_publish_max_ms: number
}

export const readBudgets = (): Budgets =>
  JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8')) as Budgets
