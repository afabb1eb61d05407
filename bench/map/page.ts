// The map-cluster bench page (built by bench/map-cluster.ts with Vite, driven by Playwright).
// Each run gets a fresh map with no tile layer, at the app's national view, and times:
//   initial: creating the layer (from data already in the page: the bases and, for ours, the cluster
//            table the server serves for them) → clusters in the DOM → two frames;
//   zoom:    map.setZoom(z, { animate: false }) → the layer's DOM update → two frames,
//            averaged over 4→5→6→7→6→5→4, with an untimed pause between steps so that
//            Leaflet.markercluster's 300 ms animation clean-up never lands inside a timed step.
import L from 'leaflet'
import { ClusterLayer, type MapPoint } from '../../src/client/bases/map/cluster-layer.ts'
import type { ClusterTable } from '../../src/shared/domain/grid-cluster.ts'

export interface MapRun {
  initial_ms: number
  zoom_ms: number
  zoom_steps_ms: number[]
  /** The synchronous part alone (layer code until it returns), for telling script from rendering. */
  initial_js_ms: number
  zoom_js_ms: number
  /** Marker elements in the DOM after the initial render, then after each zoom step (sanity). */
  markers: number[]
}

interface MarkerClusterGroup extends L.FeatureGroup {
  addLayers(layers: L.Layer[]): this
}
type WithMarkerCluster = typeof L & { markerClusterGroup(options?: object): MarkerClusterGroup }

declare global {
  interface Window {
    L: typeof L
    benchReady: Promise<void>
    runOurs(points: MapPoint[], table: ClusterTable): Promise<MapRun>
    runPeer(points: MapPoint[]): Promise<MapRun>
  }
}

export const ZOOM_STEPS = [5, 6, 7, 6, 5, 4]
const SETTLE_MS = 350

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))
const twoFrames = async () => {
  await frame()
  await frame()
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function run(addLayer: (map: L.Map) => void): Promise<MapRun> {
  const div = document.createElement('div')
  div.className = 'bench-map'
  document.body.append(div)
  // The app's map options (BasesMap.vue), minus tiles.
  const map = L.map(div, {
    center: [35, 105],
    zoom: 4,
    minZoom: 3,
    maxZoom: 18,
    zoomControl: true,
    attributionControl: true,
  })
  await twoFrames()
  const count = () => div.querySelectorAll('.leaflet-marker-icon').length

  // User-timing marks make the phases easy to find in a DevTools trace of the page.
  performance.mark('bench:initial')
  const start = performance.now()
  addLayer(map)
  const initialJs = performance.now() - start
  await twoFrames()
  const initial = performance.now() - start
  performance.measure('bench:initial', 'bench:initial')
  const markers = [count()]

  const steps: number[] = []
  let zoomJs = 0
  for (const zoom of ZOOM_STEPS) {
    await sleep(SETTLE_MS)
    await frame()
    performance.mark('bench:zoom')
    const t = performance.now()
    map.setZoom(zoom, { animate: false })
    zoomJs += performance.now() - t
    await twoFrames()
    steps.push(performance.now() - t)
    performance.measure(`bench:zoom ${String(zoom)}`, 'bench:zoom')
    markers.push(count())
  }
  map.remove()
  div.remove()
  return {
    initial_ms: initial,
    zoom_ms: steps.reduce((a, b) => a + b, 0) / steps.length,
    zoom_steps_ms: steps,
    initial_js_ms: initialJs,
    zoom_js_ms: zoomJs / steps.length,
    markers,
  }
}

window.L = L
window.benchReady = (async () => {
  // The UMD plugin extends the global L when it runs, so it must load after `window.L` is set.
  await import('leaflet.markercluster')
})()

window.runOurs = (points, table) =>
  run((map) => {
    new ClusterLayer(points, { clusterLabel: (n) => `${String(n)} 个基地`, approximateLabel: '大致位置', table }).addTo(
      map,
    )
  })

window.runPeer = (points) =>
  run((map) => {
    const markers = points.map((p) => L.marker([p.lat, p.lon], { title: p.label, alt: p.label }))
    ;(L as WithMarkerCluster).markerClusterGroup().addLayers(markers).addTo(map)
  })
