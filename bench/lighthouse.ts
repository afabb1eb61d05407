// Lighthouse (the npm package, mobile settings: Moto G Power screen, simulated slow 4G and a CPU
// slowdown) on the built app served by the real server, in Debian's Chromium launched by
// chrome-launcher (CHROMIUM_PATH, default /usr/bin/chromium; nothing is downloaded). One line per
// route. Lighthouse 12 has no PWA category any more, so installability is asked of Chromium itself
// through the DevTools protocol (Page.getInstallabilityErrors) on the same browser.
//
// CPU slowdown: Lighthouse's default 4× is calibrated for a high-end desktop host (benchmark index
// 1500–2000, docs/throttling.md "CPU throttling"), i.e. it emulates a phone of index ≈ 440. On a
// slower or busier host (this 2-core machine measures 600–1000) a fixed 4× emulates a far slower
// phone than Lighthouse means to, so the multiplier is calibrated as Lighthouse's docs advise:
// host index (Lighthouse's own benchmark, measured in the same browser just before each route)
// ÷ 440, between 1× and 4×. Both figures are printed. BENCH_LIGHTHOUSE_CPU=4 fixes the multiplier.
// BENCH_VERBOSE=1 prints every audit that did not pass to stderr; BENCH_LIGHTHOUSE_REPORTS=dir
// writes each route's full report there (JSON, open it in the Lighthouse viewer) and its trace
// (<route>.trace.json, open it in Chromium's Performance panel to see what each long task ran);
// BENCH_LIGHTHOUSE_ROUTES=/,/works measures only those routes.
//
// Variance: one Lighthouse run on this shared 2-core machine swings by ±10 points (its own docs,
// docs/variability.md, advise the median of several runs). Each route is measured
// BENCH_LIGHTHOUSE_RUNS times (default 5) and the run with the median performance score is the
// one reported, with its metrics (simulated FCP, LCP, TBT in ms, CLS) so a change can be read as
// more than a score.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { throttling } from 'lighthouse/core/config/constants.js'
import { pageFunctions } from 'lighthouse/core/lib/page-functions.js'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { startRealServer } from './real-server.ts'

export interface LighthouseFigure {
  bench: 'lighthouse'
  route: string
  performance: number
  accessibility: number
  best_practices: number
  installable: boolean
  /** The host's Lighthouse benchmark index just before the run, and the CPU slowdown it gave. */
  benchmark_index: number
  cpu_slowdown: number
  runs: number
  /** Every run's performance score, in the order measured. */
  performance_runs: number[]
  fcp_ms: number
  lcp_ms: number
  tbt_ms: number
  cls: number
}

/** The phone Lighthouse's default 4× emulates on the host it is calibrated for (1750 ÷ 4). */
const TARGET_PHONE_INDEX = 440

/** The first screen, and the other tabs a visitor opens without signing in. */
export const LIGHTHOUSE_ROUTES = ['/', '/works', '/calendar', '/notices']

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100)

