// Lighthouse (the npm package, mobile settings: Moto G Power-sized screen, simulated slow 4G and
// 4× CPU slowdown) on the built app served by the real server, in Debian's Chromium launched by
// chrome-launcher (CHROME_PATH, default /usr/bin/chromium; nothing is downloaded). One line per
// route. Lighthouse 12 has no PWA category any more, so installability is asked of Chromium itself
// through the DevTools protocol (Page.getInstallabilityErrors) on the same browser.
// BENCH_VERBOSE=1 prints every audit that did not pass to stderr.
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-core'
import { startRealServer } from './real-server.ts'

export interface LighthouseFigure {
  bench: 'lighthouse'
  route: string
  performance: number
  accessibility: number
  best_practices: number
  installable: boolean
}

/** The first screen, and the other tabs a visitor opens without signing in. */
export const LIGHTHOUSE_ROUTES = ['/', '/works', '/calendar', '/notices']

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage']

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100)

/** Chromium's own verdict: an empty list of installability errors means it offers to install. */
async function installability(cdpPort: number, url: string): Promise<string[]> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${String(cdpPort)}`)
  try {
    const context = browser.contexts()[0] ?? await browser.newContext()
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'load' })
    await page.evaluate(async () => { await navigator.serviceWorker.ready })
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    await page.close()
    return installabilityErrors.map((e) => [e.errorId, ...e.errorArguments.map((a) => `${a.name}=${a.value}`)].join(' '))
  } finally {
    await browser.close() // disconnects; chrome-launcher owns the process
  }
}

export async function measureLighthouse(routes = LIGHTHOUSE_ROUTES): Promise<LighthouseFigure[]> {
  const server = await startRealServer()
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, logLevel: 'silent' })
  const figures: LighthouseFigure[] = []
  try {
    const installErrors = await installability(chrome.port, `${server.origin}/`)
    if (installErrors.length > 0) console.error(`lighthouse: not installable: ${installErrors.join('; ')}`)
    for (const route of routes) {
      const result = await lighthouse(`${server.origin}${route}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      })
      if (!result) throw new Error(`lighthouse: no result for ${route}`)
      const { categories, audits, runtimeError } = result.lhr
      if (runtimeError) throw new Error(`lighthouse: ${route}: ${runtimeError.code} ${runtimeError.message}`)
      if (process.env.BENCH_VERBOSE) {
        for (const audit of Object.values(audits)) {
          if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'manual') {
            console.error(`  ${route} ${audit.id}: ${String(audit.score)} ${audit.displayValue ?? ''}`)
          }
        }
      }
      figures.push({
        bench: 'lighthouse',
        route,
        performance: score(categories.performance?.score),
        accessibility: score(categories.accessibility?.score),
        best_practices: score(categories['best-practices']?.score),
        installable: installErrors.length === 0,
      })
    }
  } finally {
    chrome.kill()
    await server.stop()
  }
  return figures
}
