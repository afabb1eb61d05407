import { buildApp, type AppDeps } from './app.ts'
import type { AppConfig } from './config.ts'

/** Listens, and closes gracefully on SIGINT/SIGTERM (in-flight requests finish, then the database). */
export async function serve(config: AppConfig, deps: AppDeps, close: () => Promise<void>): Promise<void> {
  const app = await buildApp(config, deps)
  await app.listen({ port: config.port, host: config.host })
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info(`${signal}: closing`)
    void app
      .close()
      .then(close)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error)
          process.exit(1)
        },
      )
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
}
