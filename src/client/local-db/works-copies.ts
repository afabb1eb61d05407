import { EMPTY_WORKS_COPY, type WorksCopy } from '../../shared/domain/works-feed.ts'
import { localDb, type AppWorkCopy } from './local-db.ts'

/*
 * The phone's copy of the works published in the app (`GET /api/works`): the works in `appWorks`,
 * the feed version it holds and the ids to hide in `syncMeta`. Read and written by the works feed
 * in the API worker (works/works-feed.ts), so the 作品 tab never loads Dexie for them.
 */
const VERSION = 'works:feed-version'
const REMOVED = 'works:removed'

export async function getWorksCopy(): Promise<WorksCopy> {
  const [works, version, removed] = await Promise.all([
    localDb.appWorks.toArray(),
    localDb.syncMeta.get(VERSION),
    localDb.syncMeta.get(REMOVED),
  ])
  if (typeof version?.value !== 'number') return { ...EMPTY_WORKS_COPY, works }
  return { version: version.value, works, removed: parseIds(removed?.value) }
}

export function getAppWork(id: string): Promise<AppWorkCopy | undefined> {
  return localDb.appWorks.get(id)
}

/** Replaces the copy in one transaction, so a phone never holds half of an answer. */
export async function putWorksCopy(copy: WorksCopy): Promise<void> {
  await localDb.transaction('rw', localDb.appWorks, localDb.syncMeta, async () => {
    const keep = new Set(copy.works.map((w) => w.id))
    const gone = (await localDb.appWorks.toCollection().primaryKeys()).filter((id) => !keep.has(id))
    await localDb.appWorks.bulkDelete(gone)
    await localDb.appWorks.bulkPut(copy.works)
    await localDb.syncMeta.put({ key: VERSION, value: copy.version })
    await localDb.syncMeta.put({ key: REMOVED, value: JSON.stringify(copy.removed) })
  })
}

function parseIds(value: unknown): string[] {
  if (typeof value !== 'string') return []
  try {
    const ids: unknown = JSON.parse(value)
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}
