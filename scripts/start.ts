// `npm start`: builds what is missing or stale (content, then the PWA), migrates and seeds the
// database, prints the first-start setup link when there is no admin yet, and serves the API and
// the PWA on one port. SKIP_BUILD=1 skips the build checks.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, loadConfig } from '../src/server/config.ts'
import { DatabaseConnectError } from '../src/server/db/connect.ts'
import { prepare } from '../src/server/boot.ts'
import { serve } from '../src/server/main.ts'
import { issueSetupToken } from '../src/server/services/setup-service.ts'

/** Newest modification time of a file or of any file under a folder. */
function newest(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs)
}

function run(label: string, command: string, args: string[]): void {
  console.log(`▸ ${label}`)
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

try {
  const config = loadConfig()
  if (process.env.SKIP_BUILD !== '1') {
    const builtContent = join('generated', 'content', 'bases.json')
    if (newest(builtContent) < newest('content')) run('building content', process.execPath, ['--import', 'tsx', 'scripts/build-content.ts'])
    const inputs = ['src/client', 'src/shared', 'index.html', 'vite.config.ts', 'public', 'generated/content'].map(newest)
    if (newest(join(config.staticDir, 'index.html')) < Math.max(...inputs)) run('building the web app', process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'])
  }
  const prepared = await prepare(config)
  const token = await issueSetupToken(prepared.db)
  const origin = config.publicUrl ?? `http://${config.host}:${config.port}`
  if (token) {
    console.log(`\nFirst start: no admin yet. Open ${origin}/setup#token=${token} within 24 hours to create the admin account`)
    console.log('(or run `npm run create-admin`). This link is shown once; restarting prints a new one.\n')
  }
  await serve(config, prepared, () => prepared.close())
  console.log(`Ziran Kepu is ready at ${origin} (${prepared.driver === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`)
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseConnectError) {
    console.error(`\n${error.message}\n`)
    process.exit(1)
  }
  throw error
}
