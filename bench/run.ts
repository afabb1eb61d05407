// `npm run bench [name…]`: runs the benchmarks and prints one JSON object per line.
// `--check` exits non-zero when a figure breaks its budget in bench/budgets.json.
import { buildIfStale } from '../scripts/build-if-stale.ts'
import { measureApiLoad } from './api-load.ts'
import { measureBasePublish } from './base-publish.ts'
import { readBudgets } from './budgets.ts'
import { measureFirstScreen } from './bundle.ts'
import { measureLighthouse } from './lighthouse.ts'
import { measureMapCluster } from './map-cluster.ts'
import { measureNearest } from './nearest.ts'
import { measurePhotoIngest } from './photo-ingest.ts'
import { measureRegistrationContention } from './registration-contention.ts'
import { measureSearch } from './search.ts'
import { measureSyncPush } from './sync-push.ts'
import { measureUpload } from './upload.ts'

const args = process.argv.slice(2)
const check = args.includes('--check')
const wanted = args.filter((a) => !a.startsWith('--'))
const budgets = readBudgets()
const benches: Record<string, () => { ok: boolean } | Promise<{ ok: boolean }>> = {
  bundle: () => {
    // Measures dist/ as `npm run build` leaves it: build it first if missing or stale (fresh clone).
    buildIfStale('dist', 'stderr')
    const figure = measureFirstScreen()
    console.log(JSON.stringify(figure))
    return { ok: figure.first_screen_gzip_kb <= figure.budget_kb }
  },
  // NearestIndex (k-d tree) vs sorting all 10,000 bases by distance, per nearest-10 query.
  nearest: () => {
    const figure = measureNearest()
    console.log(JSON.stringify(figure))
    return { ok: figure.ours_ms < budgets.nearest_ms }
  },
  // ClusterLayer vs Leaflet.markercluster, 10,000 bases, headless Chromium at phone size.
  'map-cluster': async () => {
    const figure = await measureMapCluster()
    console.log(JSON.stringify(figure))
    return {
      ok:
        figure.speedup >= budgets.map_cluster_speedup &&
        figure.ours_zoom_ms <= figure.peer_zoom_ms * budgets.map_cluster_zoom_ratio,
    }
  },
  // Works search (MiniSearch, Chinese pairs + ICU words + title pinyin) vs an `includes` scan, 5,000 synthetic works.
  search: () => {
    const figure = measureSearch()
    console.log(JSON.stringify(figure))
    return { ok: figure.p95_ms <= budgets.search_p95_ms }
  },
  // 10,000 tallies through POST /api/sync/push (batches, acks) vs a batched INSERT, PGlite then PostgreSQL.
  'sync-push': async () => {
    const figures = await measureSyncPush()
    for (const figure of figures) console.log(JSON.stringify(figure))
    return { ok: figures.every((f) => f.ratio >= budgets.sync_push_min_ratio) }
  },
  // autocannon on loopback: the public read endpoints and the staff sync push, each beside a static file of the same server.
  'api-load': async () => {
    const figures = await measureApiLoad()
    for (const figure of figures) console.log(JSON.stringify(figure))
    return { ok: true } // no budget yet: the figures depend on the machine more than the others do
  },
  // Lighthouse mobile on the built app from the real server (home and the other public tabs), plus Chromium's installability verdict.
  // A route whose performance median is under the floor is measured once more, and its second
  // median printed too (`"remeasured":true`): a few seconds of a busy shared host move a median by
  // ten points, a regression moves both. It fails when both medians are under the floor.
  lighthouse: async () => {
    const figures = await measureLighthouse()
    for (const figure of figures) console.log(JSON.stringify(figure))
    const slow = figures.filter((f) => f.performance < budgets.lighthouse_performance_min).map((f) => f.route)
    const again = slow.length > 0 ? await measureLighthouse(slow) : []
    for (const figure of again) console.log(JSON.stringify({ ...figure, remeasured: true }))
    const final = figures.map((f) => again.find((a) => a.route === f.route) ?? f)
    return {
      ok:
        final.every((f) => f.performance >= budgets.lighthouse_performance_min) &&
        figures.every((f) => f.accessibility >= budgets.lighthouse_accessibility_min && f.installable),
    }
  },
  // 20 generated 12 MP photos through photo ingest (upright, stripped, 3 widths × AVIF/WebP/JPEG) vs one sharp resize each.
  'photo-ingest': async () => {
    const figure = await measurePhotoIngest()
    console.log(JSON.stringify(figure))
    return { ok: true } // no budget: machine-bound; the figure goes in commit bodies
  },
  // From an admin's approval of a base edit to the new value in GET /api/bases.geojson, PGlite then PostgreSQL (two instances).
  'base-publish': async () => {
    const figures = await measureBasePublish()
    for (const figure of figures) console.log(JSON.stringify(figure))
    return { ok: figures.every((f) => f.max_ms < budgets.base_publish_max_ms) }
  },
  // A 100 MB video through tus (tus-js-client in Node) vs a plain PUT to the same server, then cut at 50 % and resumed.
  upload: async () => {
    const figure = await measureUpload()
    console.log(JSON.stringify(figure))
    return {
      ok:
        figure.ratio >= budgets.upload_min_ratio &&
        figure.resume_overhead_pct <= budgets.upload_resume_overhead_max_pct,
    }
  },
  // 300 parallel squadron registrations for 100 places over loopback HTTP, PGlite then PostgreSQL.
  'registration-contention': async () => {
    const figures = await measureRegistrationContention()
    for (const figure of figures) console.log(JSON.stringify(figure))
    return { ok: figures.every((f) => f.overbooked === 0 && f.answered === f.requests) }
  },
}

const unknown = wanted.filter((name) => !(name in benches))
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (have: ${Object.keys(benches).join(', ')})`)
  process.exit(2)
}

let ok = true
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue
  const result = await bench()
  if (!result.ok) {
    ok = false
    console.error(`${name}: over budget`)
  }
}
if (check && !ok) process.exit(1)
