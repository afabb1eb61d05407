import { eventDoc, expertDoc, workDoc } from '../../shared/domain/library-docs.ts'
import {
  buildSegment,
  loadSegment,
  searchLibrary,
  type LibrarySearchOptions,
  type LibrarySegment,
  type LibraryResults,
} from '../../shared/domain/library-index.ts'
import type { ExpertSummary, PublicEvent } from '../../shared/index.ts'
import type { AppWorks } from '../content/content-store.ts'

/**
 * The library search on the phone, with no network: the content build's segments
 * (generated/content/search/*.json) ship as lazy chunks that the service worker precaches, one
 * file per segment, so an update fetches only the segments that changed. Events are indexed here
 * from the calendar's saved copy (without pinyin: the phone has no dictionary), experts from the
 * experts list the phone kept (with the pinyin keys the server sent along).
 */
type JsonModule = { default: unknown }
const SEGMENT_FILES = import.meta.glob<JsonModule>('../../../generated/content/search/*.json')

let content: Promise<LibrarySegment[]> | null = null

function loadContentSegments(): Promise<LibrarySegment[]> {
  if (!content) {
    content = Promise.all(Object.values(SEGMENT_FILES).map(async (load) => loadSegment((await load()).default)))
    // A failed chunk load (say, an app update mid-session) must not stick: the next search retries.
    content.catch(() => {
      content = null
    })
  }
  return content
}

let eventsIndex: { events: readonly PublicEvent[]; segment: LibrarySegment | null } | null = null

/** The events segment, rebuilt only when the list it was built from is not the one given. */
function eventsSegment(events: readonly PublicEvent[]): LibrarySegment | null {
  if (eventsIndex?.events !== events) {
    eventsIndex = {
      events,
      segment: events.length > 0 ? loadSegment(buildSegment(events.map((e) => eventDoc(e)))) : null,
    }
  }
  return eventsIndex.segment
}

let expertsIndex: { experts: readonly ExpertSummary[]; segment: LibrarySegment | null } | null = null

/** The experts segment, rebuilt only when the list it was built from is not the one given. */
function expertsSegment(experts: readonly ExpertSummary[]): LibrarySegment | null {
  if (expertsIndex?.experts !== experts) {
    expertsIndex = {
      experts,
      segment: experts.length > 0 ? loadSegment(buildSegment(experts.map((e) => expertDoc(e)))) : null,
    }
  }
  return expertsIndex.segment
}

let appWorksIndex: { works: AppWorks; segment: LibrarySegment | null } | null = null

/** The segment of the works published in the app, rebuilt only when the phone's copy changed. */
function appWorksSegment(works: AppWorks): LibrarySegment | null {
  if (appWorksIndex?.works !== works) {
    const docs = works.works.map((w) =>
      workDoc({ ...w, body: works.texts.get(w.id)?.body ?? '' }, works.keys?.get(w.id)),
    )
    appWorksIndex = { works, segment: docs.length > 0 ? loadSegment(buildSegment(docs)) : null }
  }
  return appWorksIndex.segment
}

/** Loads the shipped segments ahead of the first search (say, when a search box gets focus). */
export async function preloadLibrarySearch(): Promise<void> {
  await loadContentSegments()
}

/**
 * Searches what the phone has: the shipped content, and `events` (the calendar's list), `experts`
 * (the experts list last opened) and `appWorks` (the works published in the app) when given. A
 * shipped work edited in the app is searched by its app text (its shipped text is passed over); one
 * the app withdrew is still in the shipped segment: the caller shows each work once, from the
 * merged works list (search/search-store.ts).
 */
export async function searchLibraryOffline(
  query: string,
  options: LibrarySearchOptions & {
    events?: readonly PublicEvent[] | null
    experts?: readonly ExpertSummary[] | null
    appWorks?: AppWorks | null
  } = {},
): Promise<LibraryResults> {
  const segments = [...(await loadContentSegments())]
  const events = options.events ? eventsSegment(options.events) : null
  if (events) segments.push(events)
  const experts = options.experts ? expertsSegment(options.experts) : null
  if (experts) segments.push(experts)
  const appWorks = options.appWorks ? appWorksSegment(options.appWorks) : null
  if (!appWorks) return searchLibrary(segments, query, options)
  segments.push(appWorks)
  // A shipped work edited in the app is found by its new text only.
  return searchLibrary(segments, query, { ...options, replaced: { by: appWorks, ids: new Set(appWorks.ids) } })
}
