import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/server/app.ts'
import { seededDatabase, type TestApp } from './test-app.ts'

/** A TestApp whose Fastify instance can be closed and rebuilt on the same database (a server restart). */
export interface RestartableApp extends TestApp {
  /** Closes the app (in-flight state, caches, hooks) and builds a new one on the same, still open, database. */
  restart(): Promise<void>
  /** How many times the app was rebuilt. */
  readonly restarts: number
}

/** Like buildTestApp(), plus `restart()`. `app` always names the current instance. */
export async function buildRestartableApp(env: Record<string, string> = {}): Promise<RestartableApp> {
  const { database, content, config, drop } = await seededDatabase(env)
  const start = async (): Promise<FastifyInstance> => {
    const app = await buildApp(config, { db: database.db, content })
    await app.ready()
    return app
  }
  let app = await start()
  let restarts = 0
  return {
    get app() {
      return app
    },
    get restarts() {
      return restarts
    },
    database,
    config,
    async restart() {
      await app.close()
      app = await start()
      restarts += 1
    },
    async close() {
      await app.close()
      await database.close()
      await drop()
    },
  }
}
