// Query times of the library index in Debian's Chromium with the CPU slowed down 4× (the DevTools
// protocol's Emulation.setCPUThrottlingRate, as Lighthouse's mobile preset does), so the figure
// is closer to a mid-range phone than Node's on the build host. The index module is bundled for
// the page by Vite; the segments cross as JSON text and are loaded in the page before any timing.
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { build, type Rolldown } from 'vite'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const INDEX_MODULE = fileURLToPath(new URL('../src/shared/domain/library-index.ts', import.meta.url))
export const CPU_SLOWDOWN = 4

export interface ThrottledTimes {
  p50_ms: number
  p95_ms: number
  /** Parsing and loading every segment in the page, unthrottled. */
  load_ms: number
}

async function bundleIndex(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: true,
      lib: { entry: INDEX_MODULE, formats: ['iife'], name: 'libraryIndex' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[]
  const [first] = Array.isArray(output) ? output : [output]
  const chunk = first?.output.find((o) => o.type === 'chunk')
  if (!chunk || chunk.type !== 'chunk') throw new Error('search-throttled: the index did not bundle')
  return chunk.code
}

interface PageIndex {
  loadSegment: (json: unknown) => unknown
  searchLibrary: (segments: unknown[], query: string, options: object) => unknown
}
declare global {
  interface Window {
    libraryIndex: PageIndex
    benchSegments: unknown[]
  }
}

/** p50 and p95 over queries at CPU_SLOWDOWN×, each its fastest of `runsPerQuery`, after one unthrottled pass over all of them. */
export async function throttledQueryTimes(
  segmentJson: readonly string[],
  queries: readonly string[],
  runsPerQuery = 5,
): Promise<ThrottledTimes> {
  const code = await bundleIndex()
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu'],
  })
  try {
    const page = await browser.newPage()
    await page.setContent('<!doctype html><title>search bench</title>')
    await page.addScriptTag({ content: code })
    const loadMs = await page.evaluate((texts) => {
      const start = performance.now()
      window.benchSegments = texts.map((t) => window.libraryIndex.loadSegment(JSON.parse(t)))
      return performance.now() - start
    }, segmentJson as string[])
    const run = (runs: number) =>
      page.evaluate(
        ({ qs, runs }) => {
          const times = qs.map((q) => {
            let fastest = Infinity
            for (let r = 0; r < runs; r++) {
              const start = performance.now()
              window.libraryIndex.searchLibrary(window.benchSegments, q, { today: '2026-06-01' })
              fastest = Math.min(fastest, performance.now() - start)
            }
            return fastest
          })
          return times.sort((a, b) => a - b)
        },
        { qs: queries as string[], runs },
      )
    await run(1) // warm: the page's JIT has seen every path before the timed pass
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
    const times = await run(runsPerQuery)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!
    return { p50_ms: at(0.5), p95_ms: at(0.95), load_ms: loadMs }
  } finally {
    await browser.close()
  }
}
