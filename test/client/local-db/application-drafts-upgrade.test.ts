import Dexie from 'dexie'
import { beforeAll, describe, expect, it } from 'vitest'
import { getApplicationDraft, putApplicationDraft } from '../../../src/client/local-db/application-drafts.ts'
import { getWorksCopy } from '../../../src/client/local-db/works-copies.ts'
import type { ApplicationDraftCopy } from '../../../src/client/local-db/local-db.ts'

/** The app's IndexedDB as version 9 of the app left it: a works copy kept for offline reading. */
async function phoneAtVersion9(): Promise<void> {
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
  old.version(9).stores({ appWorks: 'id' })
  await old.table('syncMeta').put({ key: 'works:feed-version', value: 7 })
  old.close()
}

describe('a phone that read works before applications were kept on it (version 10)', () => {
  beforeAll(async () => {
    await phoneAtVersion9()
  })

  it('keeps its works copy and keeps an application draft as typed', async () => {
    expect((await getWorksCopy()).version).toBe(7)
    expect(await getApplicationDraft('a1')).toBeUndefined()
    const copy = {
      id: 'a1',
      form: { plans: '半截的计划', conditions: { years: [{ year: 2025, visitors: null, activities: 3 }] } },
      attachments: [],
      editedAt: '2026-12-07T08:00:00.000Z',
      server: { id: 'a1', version: 1 },
      call: { id: 'c1' },
    } as unknown as ApplicationDraftCopy
    await putApplicationDraft(copy)
    expect(await getApplicationDraft('a1')).toEqual(copy)
  })
})
