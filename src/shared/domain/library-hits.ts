import type { BuiltBase } from '../schemas/base.ts'
import type { ExpertSummary } from '../schemas/expert.ts'
import type { PublicEvent } from '../schemas/events.ts'
import type { BuiltGuide } from '../schemas/guide.ts'
import type { SearchGroup, SearchHit } from '../schemas/search.ts'
import type { ThemeDay } from '../schemas/theme-day.ts'
import type { WorkSummary } from '../schemas/work.ts'
import { LIBRARY_KINDS, type LibraryKind, type LibraryResults } from './library-index.ts'
import { PROVINCES } from './provinces.ts'

/**
 * What a search result row shows for each kind, built the same way by the server (GET /api/search)
 * and by the phone offline, so both answers look alike.
 */

const same = (text: string) => ({ zh: text, en: text })
const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' · ')

export function baseHit(base: Pick<BuiltBase, 'id' | 'name' | 'province' | 'city'>): SearchHit {
  const place = base.city && base.city !== base.province ? `${base.province}${base.city}` : base.province
  const en = PROVINCES.find((p) => p.zh === base.province)?.en ?? base.province
  return { kind: 'base', id: base.id, title: base.name, detail: { zh: place, en }, date: null }
}

export function workHit(work: Pick<WorkSummary, 'id' | 'title' | 'summary' | 'published'>): SearchHit {
  return { kind: 'work', id: work.id, title: work.title, detail: work.summary, date: work.published }
}

export function eventHit(event: Pick<PublicEvent, 'id' | 'title' | 'start' | 'base'>): SearchHit {
  return {
    kind: 'event',
    id: event.id,
    title: same(event.title),
    detail: event.base.name,
    date: event.start.slice(0, 10),
  }
}

export function expertHit(expert: Pick<ExpertSummary, 'id' | 'name' | 'title' | 'institution'>): SearchHit {
  const line = joined(expert.title, expert.institution)
  return { kind: 'expert', id: expert.id, title: same(expert.name), detail: line ? same(line) : null, date: null }
}

export function themeDayHit(day: Pick<ThemeDay, 'id' | 'name' | 'sortKey'>): SearchHit {
  return { kind: 'theme-day', id: day.id, title: day.name, detail: null, date: null }
}

export function guideHit(guide: Pick<BuiltGuide, 'id' | 'title' | 'summary'>): SearchHit {
  return { kind: 'guide', id: guide.id, title: guide.title, detail: guide.summary, date: null }
}

/**
 * The index's answer as groups of rows, in the order of LIBRARY_KINDS; `hitOf` finds a row's
 * thing by kind and id (null when it is gone since the index was built: the row is left out).
 */
export function searchGroups(
  results: LibraryResults,
  hitOf: (kind: LibraryKind, id: string) => SearchHit | null,
): SearchGroup[] {
  return LIBRARY_KINDS.flatMap((kind) => {
    const hits = results.hits[kind].flatMap((h) => {
      const hit = hitOf(kind, h.id)
      return hit ? [hit] : []
    })
    return hits.length > 0 ? [{ kind, total: Math.max(results.totals[kind], hits.length), hits }] : []
  })
}
