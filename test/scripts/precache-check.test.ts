import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import config from '../../vite.config.ts'
import { precacheUrls, unprecachedFiles } from '../../scripts/vite-precache-check.ts'

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

/** A build output with these files, and a worker whose manifest lists `listed`. */
function build(files: Record<string, number>, listed: readonly string[]): string {
  dir = mkdtempSync(join(tmpdir(), 'zk-precache-'))
  for (const [file, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), 'x'.repeat(bytes))
  }
  const manifest = listed.map((url) => ({ revision: null, url }))
  writeFileSync(join(dir, 'sw.js'), `precacheAndRoute(${JSON.stringify(manifest)});`)
  return dir
}

describe('the build’s precache check', () => {
  it('names a search segment the worker left out (as Workbox does with one over its size limit)', () => {
    const out = build(
      {
        'index.html': 10,
        'assets/index-a1.js': 100,
        'assets/work-0123456789ab-b2.js': 6 * 1024 * 1024,
        'assets/index-a1.js.map': 10,
        'assets/index-a1.js.br': 10,
        'media/works/film.mp4': 10,
      },
      ['index.html', 'assets/index-a1.js'],
    )
    expect(unprecachedFiles(out)).toEqual([{ file: 'assets/work-0123456789ab-b2.js', bytes: 6 * 1024 * 1024 }])
  })

  it('passes a build whose every script, style, page and content chunk is precached', () => {
    const out = build({ 'index.html': 1, 'assets/a.js': 1, 'assets/a.css': 1, 'manifest.webmanifest': 1 }, [
      'index.html',
      'assets/a.js',
      'assets/a.css',
      'manifest.webmanifest',
    ])
    expect(unprecachedFiles(out)).toEqual([])
  })

  it('refuses a worker with no manifest at all', () => {
    const out = build({ 'index.html': 1 }, [])
    writeFileSync(join(out, 'sw.js'), 'self.skipWaiting()')
    expect(() => unprecachedFiles(out)).toThrow(/no precache manifest/)
  })

  it('reads the manifest vite-plugin-pwa writes', () => {
    expect([
      ...precacheUrls('x=[{"revision":"abc","url":"index.html"},{"revision":null,"url":"assets/a-1.js"}]'),
    ]).toEqual(['index.html', 'assets/a-1.js'])
  })

  it('runs in the app’s build, after the service worker is written', () => {
    const names = (config.plugins ?? []).flat(3).map((p) => (p && typeof p === 'object' && 'name' in p ? p.name : null))
    const check = names.indexOf('zk-precache-check')
    expect(check).toBeGreaterThan(names.indexOf('vite-plugin-pwa:build'))
  })
})
