import type { AppConfig } from './config.ts'
import { readBuiltContent, type BuiltContent } from './content/built-content.ts'
import { openDatabase, targetFromConfig, type OpenDatabase } from './db/connect.ts'
import { seedBases, seedExperts } from './db/seed.ts'
import { seedWorks } from './db/seed-works.ts'

export interface PreparedDatabase extends OpenDatabase {
  content: BuiltContent
}

/** Opens the configured database, runs migrations and seeds the bases from the built content. */
export async function prepareDatabase(config: AppConfig): Promise<PreparedDatabase> {
  const content = await readBuiltContent(config.contentDir)
  const database = await openDatabase(targetFromConfig(config))
  try {
    await database.migrate()
    await seedBases(database.db, content.bases)
    await seedExperts(database.db, content.expertBatches)
    await seedWorks(database.db, content.works)
  } catch (error) {
    await database.close()
    throw error
  }
  return { ...database, content }
}
