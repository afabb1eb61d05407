// 10,000 synthetic bases on a phone-sized map in headless Chromium: our ClusterLayer
// (src/client/bases/map/cluster-layer.ts) against Leaflet.markercluster (one L.marker per base,
// added with addLayers). The page (bench/map/) is bundled with Vite into a temporary directory and
// served over HTTP; every run loads a fresh page, and runs alternate ours/peer. Medians are reported.
// Ours draws from the national cluster table the server builds and serves (GET /api/bases/clusters.json,
// from the bases in its database), fetched before any timing, as a phone has it from its cache.
// BENCH_VERBOSE=1 prints every run to stderr, with the synchronous (script-only) part of each phase.
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'
import type { MapRun } from './map/page.ts'
import type { MapPoint } from '../src/client/bases/map/cluster-layer.ts'
import { GridClusterIndex, type ClusterTable } from '../src/shared/domain/grid-cluster.ts'
import { groupByCategory } from '../src/shared/domain/base-clusters.ts'
import { syntheticBases } from './synthetic-bases.ts'
import { byCodeUnit } from '../src/shared/domain/compare.ts'
import { builtFromSynthetic, startBenchApp } from './bench-app.ts'

export interface MapClusterFigure {
  bench: 'map-cluster'
  points: number
  ours_ms: number
  peer: 'leaflet.markercluster'
  peer_ms: number
  speedup: number
  ours_zoom_ms: number
  peer_zoom_ms: number
}

const PAGE_ROOT = fileURLToPath(new URL('./map/', import.meta.url))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
const round = (v: number) => Math.round(v * 10) / 10

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
      const file = join(dir, path === '/' ? 'index.html' : path)
      if (!file.startsWith(dir) || !(await stat(file).catch(() => null))?.isFile()) {
        res.writeHead(404).end()
        return
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      createReadStream(file).pipe(res)
    })()
  })
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)))
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: PAGE_ROOT,
    publicDir: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 10_000 },
  })
}

/** The server's table for these bases: stored in a fresh database, asked of its route. */
async function serverTable(points: readonly MapPoint[]): Promise<string> {
  const server = await startBenchApp(points.map(builtFromSynthetic))
  try {
    const started = performance.now()
    const response = await fetch(`${server.origin}/api/bases/clusters.json`)
    const tableJson = await response.text()
    if (!response.ok) throw new Error(`map-cluster: clusters.json answered ${String(response.status)}`)
    if (process.env.BENCH_VERBOSE)
      console.error(
        `cluster table: ${String(Math.round(performance.now() - started))} ms on the server (first request), ${String(Math.round(tableJson.length / 1024))} KB`,
      )
    return tableJson
  } finally {
    await server.close()
  }
}

export async function measureMapCluster(options: { points?: number; reps?: number } = {}): Promise<MapClusterFigure> {
  // In the order the server lists bases (by id, code unit), which the table's fingerprint follows.
  const points = syntheticBases(options.points ?? 10_000, 42).sort((a, b) => byCodeUnit(a.id, b.id))
  const reps = options.reps ?? 5
  const tableJson = await serverTable(points)
  const used = new GridClusterIndex(points, { groupBy: groupByCategory, table: JSON.parse(tableJson) as ClusterTable })
  if (!used.usesTable) throw new Error("map-cluster: the server's table does not match the points")
  const json = JSON.stringify(points)
  const outDir = await mkdtemp(join(tmpdir(), 'zk-bench-map-'))
  let server: Server | null = null
  let browser: Browser | null = null
  try {
    await buildPage(outDir)
    server = await serve(resolve(outDir))
    const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-gpu'],
    })

    const runs: Record<'ours' | 'peer', MapRun[]> = { ours: [], peer: [] }
    for (let rep = 0; rep < reps; rep++) {
      const order: ('ours' | 'peer')[] = rep % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours']
      for (const kind of order) {
        const began = performance.now()
        // A fresh context (and so a fresh page and renderer state) for every run.
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 })
        const page = await context.newPage()
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        await page.goto(url)
        await page.evaluate(() => window.benchReady)
        // A JSON string crosses the protocol far faster than 10,000 structured-cloned objects; it is
        // parsed in the page before the run starts, so the data is already there when timing begins.
        const result = await page.evaluate(
          ({ kind, json, tableJson }) => {
            const data = JSON.parse(json) as MapPoint[]
            return kind === 'ours' ? window.runOurs(data, JSON.parse(tableJson) as ClusterTable) : window.runPeer(data)
          },
          { kind, json, tableJson },
        )
        await context.close()
        if (errors.length > 0) throw new Error(`map-cluster (${kind}): ${errors.join('; ')}`)
        if (result.markers.some((n) => n === 0))
          throw new Error(`map-cluster (${kind}): no markers drawn (${result.markers.join(',')})`)
        runs[kind].push(result)
        if (process.env.BENCH_VERBOSE)
          console.error(kind, Math.round(performance.now() - began), JSON.stringify(result))
      }
    }

    const oursMs = median(runs.ours.map((r) => r.initial_ms))
    const peerMs = median(runs.peer.map((r) => r.initial_ms))
    return {
      bench: 'map-cluster',
      points: points.length,
      ours_ms: round(oursMs),
      peer: 'leaflet.markercluster',
      peer_ms: round(peerMs),
      speedup: round(peerMs / oursMs),
      ours_zoom_ms: round(median(runs.ours.map((r) => r.zoom_ms))),
      peer_zoom_ms: round(median(runs.peer.map((r) => r.zoom_ms))),
    }
  } finally {
    await browser?.close()
    server?.close()
    await rm(outDir, { recursive: true, force: true })
  }
}
