import type { PublishedWork, WorksFeed } from '../schemas/work-edit.ts'
import { byCodeUnit } from './compare.ts'

/*
 * How a phone keeps its copy of GET /api/works: the first answer (no `since`) is the whole set,
 * each later one (`since` = the version it holds) only what changed. Pure, so the phone's store
 * and its tests apply the same rule.
 */

/** What a phone holds of the feed: the works beyond its release, ids it must hide, and the cursor. */
export interface WorksCopy {
  version: number
  works: PublishedWork[]
  removed: string[]
}

export const EMPTY_WORKS_COPY: WorksCopy = { version: 0, works: [], removed: [] }

/**
 * The copy after an answer: a full answer replaces it; a delta replaces changed works by id, drops
 * and hides removed ones, and un-hides a work that came back. Newest publication first.
 */
export function applyWorksFeed(copy: WorksCopy, feed: WorksFeed): WorksCopy {
  if (feed.full) return { version: feed.version, works: sortWorks(feed.works), removed: [...feed.removed] }
  const gone = new Set(feed.removed)
  const changed = new Map(feed.works.map((w) => [w.id, w]))
  const works = [...copy.works.filter((w) => !gone.has(w.id) && !changed.has(w.id)), ...feed.works]
  const removed = [...new Set([...copy.removed.filter((id) => !changed.has(id)), ...feed.removed])]
  return { version: Math.max(copy.version, feed.version), works: sortWorks(works), removed }
}

/** Which saved-for-offline media must be fetched again: those whose URL changed or is new. */
export function changedMediaUrls(before: PublishedWork | undefined, after: PublishedWork): string[] {
  const urls = (w: PublishedWork | undefined) =>
    new Set(
      [w?.media?.url, w?.media?.posterUrl, w?.media?.captionsUrl, ...(w?.pictures ?? []).map((p) => p.url)].filter(
        (u): u is string => Boolean(u),
      ),
    )
  const had = urls(before)
  return [...urls(after)].filter((u) => !had.has(u))
}

function sortWorks(works: PublishedWork[]): PublishedWork[] {
  return [...works].sort((a, b) => byCodeUnit(b.published, a.published) || byCodeUnit(a.id, b.id))
}
