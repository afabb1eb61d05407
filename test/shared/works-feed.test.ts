import { describe, expect, it } from 'vitest'
import { applyWorksFeed, changedMediaUrls, EMPTY_WORKS_COPY } from '../../src/shared/domain/works-feed.ts'
import { markdownMediaIds, markdownProblems, webVttProblem } from '../../src/shared/domain/work-markdown.ts'
import type { PublishedWork } from '../../src/shared/index.ts'

const work = (id: string, published: string, extra: Partial<PublishedWork> = {}): PublishedWork => ({
  id,
  type: 'article',
  title: { zh: id, en: id },
  summary: { zh: '摘要', en: '摘要' },
  topics: [],
  bases: [],
  themeDays: [],
  sources: [],
  published,
  version: 1,
  body: '',
  media: null,
  pictures: null,
  book: null,
  credits: [],
  licence: null,
  origin: 'app',
  ...extra,
})

describe('a phone’s copy of the works feed', () => {
  const full = applyWorksFeed(EMPTY_WORKS_COPY, {
    version: 5,
    full: true,
    works: [work('a', '2026-01-01'), work('b', '2026-02-01')],
    removed: ['old-content-work'],
  })

  it('takes a full answer whole, newest first', () => {
    expect(full).toEqual({
      version: 5,
      works: [work('b', '2026-02-01'), work('a', '2026-01-01')],
      removed: ['old-content-work'],
    })
  })

  it('replaces changed works, adds new ones and hides removed ones from a delta', () => {
    const next = applyWorksFeed(full, {
      version: 8,
      full: false,
      works: [work('a', '2026-01-01', { version: 3, title: { zh: '改过', en: 'edited' } }), work('c', '2026-03-01')],
      removed: ['b'],
    })
    expect(next.version).toBe(8)
    expect(next.works.map((w) => [w.id, w.version])).toEqual([
      ['c', 1],
      ['a', 3],
    ])
    expect(next.removed).toEqual(['old-content-work', 'b'])
  })

  it('shows a work again when it is published after being removed', () => {
    const hidden = applyWorksFeed(full, { version: 6, full: false, works: [], removed: ['a'] })
    const back = applyWorksFeed(hidden, { version: 7, full: false, works: [work('a', '2026-01-01')], removed: [] })
    expect(back.removed).toEqual(['old-content-work'])
    expect(back.works.map((w) => w.id)).toContain('a')
  })

  it('fetches saved media again only when its URL changed', () => {
    const media = {
      url: '/api/media/1/v.mp4',
      mime: 'video/mp4',
      bytes: 1,
      durationS: 1,
      captions: null,
      captionsUrl: null,
      posterUrl: '/api/media/2/p.jpg',
    }
    const before = work('v', '2026-01-01', { media })
    expect(changedMediaUrls(before, work('v', '2026-01-01', { media, title: { zh: '新标题', en: 'x' } }))).toEqual([])
    expect(
      changedMediaUrls(before, work('v', '2026-01-01', { media: { ...media, url: '/api/media/3/v.mp4' } })),
    ).toEqual(['/api/media/3/v.mp4'])
  })
})

describe('what an editor’s Markdown may hold', () => {
  it.each([
    ['<script>alert(1)</script>', 1],
    ['<!-- hidden -->', 1],
    ['[x](javascript:alert(1))', 2],
    ['![p](http://example.com/p.png)', 1],
    ['![p](data:image/png;base64,AAAA)', 2],
    ['a < b and 3<4', 0],
    ['![黑土](/api/media/0b0c6a8e-2f7c-4e47-9a6e-0a5f1d2c3b4a/photo-1280.jpeg "标题")', 0],
    ['[来源](https://www.mnr.gov.cn/)', 0],
  ])('%s → %i problem(s)', (body, n) => {
    expect(markdownProblems(body)).toHaveLength(n)
  })

  it('names the uploads an article shows', () => {
    expect(
      markdownMediaIds('![a](/api/media/0B0C6A8E-2F7C-4E47-9A6E-0A5F1D2C3B4A/a.jpg) ![b](/media/works/x.jpg)'),
    ).toEqual(['0b0c6a8e-2f7c-4e47-9a6e-0a5f1d2c3b4a'])
  })

  it('takes WebVTT with cue tags and refuses anything else', () => {
    expect(webVttProblem('WEBVTT\n\n00:00.000 --> 00:01.000\n<v 讲解员>大家好</v>')).toBeNull()
    expect(webVttProblem('1\n00:00:00,000 --> 00:00:01,000\nSRT')).not.toBeNull()
    expect(webVttProblem('WEBVTT\n\n00:00.000 --> 00:01.000\n<img src=x>')).not.toBeNull()
  })
})
