import { eventDoc } from '../../shared/domain/library-docs.ts'
import {
  buildSegment,
  loadSegment,
  searchLibrary,
  type LibrarySearchOptions,
  type LibrarySegment,
  type LibraryResults,
} from '../../shared/domain/library-index.ts'
import type { PublicEvent } from '../../shared/index.ts'

/**
 * The library search on the phone, with no network: the content build's segments
 * (generated/content/search/*.json) ship as lazy chunks that the service worker precaches, one
 * file per segment, so an update fetches only the segments that changed. Events are indexed here
 * from the calendar's saved copy (without pinyin: the phone has no dictionary). Experts are
 * online only until the phone keeps them.
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

/** Loads the shipped segments ahead of the first search (say, when a search box gets focus). */
export async function preloadLibrarySearch(): Promise<void> {
  await loadContentSegments()
}

/** Searches what the phone has: the shipped content, and `events` (the calendar's list) when given. */
export async function searchLibraryOffline(
  query: string,
  options: LibrarySearchOptions & { events?: readonly PublicEvent[] | null } = {},
): Promise<LibraryResults> {
  const segments = [...(await loadContentSegments())]
  const events = options.events ? eventsSegment(options.events) : null
  if (events) segments.push(events)
  return searchLibrary(segments, query, options)
}
