import type { WorkPerson, WorkSummary, WorkText } from '../../shared/index.ts'
import type { PublishedWork } from '../../shared/schemas/work-edit.ts'

/*
 * A work published in the app, in the shape the works screens draw a shipped one in: its list entry
 * and its reading text (shared/schemas/work.ts). Its media are URLs where a shipped work names a file
 * under /media/works/ (offline-works.ts `mediaUrl` passes a URL through); captions written in the
 * app come inline and are played from a `data:` URL, so they need no download of their own.
 */

type Media = NonNullable<WorkSummary['media']>

/**
 * A shipped file keeps its name, so a work saved for offline before it was edited in the app
 * still plays from its saved files (they are kept by name); an upload keeps its URL.
 */
const SHIPPED = '/media/works/'
const fileOf = (url: string) => (url.startsWith(SHIPPED) ? url.slice(SHIPPED.length) : url)

function captionsOf(media: NonNullable<PublishedWork['media']>): string {
  if (media.captionsUrl) return fileOf(media.captionsUrl)
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
      file: fileOf(work.media.url),
      mime: work.media.mime as Media['mime'],
      durationS: work.media.durationS ?? 0,
      captions: captionsOf(work.media),
      ...(work.media.posterUrl ? { poster: fileOf(work.media.posterUrl) } : {}),
    }
    if (work.media.bytes !== null) summary.mediaBytes = work.media.bytes
  }
  if (work.pictures)
    summary.pictures = work.pictures.map((p) => ({
      file: fileOf(p.url),
      alt: p.alt,
      ...(p.caption ? { caption: p.caption } : {}),
    }))
  return summary
}

const PEOPLE_ROLES = new Set<string>(['author', 'entrant', 'organisation', 'award'] satisfies WorkPerson['role'][])

export function appWorkText(work: PublishedWork): WorkText {
  const text: WorkText = { id: work.id, body: work.body, sources: work.sources }
  if (work.book) text.book = work.book
  const people = work.credits.filter((c): c is WorkPerson => PEOPLE_ROLES.has(c.role))
  if (people.length) text.people = people
  if (work.licence) text.licence = work.licence
  return text
}
