// `npm start`: builds what is missing or stale (content, then the PWA), migrates and seeds the
// database, prints the first-start setup link when there is no admin yet, and serves the API and
// the PWA on one port. SKIP_BUILD=1 skips the build checks.
import { buildIfStale } from './build-if-stale.ts'
import { ConfigError, loadConfig } from '../src/server/config.ts'
import { DatabaseConnectError } from '../src/server/db/connect.ts'
import { prepareDatabase } from '../src/server/prepare-database.ts'
import { serve } from '../src/server/serve.ts'
import { issueSetupToken } from '../src/server/services/setup-service.ts'

try {
  const config = loadConfig()
  if (process.env.SKIP_BUILD !== '1') buildIfStale(config.staticDir)
  const prepared = await prepareDatabase(config)
  const token = await issueSetupToken(prepared.db)
  const origin = config.publicUrl ?? `http://${config.host}:${config.port}`
  if (token) {
    console.log(
      `\nFirst start: no admin yet. Open ${origin}/setup#token=${token} within 24 hours to create the admin account`,
    )
    console.log('(or run `npm run create-admin`). This link is shown once; restarting prints a new one.\n')
  }
  await serve(config, prepared, () => prepared.close())
  console.log(
    `Ziran Kepu is ready at ${origin} (${prepared.driver === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
  )
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseConnectError) {
    console.error(`\n${error.message}\n`)
    process.exit(1)
  }
  throw error
}
