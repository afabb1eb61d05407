// `npm run restore -- <file> [--replace]`: a backup from `npm run backup` into the configured
// database. PostgreSQL: in one transaction, replacing what the dump holds. Embedded database: stop
// the server; DATA_DIR must be empty unless --replace (the old data directory is kept, renamed).
import { ConfigError, loadConfig } from '../src/server/config.ts'
import { BackupError, restoreDatabase } from '../src/server/db/backup.ts'
import { targetFromConfig } from '../src/server/db/connect.ts'

const args = process.argv.slice(2)
const file = args.find((a) => !a.startsWith('-'))
if (!file || args.some((a) => a.startsWith('-') && a !== '--replace')) {
  console.error('usage: npm run restore -- <file> [--replace]')
  process.exit(2)
}
try {
  const target = targetFromConfig(loadConfig())
  const { keptAs } = await restoreDatabase(target, file, { replace: args.includes('--replace') })
  console.log(
    `Restored ${file} into the ${target.driver === 'postgres' ? 'PostgreSQL' : 'embedded'} database${keptAs ? ` (the previous one is kept in ${keptAs})` : ''}`,
  )
} catch (error) {
  if (error instanceof ConfigError || error instanceof BackupError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