/** Opens a tab in the browser chrome-launcher started, runs `use` on it, and closes the tab. */
async function inTab<T>(cdpPort: number, use: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${String(cdpPort)}`)
  try {
    const context = browser.contexts()[0] ?? (await browser.newContext())
    const page = await context.newPage()
    try {
      return await use(page, context)
    } finally {
      await page.close()
    }
  } finally {
    await browser.close() // disconnects only; chrome-launcher owns the process
  }
}

/** Chromium's own verdict: an empty list of installability errors means it offers to install. */
async function installability(cdpPort: number, url: string): Promise<string[]> {
  return inTab(cdpPort, async (page, context) => {
    await page.goto(url, { waitUntil: 'load' })
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    return installabilityErrors.map((e) =>
      [e.errorId, ...e.errorArguments.map((a) => `${a.name}=${a.value}`)].join(' '),
    )
  })
}

/** Lighthouse's benchmark index (the same page function its runs report as benchmarkIndex). */
async function benchmarkIndex(cdpPort: number): Promise<number> {
  return inTab(cdpPort, async (page) => page.evaluate<number>(`(${pageFunctions.computeBenchmarkIndex.toString()})()`))
}

type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>
interface Measured {
  lhr: Result['lhr']
  trace: unknown
  performance: number
  index: number
  cpuSlowdown: number
}

/** One Lighthouse run of one page, its CPU slowdown calibrated to the host just before it. */
async function measureOnce(cdpPort: number, url: string, route: string): Promise<Measured> {
  const index = await benchmarkIndex(cdpPort)
  const fixed = Number(process.env.BENCH_LIGHTHOUSE_CPU)
  const cpuSlowdown = fixed > 0 ? fixed : Math.round(Math.min(4, Math.max(1, index / TARGET_PHONE_INDEX)) * 100) / 100
  // A trace Chromium failed to record (NO_NAVSTART, NO_FCP on a busy machine) is Lighthouse's
  // own "please run again": the route is measured again, up to three times, and said so.
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, {
      port: cdpPort,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      throttling: { ...throttling.mobileSlow4G, cpuSlowdownMultiplier: cpuSlowdown },
    })
    if (!result) throw new Error(`lighthouse: no result for ${route}`)
    const failed = result.lhr.runtimeError
    if (failed && attempt < 3) {
      console.error(`lighthouse: ${route}: ${failed.code}, measuring again (attempt ${String(attempt + 1)} of 3)`)
      continue
    }
    if (failed) throw new Error(`lighthouse: ${route}: ${failed.code} ${failed.message}`)
    const trace = (result.artifacts as unknown as { Trace: unknown }).Trace
    return { lhr: result.lhr, trace, performance: score(result.lhr.categories.performance?.score), index, cpuSlowdown }
  }
}

export async function measureLighthouse(
  routes = process.env.BENCH_LIGHTHOUSE_ROUTES?.split(',') ?? LIGHTHOUSE_ROUTES,
): Promise<LighthouseFigure[]> {
  const server = await startRealServer()
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: CHROME_FLAGS,
    logLevel: 'silent',
  })
  const figures: LighthouseFigure[] = []
  try {
    const installErrors = await installability(chrome.port, `${server.origin}/`)
    if (installErrors.length > 0) console.error(`lighthouse: not installable: ${installErrors.join('; ')}`)
    const runs = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5))
    for (const route of routes) {
      const measured: Measured[] = []
      for (let run = 0; run < runs; run++)
        measured.push(await measureOnce(chrome.port, `${server.origin}${route}`, route))
      const median = [...measured].sort((a, b) => a.performance - b.performance)[Math.floor((measured.length - 1) / 2)]!
      const { lhr, trace } = median
      const reports = process.env.BENCH_LIGHTHOUSE_REPORTS
      if (reports) {
        mkdirSync(reports, { recursive: true })
        writeFileSync(join(reports, `${route.replace(/\W+/g, '_') || 'home'}.json`), JSON.stringify(lhr))
        writeFileSync(join(reports, `${route.replace(/\W+/g, '_') || 'home'}.trace.json`), JSON.stringify(trace))
      }
      if (process.env.BENCH_VERBOSE) {
        for (const audit of Object.values(lhr.audits)) {
          if (
            audit.score !== null &&
            audit.score < 1 &&
            audit.scoreDisplayMode !== 'informative' &&
            audit.scoreDisplayMode !== 'manual'
          ) {
            console.error(`  ${route} ${audit.id}: ${String(audit.score)} ${audit.displayValue ?? ''}`)
          }
        }
      }
      const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
      figures.push({
        bench: 'lighthouse',
        route,
        performance: median.performance,
        // Accessibility and best practices do not depend on speed: the worst run is reported.
        accessibility: Math.min(...measured.map((m) => score(m.lhr.categories.accessibility?.score))),
        best_practices: Math.min(...measured.map((m) => score(m.lhr.categories['best-practices']?.score))),
        installable: installErrors.length === 0,
        benchmark_index: median.index,
        cpu_slowdown: median.cpuSlowdown,
        runs,
        performance_runs: measured.map((m) => m.performance),
        fcp_ms: Math.round(metric('first-contentful-paint')),
        lcp_ms: Math.round(metric('largest-contentful-paint')),
        tbt_ms: Math.round(metric('total-blocking-time')),
        cls: Math.round(metric('cumulative-layout-shift') * 1000) / 1000,
      })
    }
  } finally {
    chrome.kill()
    await server.stop()
  }
  return figures
}
