// `npm run backup -- <file>`: the configured database (DATABASE_URL, else the PGlite data directory
// in DATA_DIR) into one file. Embedded database: stop the server first. See docs/deploy.md.
import { ConfigError, loadConfig } from '../src/server/config.ts'
import { backupDatabase, BackupError } from '../src/server/db/backup.ts'
import { targetFromConfig } from '../src/server/db/connect.ts'

const file = process.argv[2]
if (!file || file.startsWith('-')) {
  console.error(
    'usage: npm run backup -- <file>   (PostgreSQL: pg_dump custom format; embedded database: a .tar.gz of its data directory)',
  )
  process.exit(2)
}
try {
  const target = targetFromConfig(loadConfig())
  const { bytes } = await backupDatabase(target, file)
  console.log(
    `Backed up the ${target.driver === 'postgres' ? 'PostgreSQL' : 'embedded'} database to ${file} (${(bytes / 1024).toFixed(0)} KiB)`,
  )
} catch (error) {
  if (error instanceof ConfigError || error instanceof BackupError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
