// Size of what the first screen needs: the JS and CSS that index.html loads (entry script,
// modulepreloads, stylesheets), gzip level 9, from the production build in dist/.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface BundleFigure {
  bench: 'bundle'
  first_screen_gzip_kb: number
  budget_kb: number
  files: number
}

export function measureFirstScreen(distDir = 'dist'): BundleFigure {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const refs = new Set<string>()
  for (const match of html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="(\/[^"]+\.(?:js|css))"/g))
    refs.add(match[1]!)
  let bytes = 0
  for (const ref of refs) bytes += gzipSync(readFileSync(join(distDir, ref)), { level: 9 }).length
  const budget = (JSON.parse(readFileSync('bench/budgets.json', 'utf8')) as { first_screen_gzip_kb: number })
    .first_screen_gzip_kb
  return {
    bench: 'bundle',
    first_screen_gzip_kb: Math.round((bytes / 1024) * 10) / 10,
    budget_kb: budget,
    files: refs.size,
  }
}
