// Refuses a build whose service worker would leave out a file the app needs offline. Workbox only
// warns when a file is over `maximumFileSizeToCacheInBytes` or outside the glob patterns, and the
// build goes on: the works search index crossed 5 MB that way near 500 works, and offline search
// would have stopped with nothing but a line in the build log. After vite-plugin-pwa has written
// the worker, this reads its precache manifest and fails the build, naming each file of the
// output (scripts, styles, pages, content chunks, the search index's segments) that is missing.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Plugin } from 'vite'

/** What the app fetches for itself and so must be precached: not media (saved on demand), not source maps or compressed copies. */
const OFFLINE_FILE = /\.(?:js|css|html|svg|png|webmanifest|json|woff2)$/
const NOT_PRECACHED = [/^sw\.js$/, /^media\//, /\.map$/, /\.(?:br|gz)$/]

function* files(dir: string, root = dir): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path, root)
    else yield relative(root, path).replaceAll('\\', '/')
  }
}

/** The URLs in a built worker's precache manifest (`{"revision":…,"url":"…"}` entries). */
export function precacheUrls(swSource: string): Set<string> {
  return new Set([...swSource.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!))
}

/** Files of the build the app needs offline that the worker's manifest does not list, each with its size. */
export function unprecachedFiles(outDir: string, swFile = 'sw.js'): { file: string; bytes: number }[] {
  const listed = precacheUrls(readFileSync(join(outDir, swFile), 'utf8'))
  if (listed.size === 0) throw new Error(`${swFile} has no precache manifest`)
  return [...files(outDir)]
    .filter((file) => OFFLINE_FILE.test(file) && !NOT_PRECACHED.some((re) => re.test(file)) && !listed.has(file))
    .map((file) => ({ file, bytes: statSync(join(outDir, file)).size }))
}

export function precacheCheck(): Plugin {
  let outDir = 'dist'
  return {
    name: 'zk-precache-check',
    apply: 'build',
    enforce: 'post',
    configResolved: (config) => {
      outDir = config.build.outDir
    },
    // After vite-plugin-pwa's closeBundle, which writes the manifest into sw.js.
    closeBundle: {
      order: 'post',
      sequential: true,
      handler: () => {
        const missing = unprecachedFiles(outDir)
        if (missing.length === 0) return
        throw new Error(
          `The service worker would not precache ${String(missing.length)} file(s) the app needs offline ` +
            `(over injectManifest.maximumFileSizeToCacheInBytes in vite.config.ts, or outside its globPatterns):\n` +
            missing.map((m) => `  ${m.file} (${String(Math.round(m.bytes / 1024))} KB)`).join('\n'),
        )
      },
    },
  }
}
