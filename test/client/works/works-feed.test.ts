import { beforeEach, describe, expect, it } from 'vitest'
import { localDb } from '../../../src/client/local-db/local-db.ts'
import { worksFeedHandlers } from '../../../src/client/works/works-feed.ts'
import type { PublishedWork, WorksFeed } from '../../../src/shared/schemas/work-edit.ts'
import { json, stubFetch } from '../helpers/mount-app.ts'

/*
 * The works feed in the API worker: a saved video whose text changed keeps its files; one whose
 * media changed gets only the changed file again (shared/domain/works-feed.ts changedMediaUrls).
 */

const video = (version: number, url: string): PublishedWork => ({
  id: 'app-video',
  type: 'video',
  title: { zh: '湿地的一天', en: 'A day in the wetland' },
  summary: { zh: '短片', en: 'A short film' },
  topics: ['farmland'],
  bases: [],
  themeDays: [],
  sources: ['recalled'],
  published: '2026-12-01',
  version,
  body: `第 ${String(version)} 版字幕。`,
  media: {
    url,
    mime: 'video/mp4',
    bytes: 3,
    durationS: 10,
    captions: 'WEBVTT\n\n00:00.000 --> 00:01.000\n湿地',
    captionsUrl: null,
    posterUrl: '/api/media/p/poster.jpg',
  },
  pictures: null,
  book: null,
  credits: [],
  licence: null,
  origin: 'app',
})

let answers: WorksFeed[] = []
let downloads: string[] = []

beforeEach(async () => {
  await localDb.appWorks.clear()
  await localDb.syncMeta.clear()
  await localDb.savedWorks.clear()
  downloads = []
  const file = (name: string) => () => {
    downloads.push(name)
    return new Response(new Blob([name]))
  }
  stubFetch({
    '/api/works': () => json(200, answers.shift()),
    '/api/media/v2/film.mp4': file('/api/media/v2/film.mp4'),
  })
})

describe('the works feed', () => {
  it('keeps the copy, and fetches again only the saved media whose URL changed', async () => {
    answers = [{ version: 5, full: true, works: [video(1, '/api/media/v1/film.mp4')], removed: [] }]
    const first = await worksFeedHandlers['works-refresh']({ kind: 'works-refresh' })
    expect(first.works.map((w) => w.id)).toEqual(['app-video'])
    await localDb.savedWorks.put({
      workId: 'app-video',
      files: [
        { name: '/api/media/v1/film.mp4', mime: 'video/mp4', blob: new Blob(['v1']) },
        { name: '/api/media/p/poster.jpg', mime: 'image/jpeg', blob: new Blob(['poster']) },
      ],
      bytes: 8,
      savedAt: '2026-12-01T00:00:00.000Z',
    })

    // The text changed: nothing to download.
    answers = [{ version: 6, full: false, works: [{ ...video(2, '/api/media/v1/film.mp4') }], removed: [] }]
    const second = await worksFeedHandlers['works-refresh']({ kind: 'works-refresh' })
    expect(second.works[0]?.body).toBe('第 2 版字幕。')
    expect(downloads).toEqual([])

    // The film changed: only the film comes again; the poster is kept.
    answers = [{ version: 7, full: false, works: [video(3, '/api/media/v2/film.mp4')], removed: [] }]
    await worksFeedHandlers['works-refresh']({ kind: 'works-refresh' })
    expect(downloads).toEqual(['/api/media/v2/film.mp4'])
    const saved = await localDb.savedWorks.get('app-video')
    expect(saved?.files.map((f) => f.name)).toEqual(['/api/media/v2/film.mp4', '/api/media/p/poster.jpg'])

    // Offline the kept copy answers.
    const kept = await worksFeedHandlers['works-kept']({ kind: 'works-kept' })
    expect(kept.works[0]?.version).toBe(3)
  })
})
