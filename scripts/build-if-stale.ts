// Builds what is missing or older than its sources: the content (generated/content/), then the
// PWA (into `staticDir`). `npm start` calls it before serving and `npm run bench` before measuring
// the build, so both work on a fresh clone.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Newest modification time of a file or of any file under a folder. */
function newest(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs)
}

/**
 * `log`: where the builds' progress goes; the benches print their figures on stdout, one JSON
 * object a line, so they send it to stderr.
 */
export function buildIfStale(staticDir: string, log: 'stdout' | 'stderr' = 'stdout'): void {
  const run = (label: string, command: string, args: string[]) => {
    if (log === 'stdout') console.log(`▸ ${label}`)
    else console.error(`▸ ${label}`)
    const result = spawnSync(command, args, {
      stdio: ['inherit', log === 'stdout' ? 'inherit' : process.stderr, 'inherit'],
    })
    if (result.status !== 0) process.exit(result.status ?? 1)
  }
  const builtContent = join('generated', 'content', 'bases.json')
  if (newest(builtContent) < newest('content'))
    run('building content', process.execPath, ['--import', 'tsx', 'scripts/build-content.ts'])
  const inputs = ['src/client', 'src/shared', 'index.html', 'vite.config.ts', 'public', 'generated/content'].map(newest)
  if (newest(join(staticDir, 'index.html')) < Math.max(...inputs))
    run('building the web app', process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])
}
