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
  testResults: {
    name: string
    status: string
    message?: string
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[]
  }[]
}

// CI shows only the end of the log: the names of what failed are printed again last.
const failures: string[] = []
// (colour codes in the reporters' messages are dropped)
const firstLine = (text: string | undefined) =>
  (
    (text ?? '')
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim()) ?? ''
  ).trim()

interface PlaywrightSuite {
  title: string
  file?: string
  suites?: PlaywrightSuite[]
  specs?: { title: string; ok: boolean; tests: { results: { error?: { message?: string } }[] }[] }[]
}
function collectPlaywrightFailures(suites: PlaywrightSuite[], titles: string[]): void {
  for (const s of suites) {
    const path = s.file && !titles.length ? [s.file] : [...titles, s.title]
    for (const spec of s.specs ?? []) {
      if (spec.ok) continue
      const error = spec.tests.flatMap((t) => t.results).find((r) => r.error)?.error?.message
      failures.push(`browser · ${[...path, spec.title].join(' › ')}\n      ${firstLine(error)}`)
    }
    collectPlaywrightFailures(s.suites ?? [], path)
  }
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
    for (const file of report.testResults) {
      const where = file.name.replace(`${process.cwd()}/`, '')
      const failedTests = file.assertionResults.filter((t) => t.status === 'failed')
      for (const t of failedTests) {
        failures.push(`${suite.label} · ${where} › ${t.fullName}\n      ${firstLine(t.failureMessages?.[0])}`)
      }
      if (file.status === 'failed' && failedTests.length === 0) {
        failures.push(`${suite.label} · ${where} (the file failed to run)\n      ${firstLine(file.message)}`)
      }
    }
    const skipped = report.numPendingTests + report.numTodoTests
    if (skipped > 0) fail(`${skipped} tests were skipped in the ${suite.label} suite`)
    if (report.numTotalTests === 0) fail(`the ${suite.label} suite ran no test`)
  }

  // 5. Browser end-to-end tests (they start the app themselves, on a temp data dir).
  status = run('npx', ['playwright', 'test']) || status
  const e2e = JSON.parse(readFileSync('test-results/e2e.json', 'utf8')) as {
    stats: { expected: number; skipped: number; unexpected: number; flaky: number }
    suites?: PlaywrightSuite[]
  }
  collectPlaywrightFailures(e2e.suites ?? [], [])
  if (e2e.stats.skipped > 0) fail(`${e2e.stats.skipped} browser tests were skipped`)
  if (e2e.stats.expected + e2e.stats.unexpected === 0) fail('no browser test ran')
  passed += e2e.stats.expected
  failed += e2e.stats.unexpected

  console.log(`\nAll suites: unit + component + server on PGlite and PostgreSQL + browser.`)
  console.log(`${passed} passed, ${failed} failed`)
  for (const f of failures) console.log(`  ✗ ${f.slice(0, 600)}`)
  if (failed > 0) status ||= 1
} finally {
  stopPg()
  if (pgDir) rmSync(pgDir, { recursive: true, force: true })
}
process.exit(status)
