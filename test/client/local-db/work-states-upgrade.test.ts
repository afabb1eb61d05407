import Dexie from 'dexie'
import { createPinia, setActivePinia } from 'pinia'
import { beforeAll, describe, expect, it } from 'vitest'
import { listWorkStates } from '../../../src/client/local-db/works.ts'
import { useLibraryStore } from '../../../src/client/works/library-store.ts'

/** The app's IndexedDB as a phone with version 5 of the app left it, holding `rows` in `workStates`. */
async function phoneAtVersion5(rows: object[]): Promise<void> {
  const old = new Dexie('ziran-kepu')
  old.version(1).stores({ visits: 'baseId, visitedAt', savedAreas: 'id, createdAt' })
  old.version(2).stores({ workStates: 'workId, openedAt, favouritedAt', savedWorks: 'workId, savedAt' })
  old.version(3).stores({ syncRecords: 'id, [accountId+state], [baseId+kind], state, updatedAt', syncMeta: 'key' })
  old.version(4).stores({ notices: 'id, sent' })
  old
    .version(5)
    .stores({ savedRegistrations: 'id, accountId', savedVisits: 'accountId', eventRosters: 'eventId, baseId' })
  await old.table('workStates').bulkPut(rows)
  old.close()
}

describe('a phone that saved playback positions before they were renamed', () => {
  beforeAll(async () => {
    // Nothing in this file has opened the app's database yet: the next read opens it at version 6.
    await phoneAtVersion5([
      { workId: 'landslide-video', positionS: 42, openedAt: '2026-05-01T08:00:00.000Z' },
      {
        workId: 'karst-article',
        readFraction: 0.5,
        favouritedAt: '2026-05-02T08:00:00.000Z',
        openedAt: '2026-05-02T08:00:00.000Z',
      },
    ])
  })

  it('keeps each saved position, under its new name', async () => {
    const states = await listWorkStates()
    expect(states).toEqual([
      {
        workId: 'karst-article',
        readFraction: 0.5,
        favouritedAt: '2026-05-02T08:00:00.000Z',
        openedAt: '2026-05-02T08:00:00.000Z',
      },
      { workId: 'landslide-video', playbackSeconds: 42, openedAt: '2026-05-01T08:00:00.000Z' },
    ])
  })

  it('still offers the half-watched video under "continue"', async () => {
    setActivePinia(createPinia())
    const library = useLibraryStore()
    await library.load()
    expect(library.states.get('landslide-video')?.playbackSeconds).toBe(42)
    expect(library.continueIds).toEqual(['karst-article', 'landslide-video'])
  })
})
