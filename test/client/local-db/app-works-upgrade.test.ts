import Dexie from 'dexie'
import { beforeAll, describe, expect, it } from 'vitest'
import { listBaseCopies, getBaseChangesCursor } from '../../../src/client/local-db/base-copies.ts'
import { getWorksCopy, putWorksCopy } from '../../../src/client/local-db/works-copies.ts'
import { EMPTY_WORKS_COPY } from '../../../src/shared/domain/works-feed.ts'
import type { PublishedWork } from '../../../src/shared/schemas/work-edit.ts'

/** The app's IndexedDB as a phone with version 8 of the app left it: a kept base and the bases' cursor. */
async function phoneAtVersion8(): Promise<void> {
  const old = new Dexie('ziran-kepu')
  old.version(1).stores({ visits: 'baseId, visitedAt', savedAreas: 'id, createdAt' })
  old.version(2).stores({ workStates: 'workId, openedAt, favouritedAt', savedWorks: 'workId, savedAt' })
  old.version(3).stores({ syncRecords: 'id, [accountId+state], [baseId+kind], state, updatedAt', syncMeta: 'key' })
  old.version(4).stores({ notices: 'id, sent' })
  old
    .version(5)
    .stores({ savedRegistrations: 'id, accountId', savedVisits: 'accountId', eventRosters: 'eventId, baseId' })
  old.version(7).stores({ expertLists: 'key', expertPages: 'id, savedAt' })
  old.version(8).stores({ baseCopies: 'id, fetchedAt, *areaIds', basePhotos: 'mediaId' })
  await old.table('baseCopies').put({ id: 'xixi-wetland', base: { id: 'xixi-wetland' }, fetchedAt: null, areaIds: [] })
  await old.table('syncMeta').put({ key: 'bases:changes-cursor', value: '2026-12-01T00:00:00.000Z' })
  old.close()
}

const work = (id: string): PublishedWork => ({
  id,
  type: 'article',
  title: { zh: '候鸟驿站', en: 'A stop for birds' },
  summary: { zh: '短文', en: 'A short piece' },
  topics: ['farmland'],
  bases: [],
  themeDays: [],
  sources: ['recalled'],
  published: '2026-12-01',
  version: 1,
  body: '候鸟在湿地歇脚。',
  media: null,
  pictures: null,
  book: null,
  credits: [],
  licence: null,
  origin: 'app',
})

describe('a phone that kept bases before works came from the server (version 9)', () => {
  beforeAll(async () => {
    // Nothing in this file has opened the app's database yet: the next read opens it at version 9.
    await phoneAtVersion8()
  })

  it('keeps its bases and starts with no works copy', async () => {
    expect((await listBaseCopies()).map((c) => c.id)).toEqual(['xixi-wetland'])
    expect(await getBaseChangesCursor()).toBe('2026-12-01T00:00:00.000Z')
    expect(await getWorksCopy()).toEqual(EMPTY_WORKS_COPY)
  })

  it('keeps a works copy whole, and drops the works a later copy no longer has', async () => {
    await putWorksCopy({ version: 3, works: [work('a'), work('b')], removed: ['old'] })
    expect(await getWorksCopy()).toEqual({ version: 3, works: [work('a'), work('b')], removed: ['old'] })
    await putWorksCopy({ version: 4, works: [work('b')], removed: ['a', 'old'] })
    expect(await getWorksCopy()).toEqual({ version: 4, works: [work('b')], removed: ['a', 'old'] })
  })
})
