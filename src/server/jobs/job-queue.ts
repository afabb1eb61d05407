import pg from 'pg'
import PgBoss from 'pg-boss'
import type { QueueConnection } from '../db/connect.ts'

/*
 * pg-boss keeps its jobs as rows in the app's own database (schema `pgboss`, created and migrated
 * by pg-boss itself, not by our Drizzle migrations), so queued work survives a restart and
 * several instances on one PostgreSQL share the queue. On PGlite, pg-boss runs through the same
 * embedded instance as the app: calls without parameters carry several statements, which PGlite's
 * `query` refuses and only `exec` accepts.
 */

export interface JobQueue {
  readonly boss: PgBoss
  /**
   * Stops fetching, waits up to `graceful` ms for running handlers (pg-boss fails whatever is
   * still running then, which makes it a retry), and waits for the queue's last statements, so
   * the database can be closed right after.
   */
  stop(graceful?: number): Promise<void>
}

export interface JobQueueOptions {
  /** pg-boss reports errors of its own loops here (an EventEmitter error without a listener would crash the process). */
  onError(error: Error): void
}

export async function startJobQueue(connection: QueueConnection, options: JobQueueOptions): Promise<JobQueue> {
  // Every statement pg-boss sends is tracked: it completes jobs without awaiting, and a statement
  // still running when the app closes the database would fail after the test or the server ended.
  const inFlight = new Set<Promise<unknown>>()
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p)).catch(() => {})
    return p
  }
  let closeConnection: () => Promise<void>
  let db: PgBoss.Db
  if (connection.driver === 'pglite') {
    const client = connection.client
    db = {
      executeSql: (text, values) =>
        track(
          values?.length
            ? client.query(text, values).then((r) => ({ rows: r.rows }))
            : client.exec(text).then((results) => ({ rows: results.at(-1)?.rows ?? [] })),
        ),
    }
    closeConnection = async () => {} // the app's database: the app closes it
  } else {
    // A small pool of its own: workers poll while requests use the app's pool.
    const pool = new pg.Pool({ connectionString: connection.url, max: 3, application_name: 'ziran-kepu-jobs' })
    pool.on('error', (error) => {
      options.onError(error)
    })
    db = { executeSql: (text, values) => track(pool.query(text, values)) }
    closeConnection = () => pool.end()
  }

  const boss = new PgBoss({
    db,
    // Maintenance fails jobs whose handler died with the process (expireInSeconds) and deletes old ones.
    supervise: true,
    // No cron schedules: the timekeeper would only add polling.
    schedule: false,
  })
  boss.on('error', (error: Error) => {
    options.onError(error)
  })
  await boss.start()

  let stopped: Promise<void> | undefined
  return {
    boss,
    stop(graceful = 5000) {
      stopped ??= (async () => {
        await boss.stop({ graceful: true, wait: true, timeout: graceful, close: false })
        while (inFlight.size > 0) await Promise.allSettled([...inFlight])
        await closeConnection()
      })()
      return stopped
    },
  }
}
