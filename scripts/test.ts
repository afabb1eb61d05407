// `npm test`: every suite, nothing skipped. Unit, component and server tests (Vitest; the server
// suite on embedded PGlite and on real PostgreSQL), then the browser end-to-end tests (Playwright
// on Debian's Chromium). When TEST_DATABASE_URL is not set, a throwaway PostgreSQL cluster is
// started for the run and removed afterwards. A suite that was skipped fails the run.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number =>
  spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1

function fail(message: string): never {
  console.error(`\n✗ ${message}`)
  process.exit(1)
}

// 1. System packages (Chromium, PostgreSQL) come from Debian, installed if missing.
if (!existsSync('/usr/bin/chromium') || !existsSync('/usr/lib/postgresql')) {
  if (run('bash', ['scripts/ensure-system-deps.sh']) !== 0) {
    fail(
      'Chromium and PostgreSQL are needed for the browser and PostgreSQL suites: apt-get install chromium postgresql',
    )
  }
}

// 2. Real PostgreSQL for the second server run.
let pgDir: string | undefined
let databaseUrl = process.env.TEST_DATABASE_URL
if (!databaseUrl) {
  pgDir = mkdtempSync(join(tmpdir(), 'zk-pg-'))
  const port = String(55_000 + (process.pid % 1000))
  const started = spawnSync('bash', ['scripts/pg-throwaway.sh', 'start', pgDir, port], { encoding: 'utf8' })
  if (started.status !== 0) fail(`could not start a throwaway PostgreSQL: ${started.stderr}`)
  databaseUrl = started.stdout.trim()
}
const stopPg = () => {
  if (pgDir) spawnSync('bash', ['scripts/pg-throwaway.sh', 'stop', pgDir])
}
process.on('exit', stopPg)

interface VitestReport {
  numTotalTests: number
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
}

let status = 0
try {
  // 3. Content and the built app are inputs of the server and browser suites.
  if (run('npm', ['run', '--silent', 'content:build']) !== 0) fail('content build failed')
  if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) fail('vite build failed')

  // 4. Vitest: shared, client and server on PGlite; then the server suite again on PostgreSQL.
  const vitestEnv = { ...process.env, TEST_DATABASE_URL: databaseUrl }
  const suites = [
    { label: 'unit, component and server (PGlite)', projects: ['shared', 'client', 'server-pglite'] },
    { label: 'server (PostgreSQL)', projects: ['server-postgres'] },
  ]
  let passed = 0
  let failed = 0
  for (const [i, suite] of suites.entries()) {
    const out = `test-results/vitest-${i}.json`
    const args = [
      'vitest',
      'run',
      ...suite.projects.map((p) => `--project=${p}`),
      '--reporter=default',
      `--reporter=json`,
      `--outputFile=${out}`,
    ]
    status = run('npx', args, vitestEnv) || status
    const report = JSON.parse(readFileSync(out, 'utf8')) as VitestReport
    passed += report.numPassedTests
    failed += report.numFailedTests
    const skipped = report.numPendingTests + report.numTodoTests
    if (skipped > 0) fail(`${skipped} tests were skipped in the ${suite.label} suite`)
    if (report.numTotalTests === 0) fail(`the ${suite.label} suite ran no test`)
  }

  // 5. Browser end-to-end tests (they start the app themselves, on a temp data dir).
  status = run('npx', ['playwright', 'test']) || status
  const e2e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8')) as {
    stats: { expected: number; skipped: number; unexpected: number; flaky: number }
  }
  if (e2e.stats.skipped > 0) fail(`${e2e.stats.skipped} browser tests were skipped`)
  if (e2e.stats.expected + e2e.stats.unexpected === 0) fail('no browser test ran')
  passed += e2e.stats.expected
  failed += e2e.stats.unexpected

  console.log(`\nAll suites: unit + component + server on PGlite and PostgreSQL + browser.`)
  console.log(`${passed} passed, ${failed} failed`)
  if (failed > 0) status ||= 1
} finally {
  stopPg()
  if (pgDir) rmSync(pgDir, { recursive: true, force: true })
}
process.exit(status)
