import type { WorkSummary, WorkText } from '../../shared/index.ts'
import type { PublishedWork } from '../../shared/schemas/work-edit.ts'

/*
 * A work published in the app, in the shape the works screens draw a shipped one in: its list entry
 * and its reading text (shared/schemas/work.ts). Its media are URLs where a shipped work names a file
 * under /media/works/ (offline-works.ts `mediaUrl` passes a URL through); captions written in the
 * app come inline and are played from a `data:` URL, so they need no download of their own.
 */

type Media = NonNullable<WorkSummary['media']>

function captionsOf(media: NonNullable<PublishedWork['media']>): string {
  if (media.captionsUrl) return media.captionsUrl
  if (media.captions) return `data:text/vtt;charset=utf-8,${encodeURIComponent(media.captions)}`
  return ''
}

export function appWorkSummary(work: PublishedWork): WorkSummary {
  const summary: WorkSummary = {
    id: work.id,
    type: work.type,
    title: work.title,
    summary: work.summary,
    topics: work.topics,
    bases: work.bases,
    themeDays: work.themeDays,
    published: work.published,
  }
  if (work.media) {
    summary.media = {
      file: work.media.url,
      mime: work.media.mime as Media['mime'],
      durationS: work.media.durationS ?? 0,
      captions: captionsOf(work.media),
      ...(work.media.posterUrl ? { poster: work.media.posterUrl } : {}),
    }
    if (work.media.bytes !== null) summary.mediaBytes = work.media.bytes
  }
  if (work.pictures)
    summary.pictures = work.pictures.map((p) => ({
      file: p.url,
      alt: p.alt,
      ...(p.caption ? { caption: p.caption } : {}),
    }))
  return summary
}

export function appWorkText(work: PublishedWork): WorkText {
  const text: WorkText = { id: work.id, body: work.body, sources: work.sources }
  if (work.book) text.book = work.book
  return text
}
