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
   * runs) must be at least this. The goal is 90 (issue 8), not reached: the routes' medians measure
   * ≈ 77–81 on the 2-core host (from ≈ 45–55 in session 12), and the floor sits under the lowest of
   * them with room for a busy CI machine, so a regression of about fifteen points fails CI. The host's
   * speed moves a route's median by more than any one change: with Lighthouse's benchmark index at
   * 1570–1680 instead of ~2500, the same build measured 69 on /works where it measures 80–81; a floor
   * of 65 would fail CI on a slow machine rather than on a regression. What is left is main-thread time: total blocking time
   * ≈ 0.55–0.95 s at a 4× CPU slowdown, from evaluating the app's modules, mounting the tab (the
   * calendar's month grid is the largest, ~0.12 s unthrottled), the first layouts of Chinese text
   * and Lighthouse's own script.
   */
  lighthouse_performance_min: number
  /** lighthouse: the accessibility score (0–100) of every measured route must be at least this. */
  lighthouse_accessibility_min: number
}

export const readBudgets = (): Budgets => JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8')) as Budgets
