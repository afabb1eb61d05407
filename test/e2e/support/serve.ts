// Starts the app for the browser tests exactly as `npm start` does, on a fresh embedded
// database, after creating the admin the tests sign in with (through the real CLI script).
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const dataDir = process.env.DATA_DIR
if (!dataDir) throw new Error('DATA_DIR must be set for the e2e server')
rmSync(dataDir, { recursive: true, force: true })

const admin = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    'scripts/create-admin.ts',
    '--username',
    process.env.ZK_ADMIN_USERNAME ?? 'e2e-admin',
    '--display-name',
    '测试管理员',
  ],
  { stdio: 'inherit', env: process.env },
)
if (admin.status !== 0) process.exit(admin.status ?? 1)

await import('../../../scripts/start-app.ts')
