// The real server for the benches that measure it from outside (lighthouse, api-load, soak): started
// exactly as `npm start` starts it (scripts/start-app.ts builds the PWA when it is missing or stale,
// migrates and seeds), in its own process so that the load tool or the browser does not share its
// event loop, on a throwaway embedded database (or the PostgreSQL database a bench passes), and
// stopped (data directory removed) afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/server/config.ts'
import { prepareDatabase, type PreparedDatabase } from '../src/server/prepare-database.ts'

export interface RealServer {
  origin: string
  /** The server process (its memory is in /proc/<pid>/status). */
  pid: number
  stop: () => Promise<void>
}

/** Bench servers listen on a free port in 8300–8399 (BENCH_PORT to choose one). */
async function freePort(): Promise<number> {
  if (process.env.BENCH_PORT) return Number(process.env.BENCH_PORT)
  for (let port = 8300; port <= 8399; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('bench: no free port in 8300–8399 (set BENCH_PORT)')
}

async function waitForHealth(origin: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 180_000 // a stale build runs first
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bench: the server exited (${String(child.exitCode)}):\n${output()}`)
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`bench: the server did not answer /api/health within 180 s:\n${output()}`)
}

/**
 * Starts `npm start`'s script on a fresh data directory. `setUp` runs first on that database
 * (migrated and seeded), e.g. to create the accounts a bench signs in with. `extraEnv` adds to or
 * overrides the server's environment (`DATABASE_URL` for PostgreSQL, `TRUST_PROXY`, …).
 */
export async function startRealServer(
  setUp?: (prepared: PreparedDatabase) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<RealServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zk-bench-data-'))
  const port = await freePort()
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    ...extraEnv,
  }
  if (setUp) {
    const prepared = await prepareDatabase(loadConfig(env))
    try {
      await setUp(prepared)
    } finally {
      await prepared.close()
    }
  }
  let log = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-app.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => {
    log += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString()
  })
  const origin = `http://127.0.0.1:${String(port)}`
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForHealth(origin, child, () => log)
  } catch (error) {
    await stop()
    throw error
  }
  return { origin, pid: child.pid!, stop }
}
