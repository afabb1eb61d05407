import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { describeUrl, type DatabaseTarget } from './connect.ts'

/*
 * Backup and restore for both databases (npm run backup / restore; docs/deploy.md):
 * - PGlite: the whole data directory as one gzipped tarball (PGlite's dumpDataDir). PGlite is
 *   embedded and single-process, so the server must be stopped first: a copy taken while it
 *   writes would not be consistent.
 * - PostgreSQL: pg_dump's custom format (-Fc), restored with pg_restore; safe while the servers run
 *   (pg_dump reads one consistent snapshot).
 */

const runProgram = promisify(execFile)

export class BackupError extends Error {
  override name = 'BackupError'
}

/** Debian's PostgreSQL client tools (newest installed), or PG_BIN. pg_dump must be at least the server's version. */
export function postgresBin(tool: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_BIN) return resolve(env.PG_BIN, tool)
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(resolve(root, v, 'bin', tool)))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length === 0)
    throw new BackupError(
      `${tool} not found under ${root}: install Debian's postgresql-client, or set PG_BIN to the folder holding ${tool}`,
    )
  return resolve(root, versions[0]!, 'bin', tool)
}

const pgliteDir = (dataDir: string) => resolve(dataDir, 'pglite')

export async function backupDatabase(target: DatabaseTarget, file: string): Promise<{ bytes: number }> {
  if (target.driver === 'postgres') {
    try {
      await runProgram(postgresBin('pg_dump'), [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--file=${file}`,
        `--dbname=${target.url}`,
      ])
    } catch (error) {
      throw new BackupError(`pg_dump of ${describeUrl(target.url)} failed: ${stderrOf(error, target.url)}`)
    }
    return { bytes: readFileSync(file).byteLength }
  }
  const memory = target.dataDir.startsWith('memory://')
  if (!memory && !existsSync(resolve(pgliteDir(target.dataDir), 'PG_VERSION')))
    throw new BackupError(`no embedded database in ${pgliteDir(target.dataDir)} (check DATA_DIR)`)
  const db = await PGlite.create(memory ? target.dataDir : pgliteDir(target.dataDir))
  try {
    const tarball = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer())
    writeFileSync(file, tarball)
    return { bytes: tarball.byteLength }
  } finally {
    await db.close()
  }
}

/**
 * Restores a backup into the target. PostgreSQL: into the database the URL names, replacing the
 * objects the dump holds (one transaction: all or nothing). PGlite: into DATA_DIR/pglite, which
 * must not exist yet unless `replace` is set; the old one is then kept beside it, renamed.
 */
export async function restoreDatabase(
  target: DatabaseTarget,
  file: string,
  options: { replace?: boolean } = {},
): Promise<{ keptAs?: string }> {
  if (!existsSync(file)) throw new BackupError(`no backup file ${file}`)
  if (target.driver === 'postgres') {
    try {
      await runProgram(postgresBin('pg_restore'), [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${target.url}`,
        file,
      ])
    } catch (error) {
      throw new BackupError(`pg_restore into ${describeUrl(target.url)} failed: ${stderrOf(error, target.url)}`)
    }
    return {}
  }
  if (target.dataDir.startsWith('memory://')) throw new BackupError('cannot restore into an in-memory database')
  const dir = pgliteDir(target.dataDir)
  let keptAs: string | undefined
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!options.replace)
      throw new BackupError(
        `${dir} already holds a database: stop the server and pass --replace to restore over it (the old one is kept, renamed)`,
      )
    keptAs = `${dir}.before-restore-${new Date().toISOString().replaceAll(':', '-')}`
    renameSync(dir, keptAs)
  }
  const data = readFileSync(file)
  if (data[0] !== 0x1f || data[1] !== 0x8b) throw new BackupError(`${file} is not a PGlite backup (gzipped tarball)`)
  const db = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([data]) })
  await db.query('select 1')
  await db.close()
  return { keptAs }
}

function stderrOf(error: unknown, url: string): string {
  const text = (error as { stderr?: string }).stderr?.trim() || (error instanceof Error ? error.message : String(error))
  return text.replaceAll(url, '(DATABASE_URL)')
}
